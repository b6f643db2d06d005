/**
 * What the API answers when Temporal fails under it, on real dev servers:
 * a server that is gone, a visibility query the server cannot run, and
 * tasks whose worker is restarting (their queries wait for a worker that
 * has not come back, then replay). Every failure of Temporal's is a 503
 * with `Retry-After` or a 400, never a 500.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { pauseUpdate } from '../../src';
import { startEmbeddedServer } from '../../app/embedded-server';
import { idler } from '../fixtures/control-workflows';
import { waitForEvent } from '../support/control';
import { useHarness } from '../support/harness';
import {
  aliceWorkflowId,
  ALICE_OWNS,
  createApiCaller,
  createTestApi,
  KEYS,
  temporalRouteAnswers,
  unavailableAnswers,
} from '../support/http';

const harness = useHarness({
  workflowsPath: require.resolve('../fixtures/control-workflows'),
  server: 'dev',
});

const RESTARTED_TASKS = 10;

describe('when Temporal fails under the API', () => {
  it('answers every route that calls Temporal with 503 and Retry-After once its server is gone', async () => {
    const server = await startEmbeddedServer({ dataDir: undefined, port: 0, uiPort: 0 });
    const connection = await Connection.connect({ address: server.address });
    const app = createTestApi(new Client({ connection }), harness.taskQueue(), { visibility: true });
    try {
      const { call } = await createApiCaller(app, KEYS.admin);
      await server.stop();
      expect(await temporalRouteAnswers(call)).toEqual(unavailableAnswers());
    } finally {
      await app.close();
      await connection.close();
      await server.stop();
    }
  }, 120_000);

  it('answers a batch query the server cannot run with 400 and its reason', async () => {
    const app = createTestApi(harness.env.client, harness.taskQueue(), { visibility: true });
    const { call } = await createApiCaller(app, KEYS.admin);
    const union = await call('POST', '/api/v1/batches', {
      body: { action: 'resume', query: "a='1' UNION SELECT 1" },
    });
    expect(union.status).toBe(400);
    expect(union.body).toEqual({
      error: expect.stringMatching(
        /^Invalid query `a='1' UNION SELECT 1`: the server cannot run it \(/,
      ) as unknown,
    });
    await app.close();
  });

  it('answers control-state with 503 while a restarted worker is away, then 200, never 500', async () => {
    const taskQueue = harness.taskQueue();
    const app = createTestApi(harness.env.client, taskQueue);
    const { call } = await createApiCaller(app, KEYS.alice);
    const taskIds = Array.from({ length: RESTARTED_TASKS }, () => `restart-${randomUUID()}`);
    const before = await harness.createWorker(taskQueue);
    await before.runUntil(async () => {
      const handles = await Promise.all(
        taskIds.map((taskId) =>
          harness.start(idler, { taskQueue, workflowId: aliceWorkflowId(taskId), memo: ALICE_OWNS }),
        ),
      );
      await Promise.all(handles.map((handle) => handle.executeUpdate(pauseUpdate, { args: [{}] })));
      for (const handle of handles)
        await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
    });

    const stateOf = (taskId: string) => call('GET', `/api/v1/tasks/${taskId}/control-state`);
    // No worker: the queries wait for one until the request's deadline.
    const away = await Promise.all(taskIds.map(stateOf));
    expect(away.map(({ status, headers }) => [status, headers['retry-after']])).toEqual(
      taskIds.map(() => [503, '5']),
    );

    const after = await harness.createWorker(taskQueue);
    const statuses = await after.runUntil(async () => {
      const seen: number[] = [];
      // The new worker replays each task's history before it answers.
      await Promise.all(
        taskIds.map(async (taskId) => {
          for (;;) {
            const { status, body } = await stateOf(taskId);
            seen.push(status);
            if (status === 200) return expect(body).toMatchObject({ status: 'paused' });
            if (status !== 503) return;
          }
        }),
      );
      return seen;
    });
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(statuses.filter((status) => status === 200)).toHaveLength(RESTARTED_TASKS);
    await app.close();
  }, 180_000);
});
