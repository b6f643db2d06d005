import { randomUUID } from 'node:crypto';
import { MESSAGES, TEMPORAL_RETRY_AFTER_SECONDS } from '../src/http/errors';
import { unreplayable } from './fixtures/control-workflows';
import { historyLength } from './support/control';
import { useHarness } from './support/harness';
import { ALICE_OWNS, createApiCaller, createTestApi, KEYS } from './support/http';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

describe('control-state of a task whose worker fails the query', () => {
  it('answers 503 with Retry-After, not 500, when the replay the query needs runs out of time', async () => {
    const taskQueue = harness.taskQueue();
    const app = createTestApi(harness.env.client, taskQueue);
    try {
      const { call } = await createApiCaller(app, KEYS.alice);
      // No cache, so the query replays the workflow, and the isolate's execution timeout (5 s)
      // stops that replay, as it stops one held up by garbage collection in a worker whose
      // workflow thread runs short of heap.
      const worker = await harness.createWorker(taskQueue, { maxCachedWorkflows: 0 });
      await worker.runUntil(async () => {
        // Not through harness.start: a history of this workflow cannot be replayed, by design.
        const handle = await harness.env.client.workflow.start(unreplayable, {
          taskQueue,
          workflowId: `unreplayable-${randomUUID()}`,
          memo: ALICE_OWNS,
        });
        // Started, first workflow task completed: any query from now on replays it.
        while ((await historyLength(handle)) < 4) await new Promise(setImmediate);

        const response = await call('GET', `/api/v1/tasks/${handle.workflowId}/control-state`);
        expect({
          status: response.status,
          body: response.body,
          retryAfter: response.headers['retry-after'],
        }).toEqual({
          status: 503,
          body: { error: MESSAGES.taskNotReady },
          retryAfter: String(TEMPORAL_RETRY_AFTER_SECONDS),
        });
        await handle.terminate('test over');
      });
    } finally {
      await app.close();
    }
  });
});
