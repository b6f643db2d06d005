import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { decodeOptionalSinglePayload } from '../src/common/payloads';
import { createGatedActivities } from './fixtures/gated-activities';
import { steps } from './fixtures/control-workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';
import { ALICE_OWNS, aliceWorkflowId, createApiCaller, createTestApi, KEYS } from './support/http';
import { countWorkflowServiceCalls } from './support/rpc-count';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

/** What each update the workflow completed answered, from its history. */
async function updateAnswers(handle: WorkflowHandle): Promise<unknown[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const outcomes = events.flatMap(
    (event) => event.workflowExecutionUpdateCompletedEventAttributes?.outcome ?? [],
  );
  return Promise.all(
    outcomes.map((outcome) =>
      decodeOptionalSinglePayload(
        harness.env.client.options.loadedDataConverter,
        outcome.success?.payloads?.[0],
      ),
    ),
  );
}

describe('one round trip to Temporal per control request', () => {
  it('pauses, refuses, resumes and reads the control state in one call each; a closed task costs more', async () => {
    const gates = new Gates();
    const taskQueue = harness.taskQueue();
    const app = createTestApi(harness.env.client, taskQueue);
    const counter = countWorkflowServiceCalls(harness.env.client);
    try {
      const { call } = await createApiCaller(app, KEYS.alice);
      const as = (key: string) => ({ as: key });
      const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
      await worker.runUntil(async () => {
        const taskId = `task-${randomUUID()}`;
        const handle = await harness.start(steps, {
          taskQueue,
          args: [2],
          memo: ALICE_OWNS,
          workflowId: aliceWorkflowId(taskId),
        });
        await gates.started('step-1');
        const url = (action: string) => `/api/v1/tasks/${taskId}/${action}`;
        const measured = async (request: () => Promise<{ status: number }>) => {
          counter.take();
          const { status } = await request();
          return { status, calls: counter.take() };
        };
        const update = ['updateWorkflowExecution'];

        expect(await measured(() => call('POST', url('pause'), { body: { reason: 'r' } }))).toEqual({
          status: 202,
          calls: update,
        });
        expect(await measured(() => call('POST', url('pause')))).toEqual({ status: 409, calls: update });
        expect(await measured(() => call('POST', url('pause'), as(KEYS.bob)))).toEqual({
          status: 403,
          calls: update,
        });
        expect(await measured(() => call('GET', url('control-state')))).toEqual({
          status: 200,
          calls: ['queryWorkflow'],
        });
        expect(await measured(() => call('GET', url('control-state'), as(KEYS.bob)))).toEqual({
          status: 403,
          calls: ['queryWorkflow'],
        });
        gates.open('step-1');
        await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
        expect(await measured(() => call('POST', url('resume'), { body: {} }))).toEqual({
          status: 202,
          calls: update,
        });
        expect(await measured(() => call('POST', url('resume'), { body: {} }))).toEqual({
          status: 409,
          calls: update,
        });
        gates.open('step-2');
        await handle.result();
        // The 202 is fixed: the pause and the resume it answered shipped no state back.
        expect(await updateAnswers(handle)).toEqual([undefined, undefined]);
        // Closed: the update's own error says so; how it closed takes one describe.
        expect(await measured(() => call('POST', url('pause')))).toEqual({
          status: 409,
          calls: ['updateWorkflowExecution', 'describeWorkflowExecution'],
        });
        // Its memo summary dates from the park; the resume after it is read from the history
        // (where it is derived from the update): the run's first event, then the rest.
        const history = 'getWorkflowExecutionHistory';
        expect(await measured(() => call('GET', url('control-state')))).toEqual({
          status: 200,
          calls: ['queryWorkflow', 'describeWorkflowExecution', history, history],
        });
        expect((await call('GET', url('control-state'))).body).toMatchObject({
          status: 'running',
          is_paused: false,
          checkpoint: 'after_step_1',
          last_event_seq: 3,
        });
      });
    } finally {
      counter.stop();
      await app.close();
    }
  });

  it('answers another tenant with 404 from the workflow itself, and never acts for it', async () => {
    const taskQueue = harness.taskQueue();
    const app = createTestApi(harness.env.client, taskQueue);
    try {
      const { call } = await createApiCaller(app, KEYS.eve);
      const worker = await harness.createWorker(taskQueue, {
        activities: createGatedActivities(new Gates()),
      });
      await worker.runUntil(async () => {
        // Started outside the API under a bare id, owned by alice of tenant acme.
        const handle = await harness.start(steps, { taskQueue, args: [1], memo: ALICE_OWNS });
        const url = (action: string) => `/api/v1/tasks/${handle.workflowId}/${action}`;
        for (const action of ['pause', 'resume', 'cancel']) {
          expect((await call('POST', url(action))).body).toEqual({ error: 'Task not found' });
        }
        expect((await call('GET', url('control-state'))).status).toBe(404);
        expect(await handle.query<{ status: string }>('controlState')).toMatchObject({
          status: 'running',
        });
        await handle.terminate('done');
      });
    } finally {
      await app.close();
    }
  });

  it('replays every history the file produced', async () => {
    expect(await harness.replayAll()).toBeGreaterThan(0);
  });
});
