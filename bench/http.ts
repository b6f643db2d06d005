/**
 * Figures 6 and 7 of `npm run bench`: the HTTP pause endpoint beside a direct
 * client update (latency and requests per second, interleaved in one run by
 * a caller process of its own), and SSE delivery time from a transition to
 * the arrival of its frame.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { pauseUpdate, resumeUpdate, type ControlEvent } from '../src';
import { OWNER_MEMO_KEY } from '../src/common/ownership';
import { createControlApi, hashApiKey, SCOPES } from '../src/http';
import { tenantWorkflowId } from '../src/http/routes/task-ids';
import { EventStreamClient } from '../test/support/event-stream';
import type { PauseTimings } from './pause-caller';
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
      const figures = await pauseFigures(env.connection.options.address, base, handles, sizes.rounds);
      figures.push(...(await sseFigures(base, handles.slice(0, sizes.streams), sizes.sseCycles)));
      // Every workflow told first: waiting for a result lets the time-skipping
      // server skip ahead, to the execution timeout of those still idle.
      for (const handle of handles) await handle.signal(finishSignal);
      // One at a time: concurrent results on the time-skipping client unbalance its lock count.
      for (const handle of handles) await handle.result();
      return figures;
    });
  } finally {
    await app.close();
  }
}

/**
 * Figure 6: the caller, a process of its own (bench/pause-caller.ts),
 * pauses the workflows through the API and directly, interleaved; the
 * figures are the p50 latencies and the median burst rates of the two.
 */
async function pauseFigures(
  address: string,
  base: string,
  handles: WorkflowHandle[],
  rounds: number,
): Promise<Figure[]> {
  const { latency, throughput } = await runCaller({
    TEMPORAL_ADDRESS: address,
    API_BASE: base,
    API_KEY: BENCH_KEY,
    TASK_IDS: JSON.stringify(handles.map((handle) => [taskIdOf(handle), handle.workflowId])),
    ROUNDS: String(rounds),
  });
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
        `(median of ${throughput.http.length} bursts each of ${handles.length} concurrent requests, interleaved)`,
    },
  ];
}

/** Runs bench/pause-caller.ts with `env`; its timings. */
async function runCaller(env: Record<string, string>): Promise<PauseTimings> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'pause-caller.ts')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`bench/pause-caller.ts exited with ${code}`);
  return JSON.parse(output) as PauseTimings;
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
  const samples: Array<{ index: number; madeAt: number; receivedAt: number }> = [];
  const receive = async (index: number, type: string, counted: boolean): Promise<void> => {
    const frame = await streams[index].next();
    const event = JSON.parse(frame.data ?? '{}') as ControlEvent;
    if (event.type !== type) throw new Error(`expected ${type}, received ${event.type}`);
    // The frame's arrival, not the moment this loop reads it (after its own update returned).
    if (counted) samples.push({ index, madeAt: Date.parse(event.timestamp), receivedAt: frame.receivedAt });
  };
  try {
    // Every stream at once, each going through its cycles at its own pace.
    await Promise.all(
      handles.map(async (handle, index) => {
        // A first cycle is not counted: the stream's reader may still be catching up with the history.
        for (let cycle = 0; cycle <= cycles; cycle++) {
          await handle.executeUpdate(pauseUpdate, { args: [{ requestId: randomUUID() }] });
          await receive(index, 'workflow.pausing', cycle > 0);
          await receive(index, 'workflow.paused', cycle > 0);
          await handle.executeUpdate(resumeUpdate, { args: [{}] });
          await receive(index, 'workflow.resumed', cycle > 0);
        }
      }),
    );
  } finally {
    for (const stream of streams) stream.close();
  }
  const delays = samples.map((sample) => sample.receivedAt - sample.madeAt);
  // Where the time went: the workflow task that made the transition, until
  // the server recorded its completion; then the server's answer to the
  // history long-poll, the reader and the SSE write.
  const completions = await Promise.all(handles.map(taskCompletionTimes));
  const inTask: number[] = [];
  const afterTask: number[] = [];
  for (const { index, madeAt, receivedAt } of samples) {
    const completedAt = completions[index].find((time) => time >= madeAt) ?? receivedAt;
    inTask.push(completedAt - madeAt);
    afterTask.push(receivedAt - completedAt);
  }
  const over = `over ${delays.length} events on ${handles.length} streams`;
  const parts = (p: number) =>
    `workflow task ${percentile(inTask, p)} ms, task completed → frame ${percentile(afterTask, p)} ms`;
  return [
    {
      id: 'sse-delivery-p50-ms',
      figure: 'SSE delivery, transition → frame received, p50 (ms)',
      value: percentile(delays, 50),
      goal: 'report',
      detail: `${over}; p50 of the parts: ${parts(50)}`,
    },
    {
      id: 'sse-delivery-p99-ms',
      figure: 'SSE delivery, transition → frame received, p99 (ms)',
      value: percentile(delays, 99),
      goal: '≤ 100',
      detail: `max ${Math.max(...delays)} ms ${over}; p99 of the parts: ${parts(99)}`,
    },
  ];
}

/** The times (ms) at which the server recorded the completion of each of the workflow's tasks, in order. */
async function taskCompletionTimes(handle: WorkflowHandle): Promise<number[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? [])
    .filter((event) => event.workflowTaskCompletedEventAttributes)
    .map(
      (event) =>
        Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6),
    );
}

/** The task id the API knows the workflow of `handle` by. */
function taskIdOf(handle: WorkflowHandle): string {
  return handle.workflowId.slice(`${OWNER.tenant_id}/`.length);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
