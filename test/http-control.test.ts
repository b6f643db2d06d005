import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { createGatedActivities } from './fixtures/gated-activities';
import { failing, steps } from './fixtures/control-workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';
import {
  ALICE_OWNS,
  aliceWorkflowId,
  createApiCaller,
  createTestApi,
  KEYS,
  type ApiResponse,
} from './support/http';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

interface Context {
  taskQueue: string;
  gates: Gates;
  call: Awaited<ReturnType<typeof createApiCaller>>['call'];
  /** Starts `steps(count)` owned by alice. */
  start(count: number): Promise<WorkflowHandle<typeof steps>>;
}

/** Runs `body` with an API and a worker on a fresh task queue whose activities wait at gates. */
async function withApi(body: (context: Context) => Promise<void>): Promise<void> {
  const gates = new Gates();
  const taskQueue = harness.taskQueue();
  const app = createTestApi(harness.env.client, taskQueue);
  try {
    const { call } = await createApiCaller(app, KEYS.alice);
    const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
    const start: Context['start'] = (count) =>
      harness.start(steps, { taskQueue, args: [count], memo: ALICE_OWNS });
    // Open gates at the end: an activity left in flight would hold back the test server's clock.
    await worker.runUntil(body({ taskQueue, gates, call, start }).finally(() => openAll(gates)));
  } finally {
    await app.close();
  }
}

function openAll(gates: Gates): void {
  for (const label of ['step-1', 'step-2']) gates.open(label);
}

const pause = (context: Context, id: string, body?: unknown, as?: string) =>
  context.call('POST', `/api/v1/tasks/${id}/pause`, { body, as });
const resume = (context: Context, id: string, body?: unknown) =>
  context.call('POST', `/api/v1/tasks/${id}/resume`, { body });
const cancel = (context: Context, id: string) => context.call('POST', `/api/v1/tasks/${id}/cancel`);
const error = (message: string) => ({ error: message });

function expectResponse(response: ApiResponse, status: number, body: unknown): void {
  expect({ status: response.status, body: response.body }).toEqual({ status, body });
}

describe('POST /api/v1/tasks/{id}/pause', () => {
  it('accepts a pause (202), then refuses another while pausing and while paused (409)', async () => {
    await withApi(async (context) => {
      const handle = await context.start(2);
      await context.gates.started('step-1');
      const accepted = await pause(context, handle.workflowId, {
        reason: 'review',
        request_id: 'r-1',
        timeout: '7 days',
      });
      expectResponse(accepted, 202, {
        success: true,
        message: 'Pause signal sent',
        task_id: handle.workflowId,
      });
      const pausing = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.pausing');
      expect(pausing).toMatchObject({ reason: 'review', requested_by: 'alice' });

      expectResponse(
        await pause(context, handle.workflowId, { reason: 'again' }),
        409,
        error('task is already paused'),
      );
      context.gates.open('step-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expectResponse(await pause(context, handle.workflowId), 409, error('task is already paused'));
      // The same request id again is an idempotent success.
      expectResponse(await pause(context, handle.workflowId, { reason: 'review', request_id: 'r-1' }), 202, {
        success: true,
        message: 'Pause signal sent',
        task_id: handle.workflowId,
      });
    });
  });

  it('accepts a pause with no body at all, and with an empty JSON body', async () => {
    await withApi(async (context) => {
      const first = await context.start(1);
      await context.gates.started('step-1');
      expect((await pause(context, first.workflowId)).status).toBe(202);
      const second = await context.start(1);
      const empty = await context.call('POST', `/api/v1/tasks/${second.workflowId}/pause`, {
        rawBody: '',
        headers: { 'content-type': 'application/json' },
      });
      expect(empty.status).toBe(202);
    });
  });

  it('rejects bad bodies with 400 and the shared validation message', async () => {
    await withApi(async (context) => {
      const handle = await context.start(1);
      const id = handle.workflowId;
      expectResponse(
        await pause(context, id, { reason: 'x'.repeat(1001) }),
        400,
        error('Expected `reason` to be at most 1000 characters, got 1001'),
      );
      expectResponse(
        await pause(context, id, { reason: 5 }),
        400,
        error('Expected `reason` to be a string, got `5` (number)'),
      );
      expectResponse(
        await pause(context, id, { timeout: -5 }),
        400,
        error('Expected `timeout` to be a positive duration of at most 100000 weeks, got `-5` (number)'),
      );
      expectResponse(
        await pause(context, id, { timeout: 6.1e13 }),
        400,
        error(
          'Expected `timeout` to be a positive duration of at most 100000 weeks, got `61000000000000` (number)',
        ),
      );
      const years = await pause(context, id, { timeout: '3 years' });
      expect(years.status).toBe(400);
      expect((years.body as { error: string }).error).toBe(
        'Expected `timeout` to be a duration such as `7 days` or `90s` (at most 5 digits, units `ms` to `weeks`)',
      );
      expectResponse(
        await pause(context, id, { on_timeout: 'explode' }),
        400,
        error("Expected `on_timeout` to be one of 'resume', 'fail', 'cancel', got `explode` (string)"),
      );
      expectResponse(
        await pause(context, id, { request_id: 7 }),
        400,
        error('Expected `request_id` to be a string, got `7` (number)'),
      );
      expectResponse(
        await pause(context, id, [1, 2]),
        400,
        error('Expected the pause request to be an object, got an array'),
      );
      expectResponse(
        await pause(context, id, { reasons: 'typo' }),
        400,
        error('Unexpected field `reasons` in the request body'),
      );
      expectResponse(await pause(context, `wf-${randomUUID()}`), 404, error('Task not found'));
      // None of these reached the workflow.
      expect((await context.call('GET', `/api/v1/tasks/${id}/control-state`)).body).toMatchObject({
        status: 'running',
      });
    });
  });

  it('refuses to pause a completed task (409)', async () => {
    await withApi(async (context) => {
      const handle = await context.start(0);
      await handle.result();
      expectResponse(await pause(context, handle.workflowId), 409, error('cannot pause completed task'));
      expectResponse(await resume(context, handle.workflowId), 409, error('cannot resume completed task'));
      expectResponse(await cancel(context, handle.workflowId), 409, error('cannot cancel completed task'));
    });
  });

  it('refuses to pause a failed task (409)', async () => {
    await withApi(async (context) => {
      const handle = await harness.start(failing, { taskQueue: context.taskQueue, memo: ALICE_OWNS });
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
      expectResponse(await pause(context, handle.workflowId), 409, error('cannot pause failed task'));
      expectResponse(await resume(context, handle.workflowId), 409, error('cannot resume failed task'));
    });
  });

  it('refuses to pause a cancelled task (409)', async () => {
    await withApi(async (context) => {
      const handle = await context.start(1);
      await context.gates.started('step-1');
      expectResponse(await cancel(context, handle.workflowId), 202, {
        success: true,
        message: 'Cancel request sent',
        task_id: handle.workflowId,
      });
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
      expectResponse(await pause(context, handle.workflowId), 409, error('cannot pause cancelled task'));
      expectResponse(await cancel(context, handle.workflowId), 409, error('cannot cancel cancelled task'));
      const state = await context.call('GET', `/api/v1/tasks/${handle.workflowId}/control-state`);
      expect(state.body).toMatchObject({ is_cancelled: true, is_paused: false });
    });
  });

  it('refuses to pause a terminated task (409)', async () => {
    await withApi(async (context) => {
      const handle = await context.start(1);
      await context.gates.started('step-1');
      await handle.terminate('test');
      expectResponse(await pause(context, handle.workflowId), 409, error('cannot pause terminated task'));
      const status = await context.call('GET', `/api/v1/tasks/${handle.workflowId}`);
      expect(status.body).toMatchObject({ status: 'terminated', close_time: expect.any(String) as unknown });
    });
  });
});

describe('resume, cancel, control state and task status', () => {
  it('resumes a paused task (202) and refuses a needless resume (409)', async () => {
    await withApi(async (context) => {
      const handle = await context.start(1);
      await context.gates.started('step-1');
      expectResponse(await resume(context, handle.workflowId), 409, error('task is not paused'));
      await pause(context, handle.workflowId, { reason: 'look' });
      context.gates.open('step-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');

      const state = await context.call('GET', `/api/v1/tasks/${handle.workflowId}/control-state`);
      expect(state.status).toBe(200);
      expect(state.body).toMatchObject({
        status: 'paused',
        is_paused: true,
        is_cancelled: false,
        checkpoint: 'after_step_1',
        pause_reason: 'look',
        paused_by: 'alice',
        paused_at: expect.any(String) as unknown,
        in_flight_activities: 0,
        pause_count: 1,
      });

      expectResponse(
        await resume(context, handle.workflowId, { input: 5 }),
        400,
        error('Invalid resume `input`: expected a string'),
      );
      expectResponse(await resume(context, handle.workflowId, { input: 'go' }), 202, {
        success: true,
        message: 'Resume signal sent',
        task_id: handle.workflowId,
      });
      expect(await handle.result()).toEqual(['done step-1', 'input go']);
      const resumed = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.resumed');
      expect(resumed.requested_by).toBe('alice');

      const status = await context.call('GET', `/api/v1/tasks/${handle.workflowId}`);
      expect(status.body).toMatchObject({
        task_id: handle.workflowId,
        workflow: 'steps',
        workflow_type: 'steps',
        status: 'completed',
        control: { status: 'running', is_paused: false, last_event_seq: 3 },
      });
    });
  });

  it('cancels a paused task (202): it ends cancelled', async () => {
    await withApi(async (context) => {
      const handle = await context.start(2);
      await context.gates.started('step-1');
      await pause(context, handle.workflowId);
      context.gates.open('step-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect((await cancel(context, handle.workflowId)).status).toBe(202);
      const cancelled = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.cancelled');
      expect(cancelled).toMatchObject({ checkpoint: 'after_step_1', was_paused: true });
      expect((await handle.describe()).status.name).toBe('CANCELLED');
    });
  });

  it('reports a running task with its control state', async () => {
    await withApi(async (context) => {
      const handle = await context.start(1);
      await context.gates.started('step-1');
      const status = await context.call('GET', `/api/v1/tasks/${handle.workflowId}`);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        task_id: handle.workflowId,
        run_id: (await handle.describe()).runId,
        status: 'running',
        close_time: null,
        control: { status: 'running', is_paused: false, pause_count: 0 },
      });
    });
  });

  it('submits a task owned by the caller; a taken id is 409 and an unknown workflow 400', async () => {
    await withApi(async (context) => {
      const taskId = `task-${randomUUID()}`;
      const submitted = await context.call('POST', '/api/v1/tasks', {
        body: { workflow: 'steps', input: 1, task_id: taskId },
      });
      expectResponse(submitted, 202, { success: true, task_id: taskId, workflow: 'steps' });
      harness.track(aliceWorkflowId(taskId));
      await context.gates.started('step-1');
      expect((await context.call('GET', `/api/v1/tasks/${taskId}`, { as: KEYS.bob })).status).toBe(403);
      expect((await context.call('GET', `/api/v1/tasks/${taskId}`, { as: KEYS.eve })).status).toBe(404);
      expectResponse(
        await context.call('POST', '/api/v1/tasks', {
          body: { workflow: 'steps', input: 1, task_id: taskId },
        }),
        409,
        error('task already exists'),
      );
      context.gates.open('step-1');
      expect(await harness.env.client.workflow.getHandle(aliceWorkflowId(taskId)).result()).toEqual([
        'done step-1',
      ]);
      expectResponse(
        await context.call('POST', '/api/v1/tasks', { body: { workflow: 'steps', task_id: taskId } }),
        409,
        error('task already exists'),
      );

      expectResponse(
        await context.call('POST', '/api/v1/tasks', { body: { workflow: 'mine' } }),
        400,
        error("Expected `workflow` to be one of 'steps'"),
      );
      expectResponse(
        await context.call('POST', '/api/v1/tasks', { body: {} }),
        400,
        error('Expected `workflow` in the request body'),
      );
      const generated = await context.call('POST', '/api/v1/tasks', {
        body: { workflow: 'steps', input: 0 },
      });
      expect(generated.body).toMatchObject({
        success: true,
        task_id: expect.stringMatching(/^steps-/) as unknown,
        workflow: 'steps',
      });
      const generatedId = (generated.body as { task_id: string }).task_id;
      harness.track(aliceWorkflowId(generatedId));
      expect(await harness.env.client.workflow.getHandle(aliceWorkflowId(generatedId)).result()).toEqual([]);
    });
  });

  it('replays every history the file produced', async () => {
    expect(await harness.replayAll()).toBeGreaterThan(0);
  });
});
