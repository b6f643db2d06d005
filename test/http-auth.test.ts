import { randomUUID } from 'node:crypto';
import { developmentKeys, DEVELOPMENT_API_KEY, type ControlApiOptions } from '../src/http';
import { createGatedActivities } from './fixtures/gated-activities';
import { steps } from './fixtures/control-workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';
import { ALICE_OWNS, createApiCaller, createTestApi, KEYS, testKeyConfig } from './support/http';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

type Call = Awaited<ReturnType<typeof createApiCaller>>['call'];

/** Runs `body` with an API and a worker on a fresh task queue; `gates` hold the activities. */
async function withApi(
  body: (call: Call, context: { taskQueue: string; gates: Gates }) => Promise<void>,
  options: Partial<ControlApiOptions> = {},
): Promise<void> {
  const gates = new Gates();
  const taskQueue = harness.taskQueue();
  const app = createTestApi(harness.env.client, taskQueue, {
    auth: { keys: [...testKeyConfig(), ...developmentKeys()] },
    ...options,
  });
  try {
    const { call } = await createApiCaller(app, KEYS.alice);
    const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
    // Open the gate at the end: an activity left in flight would hold back the test server's clock.
    await worker.runUntil(body(call, { taskQueue, gates }).finally(() => gates.open('step-1')));
  } finally {
    await app.close();
  }
}

/** Starts `steps(1)` owned by alice (or by nobody) and waits until its activity runs. */
async function runningTask(taskQueue: string, gates: Gates, owned = true): Promise<string> {
  const handle = await harness.start(steps, { taskQueue, args: [1], ...(owned ? { memo: ALICE_OWNS } : {}) });
  await gates.started('step-1');
  return handle.workflowId;
}

describe('authentication and ownership', () => {
  it('answers 401 for a missing or unknown key, on every route', async () => {
    await withApi(async (call) => {
      const id = `wf-${randomUUID()}`;
      for (const [method, url] of [
        ['POST', `/api/v1/tasks/${id}/pause`],
        ['POST', `/api/v1/tasks/${id}/resume`],
        ['POST', `/api/v1/tasks/${id}/cancel`],
        ['GET', `/api/v1/tasks/${id}/control-state`],
        ['GET', `/api/v1/tasks/${id}`],
        ['POST', '/api/v1/tasks'],
        ['GET', `/api/v1/stream/sse?workflow_id=${id}`],
        ['GET', '/openapi.json'],
      ] as const) {
        for (const as of [null, 'sk_wrong', '']) {
          const response = await call(method, url, { as });
          expect({ method, url, status: response.status, body: response.body }).toEqual({
            method,
            url,
            status: 401,
            body: { error: 'Unauthorized' },
          });
        }
      }
    });
  });

  it("answers 403 for another user's task and for a missing scope, 404 for another tenant's task", async () => {
    await withApi(async (call, { taskQueue, gates }) => {
      const id = await runningTask(taskQueue, gates);
      const forbidden = { status: 403, body: { error: 'Forbidden' } };
      const notFound = { status: 404, body: { error: 'Task not found' } };
      const outcome = async (method: 'GET' | 'POST', url: string, as: string) => {
        const response = await call(method, url, { as });
        return { status: response.status, body: response.body };
      };
      expect(await outcome('POST', `/api/v1/tasks/${id}/pause`, KEYS.bob)).toEqual(forbidden);
      expect(await outcome('GET', `/api/v1/tasks/${id}/control-state`, KEYS.bob)).toEqual(forbidden);
      expect(await outcome('POST', `/api/v1/tasks/${id}/cancel`, KEYS.bob)).toEqual(forbidden);
      expect(await outcome('POST', `/api/v1/tasks/${id}/pause`, KEYS.reader)).toEqual(forbidden);
      expect(await outcome('POST', '/api/v1/tasks', KEYS.reader)).toEqual(forbidden);
      expect(await outcome('POST', `/api/v1/tasks/${id}/pause`, KEYS.eve)).toEqual(notFound);
      expect(await outcome('GET', `/api/v1/tasks/${id}`, KEYS.eve)).toEqual(notFound);
      expect(await outcome('GET', `/api/v1/stream/sse?workflow_id=${id}`, KEYS.eve)).toEqual(notFound);
      expect(await outcome('GET', `/api/v1/tasks/wf-${randomUUID()}`, KEYS.alice)).toEqual(notFound);
      expect(await outcome('POST', `/api/v1/tasks/wf-${randomUUID()}/pause`, KEYS.alice)).toEqual(notFound);
      // The reader holds tasks:read but does not own the task; an admin of the tenant may act on any of its tasks.
      expect((await call('GET', `/api/v1/tasks/${id}/control-state`, { as: KEYS.reader })).status).toBe(403);
      expect((await call('POST', `/api/v1/tasks/${id}/pause`, { as: KEYS.admin })).status).toBe(202);
      expect((await call('GET', `/api/v1/tasks/${id}/control-state`, { as: KEYS.alice })).body).toMatchObject(
        {
          status: 'pausing',
          paused_by: 'root',
        },
      );
      gates.open('step-1');
    });
  });

  it('lets only admin keys act on a task with no recorded owner; the development key is one', async () => {
    await withApi(async (call, { taskQueue, gates }) => {
      const id = await runningTask(taskQueue, gates, false);
      expect((await call('POST', `/api/v1/tasks/${id}/pause`, { as: KEYS.alice })).status).toBe(403);
      expect((await call('POST', `/api/v1/tasks/${id}/pause`, { as: DEVELOPMENT_API_KEY })).status).toBe(202);
      gates.open('step-1');
      await waitForEvent(harness.env.client, id, 'workflow.paused');
      expect((await call('POST', `/api/v1/tasks/${id}/resume`, { as: KEYS.admin })).status).toBe(202);
    });
  });

  it("gives each tenant its own task ids: another tenant's ids can be neither seen, taken nor squatted", async () => {
    await withApi(async (call) => {
      const taskId = `ta-${randomUUID()}`;
      const submit = (as: string) =>
        call('POST', '/api/v1/tasks', { as, body: { workflow: 'steps', input: 0, task_id: taskId } });
      // eve (tenant globex) takes the id first; alice (tenant acme) can still have it.
      expect(await submit(KEYS.eve)).toMatchObject({ status: 202, body: { task_id: taskId } });
      expect(await submit(KEYS.alice)).toMatchObject({ status: 202, body: { task_id: taskId } });
      // A second submission in the same tenant is the only conflict.
      expect(await submit(KEYS.alice)).toMatchObject({ status: 409, body: { error: 'task already exists' } });
      for (const [as, owner] of [
        [KEYS.alice, 'alice'],
        [KEYS.eve, 'eve'],
      ] as const) {
        const status = await call('GET', `/api/v1/tasks/${taskId}`, { as });
        expect({
          owner,
          status: status.status,
          taskId: (status.body as { task_id: string }).task_id,
        }).toEqual({
          owner,
          status: 200,
          taskId,
        });
      }
      const aliceOnly = `ta-${randomUUID()}`;
      expect(
        (await call('POST', '/api/v1/tasks', { body: { workflow: 'steps', input: 0, task_id: aliceOnly } }))
          .status,
      ).toBe(202);
      const unknown = `ta-${randomUUID()}`;
      for (const id of [aliceOnly, unknown]) {
        const response = await call('GET', `/api/v1/tasks/${id}/control-state`, { as: KEYS.eve });
        expect({ status: response.status, body: response.body }).toEqual({
          status: 404,
          body: { error: 'Task not found' },
        });
      }
    });
  });

  it('limits the request rate per key with 429 and Retry-After', async () => {
    await withApi(
      async (call) => {
        const url = `/api/v1/tasks/wf-${randomUUID()}`;
        expect((await call('GET', url)).status).toBe(404);
        expect((await call('GET', url)).status).toBe(404);
        const limited = await call('GET', url);
        expect({ status: limited.status, body: limited.body }).toEqual({
          status: 429,
          body: { error: 'Too many requests' },
        });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        // Another key has its own bucket.
        expect((await call('GET', url, { as: KEYS.bob })).status).toBe(404);
      },
      // The caller's own `/openapi.json` request takes one token.
      { rateLimit: { burst: 3, perSecond: 0.001 } },
    );
  });
});

describe('bad input never gives a 5xx', () => {
  it('answers malformed JSON, wrong types, oversize bodies, odd ids and unknown routes with a 4xx and an error', async () => {
    await withApi(async (call, { taskQueue, gates }) => {
      const id = await runningTask(taskQueue, gates);
      const json = { 'content-type': 'application/json' };
      const cases: Array<[string, Promise<{ status: number; body: unknown }>, number, RegExp]> = [
        [
          'malformed JSON',
          call('POST', `/api/v1/tasks/${id}/pause`, { rawBody: '{"reason":', headers: json }),
          400,
          /Malformed JSON/,
        ],
        [
          'JSON null',
          call('POST', `/api/v1/tasks/${id}/pause`, { rawBody: 'null', headers: json }),
          400,
          /./,
        ],
        [
          'a JSON string',
          call('POST', `/api/v1/tasks/${id}/pause`, { rawBody: '"pause"', headers: json }),
          400,
          /to be an object/,
        ],
        [
          'a number reason',
          call('POST', `/api/v1/tasks/${id}/pause`, { body: { reason: 1 } }),
          400,
          /`reason`/,
        ],
        [
          'an object timeout',
          call('POST', `/api/v1/tasks/${id}/pause`, { body: { timeout: {} } }),
          400,
          /`timeout`/,
        ],
        [
          'a bad resume id',
          call('POST', `/api/v1/tasks/${id}/resume`, { body: { request_id: [] } }),
          400,
          /`request_id`/,
        ],
        [
          'a number workflow',
          call('POST', '/api/v1/tasks', { body: { workflow: 3 } }),
          400,
          /`workflow` to be a string/,
        ],
        [
          'a bad task_id',
          call('POST', '/api/v1/tasks', { body: { workflow: 'steps', task_id: 'a b' } }),
          400,
          /`task_id`/,
        ],
        [
          'an oversize body',
          call('POST', `/api/v1/tasks/${id}/pause`, { body: { reason: 'x'.repeat(20_000) } }),
          413,
          /too large/,
        ],
        [
          'an XML body',
          call('POST', `/api/v1/tasks/${id}/pause`, {
            rawBody: '<pause/>',
            headers: { 'content-type': 'application/xml' },
          }),
          415,
          /application\/json/,
        ],
        ['an id with a space', call('POST', '/api/v1/tasks/a%20b/pause'), 400, /`id`/],
        // A legal id (children's ids hold `/`), of no task.
        ['an id with a slash', call('GET', '/api/v1/tasks/a%2Fb/control-state'), 404, /^Task not found$/],
        ['an id with unicode', call('GET', '/api/v1/tasks/%E2%9C%93'), 400, /`id`/],
        [
          'an id of 256 characters',
          call('POST', `/api/v1/tasks/${'a'.repeat(256)}/pause`),
          400,
          /1-255 characters/,
        ],
        ['a broken escape', call('GET', '/api/v1/tasks/%E0%A4%A'), 400, /./],
        ['no workflow_id', call('GET', '/api/v1/stream/sse'), 400, /`workflow_id`/],
        [
          'a bad Last-Event-ID',
          call('GET', `/api/v1/stream/sse?workflow_id=${id}`, { headers: { 'last-event-id': 'abc' } }),
          400,
          /Last-Event-ID/,
        ],
        ['an unknown route', call('GET', '/api/v2/tasks'), 404, /No route/],
        [
          'an unknown method',
          call('DELETE', `/api/v1/tasks/${id}`),
          405,
          /DELETE is not allowed .*: use GET$/,
        ],
        ['a GET on a POST route', call('GET', `/api/v1/tasks/${id}/pause`), 405, /use POST$/],
      ];
      for (const [what, pending, status, message] of cases) {
        const response = await pending;
        expect({ what, status: response.status }).toEqual({ what, status });
        expect((response.body as { error: string }).error).toMatch(message);
      }
      expect((await call('DELETE', `/api/v1/tasks/${id}`)).headers.allow).toBe('GET');
      expect((await call('PUT', '/api/v1/tasks')).headers.allow).toBe('GET, POST');
      // None of it reached the workflow.
      expect((await call('GET', `/api/v1/tasks/${id}/control-state`)).body).toMatchObject({
        status: 'running',
        last_event_seq: 0,
      });
      gates.open('step-1');
    });
  });
});
