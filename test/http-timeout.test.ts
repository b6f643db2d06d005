import { WorkflowFailedError } from '@temporalio/client';
import { sleeper } from './fixtures/control-workflows';
import { waitForEvent } from './support/control';
import { useHarness } from './support/harness';
import { withIdler } from './support/idler-api';
import { ALICE_OWNS, createApiCaller, createTestApi, KEYS } from './support/http';

// A file of its own: the Java test server skips time only while no workflow
// or activity task is outstanding anywhere on it, so a time-skipping test is
// kept apart from tests that leave tasks behind.
const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

describe('POST /api/v1/tasks/{id}/pause on a timed out task', () => {
  it('refuses to pause a timed out task (409)', async () => {
    const taskQueue = harness.taskQueue();
    const app = createTestApi(harness.env.client, taskQueue);
    try {
      const { call } = await createApiCaller(app, KEYS.alice);
      const worker = await harness.createWorker(taskQueue);
      await worker.runUntil(async () => {
        const handle = await harness.start(sleeper, {
          taskQueue,
          memo: ALICE_OWNS,
          workflowExecutionTimeout: '1 minute',
        });
        // Waiting for the result skips time to the execution timeout.
        await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
        expect((await handle.describe()).status.name).toBe('TIMED_OUT');
        const response = await call('POST', `/api/v1/tasks/${handle.workflowId}/pause`);
        expect({ status: response.status, body: response.body }).toEqual({
          status: 409,
          body: { error: 'cannot pause timed out task' },
        });
      });
    } finally {
      await app.close();
    }
  });
});

describe('a task closed while paused', () => {
  it('reports the pause as ended in its body and control state once its pause timeout failed it', async () => {
    await withIdler(harness, async (call, handle, url) => {
      const pause = { timeout: '2 seconds', on_timeout: 'fail' };
      expect((await call('POST', `${url}/pause`, { body: pause })).status).toBe(202);
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      // Waiting for the result skips time to the pause deadline.
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);

      const ended = { status: 'running', is_paused: false, checkpoint: 'idle', server_paused: false };
      const task = await call('GET', url);
      expect(task.body).toMatchObject({ status: 'failed', control: ended });
      expect((await call('GET', `${url}/control-state`)).body).toMatchObject(ended);
    });
  });

  it('reports the pause as ended once terminated while paused', async () => {
    await withIdler(harness, async (call, handle, url) => {
      expect((await call('POST', `${url}/pause`)).status).toBe(202);
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      await handle.terminate('operator');

      const task = await call('GET', url);
      expect(task.body).toMatchObject({
        status: 'terminated',
        control: { status: 'running', is_paused: false, checkpoint: 'idle' },
      });
    });
  });
});
