/**
 * Figures 6 and 7 of `npm run bench`: the HTTP pause endpoint beside a direct
 * client update (latency and requests per second, alternating in one run),
 * and SSE delivery time from a transition to the client's receipt.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { pauseUpdate, resumeUpdate, type ControlEvent } from '../src';
import { createControlApi, hashApiKey, OWNER_MEMO_KEY, SCOPES } from '../src/http';
import { tenantWorkflowId } from '../src/http/task-ids';
import { EventStreamClient } from '../test/support/event-stream';
import { benchWorker, type Figure } from './support';
import { finishSignal, idler } from './workflows';

const BENCH_KEY = 'sk_bench_0123456789';
const OWNER = { user_id: 'bench', tenant_id: 'bench' };

/** Sizes of the HTTP runs. */
export interface HttpBenchSizes {
  /** Idle workflows paused and resumed over and over. */
  workflows: number;
  /** Rounds per path; each pauses every workflow once. */
  rounds: number;
  /** Event streams of the SSE figure (at most `workflows`). */
  streams: number;
  /** Pause/resume cycles per stream of the SSE figure; each makes three events. */
  sseCycles: number;
}

/**
 * Runs figures 6 and 7 against `env`, whose clock must not have been skipped
 * (figure 7 compares the events' own timestamps with the time of receipt).
 */
export async function httpFigures(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  sizes: HttpBenchSizes,
): Promise<Figure[]> {
  const { taskQueue, worker } = await benchWorker(env, bundle);
  const app = createControlApi({
    client: env.client,
    taskQueue,
    auth: { keys: [{ key_hash: hashApiKey(BENCH_KEY), ...OWNER, scopes: [...SCOPES] }] },
    rateLimit: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    return await worker.runUntil(async () => {
      const handles = await Promise.all(
        Array.from({ length: sizes.workflows }, () =>
          env.client.workflow.start(idler, {
            taskQueue,
            // Idle again once a resume is answered: no activity of its own competes with the next request.
            args: [false],
            // In the tenant's id space, as `POST /api/v1/tasks` would start it.
            workflowId: tenantWorkflowId(OWNER.tenant_id, `bench-http-${randomUUID()}`),
            memo: { [OWNER_MEMO_KEY]: OWNER },
          }),
        ),
      );
      const figures = await pauseFigures(base, handles, sizes.rounds);
      figures.push(...(await sseFigures(base, handles.slice(0, sizes.streams), sizes.sseCycles)));
      // One at a time: concurrent results on the time-skipping client unbalance its lock count.
      for (const handle of handles) {
        await handle.signal(finishSignal);
        await handle.result();
      }
      return figures;
    });
  } finally {
    await app.close();
  }
}

type Pause = (handle: WorkflowHandle, requestId: string) => Promise<void>;
type PausePath = 'http' | 'direct';

/**
 * Figure 6, both paths measured interleaved so that load and drift weigh on
 * them alike: latency one request at a time, the paths taking turns request
 * by request (each workflow paused by both in every round); then requests
 * per second, bursts of all workflows at once, the paths taking turns burst
 * by burst. A first round of each is warm-up (connections, compiled
 * schemas, the worker's caches) and not counted.
 */
async function pauseFigures(base: string, handles: WorkflowHandle[], rounds: number): Promise<Figure[]> {
  // Kept-alive connections, one per concurrent request, as the direct
  // client keeps its gRPC connection: a connection per request would be a
  // cost of the bench's client, not of the API.
  const agent = new Agent({ keepAlive: true, maxSockets: handles.length });
  const pauses: Record<PausePath, Pause> = {
    http: async (handle, requestId) => {
      const url = `${base}/api/v1/tasks/${taskIdOf(handle)}/pause`;
      const { status, body } = await postJson(agent, url, { request_id: requestId });
      if (status !== 202) throw new Error(`pause answered ${status}: ${body}`);
    },
    direct: async (handle, requestId) => {
      await handle.executeUpdate(pauseUpdate, { args: [{ requestId }] });
    },
  };
  const resumeAll = () =>
    Promise.all(handles.map((handle) => handle.executeUpdate(resumeUpdate, { args: [{}] })));
  const latency: Record<PausePath, number[]> = { http: [], direct: [] };
  const throughput: Record<PausePath, number[]> = { http: [], direct: [] };
  const timed = async (work: () => Promise<unknown>): Promise<number> => {
    const startedAt = performance.now();
    await work();
    return performance.now() - startedAt;
  };
  try {
    for (let round = 0; round <= rounds; round++) {
      const counted = round > 0;
      for (const pass of [0, 1]) {
        for (const [index, handle] of handles.entries()) {
          const path: PausePath = (index + pass + round) % 2 === 0 ? 'http' : 'direct';
          const ms = await timed(() => pauses[path](handle, randomUUID()));
          if (counted) latency[path].push(ms);
        }
        await resumeAll();
      }
      const order: PausePath[] = round % 2 === 0 ? ['http', 'direct'] : ['direct', 'http'];
      for (const path of order) {
        const ms = await timed(() =>
          Promise.all(handles.map((handle) => pauses[path](handle, randomUUID()))),
        );
        if (counted) throughput[path].push(handles.length / (ms / 1000));
        await resumeAll();
      }
    }
  } finally {
    agent.destroy();
  }
  const httpP50 = percentile(latency.http, 50);
  const directP50 = percentile(latency.direct, 50);
  const httpRate = percentile(throughput.http, 50);
  const directRate = percentile(throughput.direct, 50);
  return [
    {
      id: 'http-pause-latency-ratio',
      figure: 'HTTP pause latency p50 ÷ direct update p50',
      value: httpP50 / directP50,
      goal: '≤ 1.10',
      detail:
        `HTTP p50 ${httpP50.toFixed(1)} ms, p99 ${percentile(latency.http, 99).toFixed(1)} ms; ` +
        `direct p50 ${directP50.toFixed(1)} ms, p99 ${percentile(latency.direct, 99).toFixed(1)} ms ` +
        `(${latency.http.length} requests each, one at a time, interleaved)`,
    },
    {
      id: 'http-pause-rate-ratio',
      figure: 'HTTP pause requests/s ÷ direct updates/s',
      value: httpRate / directRate,
      goal: '≥ 0.90',
      detail:
        `HTTP ${httpRate.toFixed(0)}/s, direct ${directRate.toFixed(0)}/s ` +
        `(median of ${rounds} bursts each of ${handles.length} concurrent requests, interleaved)`,
    },
  ];
}

/** POSTs `body` as JSON with the bench key over `agent`; the status and the body of the answer. */
function postJson(agent: Agent, url: string, body: unknown): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'x-api-key': BENCH_KEY,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * Figure 7: every control event's own timestamp (the time of the workflow
 * task that made the transition) to the moment its SSE frame arrives.
 */
async function sseFigures(base: string, handles: WorkflowHandle[], cycles: number): Promise<Figure[]> {
  const headers = { 'x-api-key': BENCH_KEY };
  const streams = await Promise.all(
    handles.map(async (handle) => {
      // Start after the events of figure 6, so that every frame received is a new one.
      const state = await fetch(`${base}/api/v1/tasks/${taskIdOf(handle)}/control-state`, { headers });
      const { last_event_seq } = (await state.json()) as { last_event_seq: number };
      return EventStreamClient.open(`${base}/api/v1/stream/sse?workflow_id=${taskIdOf(handle)}`, {
        ...headers,
        'last-event-id': String(last_event_seq),
      });
    }),
  );
  const delays: number[] = [];
  const receive = async (stream: EventStreamClient, type: string): Promise<void> => {
    const frame = await stream.next();
    const event = JSON.parse(frame.data ?? '{}') as ControlEvent;
    if (event.type !== type) throw new Error(`expected ${type}, received ${event.type}`);
    // The frame's arrival, not the moment this loop reads it (after its own update returned).
    delays.push(frame.receivedAt - Date.parse(event.timestamp));
  };
  try {
    // Every stream at once, each going through its cycles at its own pace.
    await Promise.all(
      handles.map(async (handle, index) => {
        const stream = streams[index];
        for (let cycle = 0; cycle < cycles; cycle++) {
          await handle.executeUpdate(pauseUpdate, { args: [{ requestId: randomUUID() }] });
          await receive(stream, 'workflow.pausing');
          await receive(stream, 'workflow.paused');
          await handle.executeUpdate(resumeUpdate, { args: [{}] });
          await receive(stream, 'workflow.resumed');
        }
      }),
    );
  } finally {
    for (const stream of streams) stream.close();
  }
  const over = `over ${delays.length} events on ${handles.length} streams`;
  return [
    {
      id: 'sse-delivery-p50-ms',
      figure: 'SSE delivery, transition → frame received, p50 (ms)',
      value: percentile(delays, 50),
      goal: 'report',
      detail: over,
    },
    {
      id: 'sse-delivery-p99-ms',
      figure: 'SSE delivery, transition → frame received, p99 (ms)',
      value: percentile(delays, 99),
      goal: '≤ 100',
      detail: `max ${Math.max(...delays)} ms ${over}`,
    },
  ];
}

/** The task id the API knows the workflow of `handle` by. */
function taskIdOf(handle: WorkflowHandle): string {
  return handle.workflowId.slice(`${OWNER.tenant_id}/`.length);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
