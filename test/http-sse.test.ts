import type { AddressInfo } from 'node:net';
import { createGatedActivities } from './fixtures/gated-activities';
import { pauseUpdate, resumeSignal } from '../src';
import { generations, steps } from './fixtures/control-workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';
import { EventStreamClient, type SseFrame } from './support/event-stream';
import {
  createTestApi,
  ALICE_OWNS,
  aliceWorkflowId,
  KEYS,
  OpenApiChecker,
  type ApiResponse,
} from './support/http';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

interface Server {
  base: string;
  gates: Gates;
  taskQueue: string;
  checker: OpenApiChecker;
  /** A request over the socket, checked against `/openapi.json`. */
  fetchJson: (method: 'GET' | 'POST', path: string, body?: unknown, key?: string) => Promise<ApiResponse>;
  /** Opens the event stream of `workflowId` as alice; checks the response head against `/openapi.json`. */
  stream: (workflowId: string, lastEventId?: string) => Promise<EventStreamClient>;
}

/** Runs `body` with the API listening on a random loopback port, and a worker. */
async function withServer(body: (server: Server) => Promise<void>): Promise<void> {
  const gates = new Gates();
  const taskQueue = harness.taskQueue();
  const app = createTestApi(harness.env.client, taskQueue, { sseKeepAliveMs: 25 });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const document = (await (
      await fetch(`${base}/openapi.json`, { headers: { 'x-api-key': KEYS.alice } })
    ).json()) as never;
    const checker = new OpenApiChecker(document);
    const fetchJson: Server['fetchJson'] = async (method, path, requestBody, key = KEYS.alice) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          'x-api-key': key,
          ...(requestBody === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: requestBody === undefined ? undefined : JSON.stringify(requestBody),
      });
      const result: ApiResponse = {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: await response.json(),
      };
      checker.check(method, path, result);
      return result;
    };
    const stream: Server['stream'] = async (workflowId, lastEventId) => {
      const path = `/api/v1/stream/sse?workflow_id=${workflowId}`;
      const client = await EventStreamClient.open(`${base}${path}`, {
        'x-api-key': KEYS.alice,
        ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
      });
      checker.check('GET', path, {
        status: client.response.statusCode ?? 0,
        headers: client.response.headers,
        body: undefined,
      });
      return client;
    };
    const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
    await worker.runUntil(
      body({ base, gates, taskQueue, checker, fetchJson, stream }).finally(() =>
        ['step-1', 'step-2'].forEach((label) => gates.open(label)),
      ),
    );
  } finally {
    await app.close();
  }
}

/** `[seq, type]` of frames, after checking each against the `ControlEvent` schema and its `id`. */
function summary(checker: OpenApiChecker, frames: SseFrame[]): Array<[number, string, string | undefined]> {
  return frames.map((frame) => {
    const event = JSON.parse(frame.data ?? 'null') as { seq: number; type: string; checkpoint?: string };
    checker.checkComponent('ControlEvent', event);
    expect(frame.id).toBe(String(event.seq));
    expect(frame.event).toBe(event.type);
    return [event.seq, event.type, event.checkpoint];
  });
}

describe('GET /api/v1/stream/sse over a real socket', () => {
  it('streams pausing, paused (after the activity) and resumed; a reconnect gets exactly the missed events; it ends after completion', async () => {
    await withServer(async ({ gates, checker, fetchJson, stream }) => {
      const submitted = await fetchJson('POST', '/api/v1/tasks', { workflow: 'steps', input: 2 });
      expect(submitted.status).toBe(202);
      const taskId = (submitted.body as { task_id: string }).task_id;
      harness.track(aliceWorkflowId(taskId));
      await gates.started('step-1');

      const live = await stream(taskId);
      expect(live.response.headers['content-type']).toMatch(/^text\/event-stream/);
      expect((await fetchJson('POST', `/api/v1/tasks/${taskId}/pause`, { reason: 'review' })).status).toBe(
        202,
      );
      expect(summary(checker, [await live.next()])).toEqual([[1, 'workflow.pausing', undefined]]);
      // Parked only once the activity in flight finished.
      gates.open('step-1');
      expect(summary(checker, [await live.next()])).toEqual([[2, 'workflow.paused', 'after_step_1']]);
      expect((await fetchJson('GET', `/api/v1/tasks/${taskId}/control-state`)).body).toMatchObject({
        status: 'paused',
      });
      expect(await live.comment()).toBe('keep-alive');

      expect((await fetchJson('POST', `/api/v1/tasks/${taskId}/resume`, { input: 'go' })).status).toBe(202);
      expect(summary(checker, [await live.next()])).toEqual([[3, 'workflow.resumed', 'after_step_1']]);
      live.close();
      await live.ended;

      // While nobody listens the task completes; a reconnect after seq 1 gets 2, 3 and 4, once each, then the end.
      gates.open('step-2');
      expect(await harness.env.client.workflow.getHandle(aliceWorkflowId(taskId)).result()).toEqual([
        'done step-1',
        'input go',
        'done step-2',
      ]);
      const again = await stream(taskId, '1');
      expect(summary(checker, await again.rest())).toEqual([
        [2, 'workflow.paused', 'after_step_1'],
        [3, 'workflow.resumed', 'after_step_1'],
        [4, 'workflow.completed', undefined],
      ]);
      // After the terminal event there is nothing more.
      expect(summary(checker, await (await stream(taskId, '4')).rest())).toEqual([]);
    });
  });

  it('streams one sequence across two continue-as-news, from any Last-Event-ID', async () => {
    await withServer(async ({ gates, checker, stream, taskQueue }) => {
      const handle = await harness.start(generations, { taskQueue, args: [1, 3], memo: ALICE_OWNS });
      await gates.started('generation-1');
      await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'across runs' }] });
      ['generation-1', 'generation-2', 'generation-3'].forEach((label) => gates.open(label));
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      await handle.signal(resumeSignal);
      expect(await harness.env.client.workflow.getHandle(handle.workflowId).result()).toBe(3);

      // Run 1 recorded seq 1, run 2 seq 2 and 3, run 3 none: the stream is still 1, 2, 3, 4.
      const whole: Array<[number, string, string | undefined]> = [
        [1, 'workflow.pausing', undefined],
        [2, 'workflow.paused', 'pre_execution'],
        [3, 'workflow.resumed', 'pre_execution'],
        [4, 'workflow.completed', undefined],
      ];
      expect(summary(checker, await (await stream(handle.workflowId)).rest())).toEqual(whole);
      for (const lastEventId of [1, 2, 3]) {
        const resumed = await stream(handle.workflowId, String(lastEventId));
        expect(summary(checker, await resumed.rest())).toEqual(whole.slice(lastEventId));
      }
    });
  });

  it('ends a live stream after the terminal event', async () => {
    await withServer(async ({ gates, checker, fetchJson, stream, taskQueue }) => {
      const handle = await harness.start(steps, { taskQueue, args: [1], memo: ALICE_OWNS });
      const live = await stream(handle.workflowId);
      gates.open('step-1');
      await handle.result();
      expect(summary(checker, await live.rest())).toEqual([[1, 'workflow.completed', undefined]]);
      expect((await fetchJson('GET', `/api/v1/tasks/${handle.workflowId}`)).body).toMatchObject({
        status: 'completed',
      });
    });
  });

  it('answers auth and ownership errors as JSON before streaming', async () => {
    await withServer(async ({ base, checker, taskQueue }) => {
      const handle = await harness.start(steps, { taskQueue, args: [1], memo: ALICE_OWNS });
      const path = `/api/v1/stream/sse?workflow_id=${handle.workflowId}`;
      for (const [key, status, error] of [
        ['nope', 401, 'Unauthorized'],
        [KEYS.bob, 403, 'Forbidden'],
        [KEYS.eve, 404, 'Task not found'],
      ] as const) {
        const response = await fetch(`${base}${path}`, { headers: { 'x-api-key': key } });
        const body: unknown = await response.json();
        checker.check('GET', path, {
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body,
        });
        expect({ status: response.status, body }).toEqual({ status, body: { error } });
      }
      await handle.terminate();
    });
  });
});
