/**
 * The control API's own cost per pause request, without Temporal: the API
 * over a client whose update answers at once, so that what is timed is the
 * HTTP server, the key check, the body checks and the JSON, plus the
 * bench's HTTP client in the same process (an upper bound of the API's
 * share). The figures of bench/http.ts set it beside a real update.
 */
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { ControlState } from '../src';
import { createControlApi, hashApiKey, SCOPES } from '../src/http';
import { postJson } from './http-client';
import type { Figure } from './support';

const KEY = 'sk_bench_0123456789';
/** What the stub's update answers: a task that has just been asked to pause. */
const PAUSING: ControlState = {
  status: 'pausing',
  inFlightActivities: 0,
  pauseCount: 1,
  totalPausedMs: 0,
  lastEventSeq: 1,
  history: [],
  children: [],
};

/** `requests` pauses through the API one at a time over a kept-alive connection, after as many uncounted. */
export async function httpOverheadFigure(requests: number): Promise<Figure> {
  let updates = 0;
  const client = {
    options: { namespace: 'default' },
    // The API runs each request's Temporal calls within its deadline.
    withDeadline: <T>(_deadline: number, call: () => Promise<T>) => call(),
    workflow: {
      getHandle: () => ({
        executeUpdate: () => {
          updates++;
          return Promise.resolve(PAUSING);
        },
      }),
    },
  } as unknown as Client;
  const app = createControlApi({
    client,
    taskQueue: 'bench',
    auth: {
      keys: [{ key_hash: hashApiKey(KEY), user_id: 'bench', tenant_id: 'bench', scopes: [...SCOPES] }],
    },
    rateLimit: false,
    dashboard: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  try {
    for (let index = 0; index < 2 * requests; index++) {
      const startedAt = performance.now();
      const { status, body } = await postJson(agent, `${base}/api/v1/tasks/task-${index}/pause`, KEY, {
        request_id: `request-${index}`,
      });
      if (status !== 202) throw new Error(`pause answered ${status}: ${body}`);
      if (index >= requests) times.push(performance.now() - startedAt);
    }
  } finally {
    agent.destroy();
    await app.close();
  }
  if (updates !== 2 * requests) throw new Error(`expected ${2 * requests} updates, the stub saw ${updates}`);
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  return {
    id: 'http-pause-overhead-us',
    figure: 'HTTP pause through the API over a stub client, p50 (µs)',
    value: Math.round(at(50) * 1000),
    goal: 'report',
    detail: `p99 ${Math.round(at(99) * 1000)} µs over ${requests} requests one at a time; client and API in one process`,
  };
}
