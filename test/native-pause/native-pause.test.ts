/**
 * Our pause beside Temporal's native workflow pause (`PauseWorkflowExecution`,
 * status `PAUSED`), on a real server that has it: what the API answers, what
 * the event stream says, and how the task ends, for both pauses in both
 * orders, a cancel while the server holds the task, and a pause timeout that
 * runs out while it does.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { finishSignal, type idler } from '../fixtures/control-workflows';
import type { ControlEventType } from '../../src';
import { recordedEvents, waitForEvent } from '../support/control';
import { until } from '../support/fleet-api';
import { useHarness } from '../support/harness';
import { nativePause } from '../support/native-pause-server';
import { withIdler, type Call } from '../support/idler-api';
import { runCli } from '../support/processes';
import { aliceWorkflowId, createApiCaller, createTestApi, KEYS, type ApiResponse } from '../support/http';

const harness = useHarness({
  workflowsPath: require.resolve('../fixtures/control-workflows'),
  server: 'native-pause',
});

/** Temporal's own pause and unpause. */
const native = (action: 'pause' | 'unpause', workflowId: string) =>
  nativePause(harness.env.client, action, workflowId);

/** Resumes the parked task and lets it finish; its stream is `before`, then our resume and the completion. */
async function resumeAndFinish(
  call: Call,
  handle: WorkflowHandle<typeof idler>,
  url: string,
  before: ControlEventType[],
): Promise<void> {
  expect((await call('POST', `${url}/resume`)).status).toBe(202);
  await handle.signal(finishSignal);
  // The idler returns its pause count.
  expect(await handle.result()).toBe(before.filter((type) => type === 'workflow.paused').length);
  expect(await types(handle.workflowId)).toEqual([...before, 'workflow.resumed', 'workflow.completed']);
}

const statusOf = async (handle: WorkflowHandle) => (await handle.describe()).status.name;
const answer = (response: ApiResponse) => ({ status: response.status, body: response.body });
const types = async (workflowId: string) =>
  (await recordedEvents(harness.env.client, workflowId)).map((event) => event.type);

describe('native pause, then our pause', () => {
  it('sends our pause as a signal (202); the task parks at its next checkpoint once unpaused', async () => {
    await withIdler(harness, async (call, handle, url) => {
      await native('pause', handle.workflowId);
      expect(await statusOf(handle)).toBe('PAUSED');

      expect((await call('GET', url)).body).toMatchObject({
        status: 'running',
        server_paused: true,
        control: { status: 'running', is_paused: true, server_paused: true },
      });
      expect(answer(await call('POST', `${url}/pause`, { body: { reason: 'review' } }))).toEqual({
        status: 202,
        body: {
          success: true,
          message:
            'Pause signal sent; the task is paused by the Temporal server and parks at its next checkpoint once released',
          task_id: handle.workflowId,
        },
      });
      expect(answer(await call('POST', `${url}/resume`))).toEqual({
        status: 409,
        body: { error: 'cannot resume server-paused task' },
      });
      const cli = await runCli(['pause', handle.workflowId], {
        TEMPORAL_ADDRESS: harness.env.address,
        TEMPORAL_NAMESPACE: harness.env.client.options.namespace,
      });
      expect({ code: cli.code, output: JSON.parse(cli.stdout) as unknown }).toEqual({
        code: 0,
        output: { workflow_id: handle.workflowId, pause_requested: true, server_paused: true },
      });
      expect(await statusOf(handle)).toBe('PAUSED');

      await native('unpause', handle.workflowId);
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused).toMatchObject({ checkpoint: 'idle', reason: 'review', requested_by: 'alice' });
      expect((await call('GET', `${url}/control-state`)).body).toMatchObject({
        status: 'paused',
        is_paused: true,
        server_paused: false,
        paused_by: 'alice',
      });
      // Our pause was taken by the first workflow task after the server released the task.
      await resumeAndFinish(call, handle, url, [
        'workflow.server_paused',
        'workflow.server_unpaused',
        'workflow.pausing',
        'workflow.paused',
      ]);
    });
  });
});

describe('our park, then native pause', () => {
  it('keeps our pause while the server holds the task; our resume works once unpaused', async () => {
    await withIdler(harness, async (call, handle, url) => {
      // A first pause, over, for the audit list.
      expect((await call('POST', `${url}/pause`, { body: { reason: 'first look' } })).status).toBe(202);
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect((await call('POST', `${url}/resume`)).status).toBe(202);
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.resumed');

      const pause = { reason: 'review', timeout: '1 hour', on_timeout: 'fail' };
      expect((await call('POST', `${url}/pause`, { body: pause })).status).toBe(202);
      const parked = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused', 3);
      const asTheWorkflowSaysIt = (await call('GET', `${url}/control-state`)).body as { history: unknown[] };
      expect(asTheWorkflowSaysIt.history).toEqual([
        expect.objectContaining({ reason: 'first look', requested_by: 'alice', outcome: 'resumed' }),
      ]);
      await native('pause', handle.workflowId);

      // The whole pause, read from the history: who asked, its deadline and its policy.
      const deadline = new Date(Date.parse(parked.timestamp) + 3_600_000).toISOString();
      expect((await call('GET', `${url}/control-state`)).body).toMatchObject({
        status: 'paused',
        is_paused: true,
        server_paused: true,
        checkpoint: 'idle',
        pause_reason: 'review',
        paused_by: 'alice',
        deadline,
        on_timeout: 'fail',
        pause_count: 2,
        history: asTheWorkflowSaysIt.history,
      });
      expect(answer(await call('POST', `${url}/resume`))).toEqual({
        status: 409,
        body: { error: 'cannot resume server-paused task' },
      });

      await native('unpause', handle.workflowId);
      await resumeAndFinish(call, handle, url, [
        'workflow.pausing',
        'workflow.paused',
        'workflow.resumed',
        'workflow.pausing',
        'workflow.paused',
        'workflow.server_paused',
        'workflow.server_unpaused',
      ]);
    });
  });
});

describe('cancel while server-paused', () => {
  it('accepts the cancel, shows it pending, takes a second as already requested; it ends cancelled once released', async () => {
    await withIdler(harness, async (call, handle, url) => {
      await native('pause', handle.workflowId);
      expect(answer(await call('POST', `${url}/cancel`))).toEqual({
        status: 202,
        body: { success: true, message: 'Cancel request sent', task_id: handle.workflowId },
      });
      expect(await statusOf(handle)).toBe('PAUSED');
      expect((await call('GET', `${url}/control-state`)).body).toMatchObject({
        server_paused: true,
        cancel_pending: true,
        is_cancelled: false,
      });
      expect(answer(await call('POST', `${url}/cancel`))).toEqual({
        status: 202,
        body: { success: true, message: 'Cancel already requested', task_id: handle.workflowId },
      });

      await native('unpause', handle.workflowId);
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
      expect(await statusOf(handle)).toBe('CANCELLED');
      expect((await call('GET', url)).body).toMatchObject({
        status: 'cancelled',
        server_paused: false,
        control: { is_paused: false, is_cancelled: true, cancel_pending: false },
      });
      expect(await types(handle.workflowId)).toEqual([
        'workflow.server_paused',
        'workflow.server_unpaused',
        'workflow.cancelled',
      ]);
    });
  });
});

describe('a pause timeout across a native pause', () => {
  it('keeps counting while the server holds the task: past its deadline, it fails once unpaused', async () => {
    await withIdler(harness, async (call, handle, url) => {
      const pause = { timeout: '2 seconds', on_timeout: 'fail' };
      expect((await call('POST', `${url}/pause`, { body: pause })).status).toBe(202);
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      await native('pause', handle.workflowId);
      // The deadline passes while the server holds the task: its timer fires, no workflow task runs.
      await waitForTimerFired(handle);
      expect(await statusOf(handle)).toBe('PAUSED');

      await native('unpause', handle.workflowId);
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
      expect((await call('GET', url)).body).toMatchObject({
        status: 'failed',
        server_paused: false,
        control: { status: 'running', is_paused: false, checkpoint: 'idle' },
      });
      expect(await types(handle.workflowId)).toEqual([
        'workflow.pausing',
        'workflow.paused',
        'workflow.server_paused',
        'workflow.server_unpaused',
        'workflow.failed',
      ]);
    });
  });
});

describe('the list, for a task its pause timeout failed', () => {
  it('shows control status running, and only the running filter finds it', async () => {
    const taskQueue = harness.taskQueue();
    const app = createTestApi(harness.env.client, taskQueue, {
      visibility: true,
      workflows: { idler: 'searchableIdler' },
    });
    try {
      const { call } = await createApiCaller(app, KEYS.alice);
      const worker = await harness.createWorker(taskQueue);
      await worker.runUntil(async () => {
        const taskId = `t-${randomUUID()}`;
        expect(
          (await call('POST', '/api/v1/tasks', { body: { workflow: 'idler', task_id: taskId } })).status,
        ).toBe(202);
        const handle = harness.env.client.workflow.getHandle(aliceWorkflowId(taskId));
        harness.track(handle.workflowId);
        const pause = { timeout: '2 seconds', on_timeout: 'fail' };
        expect((await call('POST', `/api/v1/tasks/${taskId}/pause`, { body: pause })).status).toBe(202);
        const listed = async (filter: string) =>
          ((await call('GET', `/api/v1/tasks?${filter}`)).body as { tasks: Array<Record<string, unknown>> })
            .tasks;
        await until('the parked task listed as paused', async () =>
          (await listed('control_status=paused')).find((candidate) => candidate.task_id === taskId),
        );
        await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);

        const task = await until('the failed task in visibility', async () =>
          (await listed('workflow=idler')).find((candidate) => candidate.workflow_status === 'Failed'),
        );
        expect(task).toMatchObject({ task_id: taskId, control_status: 'running' });
        expect(await listed('control_status=paused')).toEqual([]);
        expect((await listed('control_status=running')).map((candidate) => candidate.task_id)).toEqual([
          taskId,
        ]);
      });
    } finally {
      await app.close();
    }
  });
});

/** Waits, by long-polling the history, for the workflow's first timer to fire. */
async function waitForTimerFired(handle: WorkflowHandle): Promise<void> {
  const client = harness.env.client;
  let nextPageToken: Uint8Array | undefined;
  for (;;) {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId: handle.workflowId },
      waitNewEvent: true,
      nextPageToken,
    });
    if (page.history?.events?.some((event) => event.timerFiredEventAttributes)) return;
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  }
}
