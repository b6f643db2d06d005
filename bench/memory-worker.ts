/**
 * The worker process of the memory figures (bench/memory.ts): a worker on
 * one task queue, alone in its process so that its RSS is its own. Reads
 * commands on stdin, one a line, and answers on stdout as JSON lines:
 * `measure <n>` waits until `n` workflows sit in the sticky cache with no
 * activation in flight, lets the process settle, then samples its memory
 * (after a collection in both isolates) and answers the median
 * {@link Memory}; `snapshot <prefix>` writes heap snapshots of the main and
 * the workflow thread (`<prefix>.main.heapsnapshot`, `<prefix>.workflows.heapsnapshot`); `stop` shuts the worker down. Says `{"ready":true}` once polling.
 * Run it with `--expose-gc -r bench/thread-memory.ts`.
 *
 * Environment: `TEMPORAL_ADDRESS`, `TASK_QUEUE`, `BUNDLE_PATH` (the code of a
 * bundle of bench/workflows.ts), `MAX_CACHED` (the sticky cache size).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeHeapSnapshot } from 'node:v8';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { snapshotWorkflowThread, workflowThreadHeap, type ThreadHeap } from './thread-memory';
import { requiredEnv } from './child-env';

/** What `measure` answers, in bytes. */
export interface Memory {
  rss: number;
  /** Anonymous (allocated) and file-backed resident memory, from `/proc/self/status`. */
  rssAnon: number;
  rssFile: number;
  /** The main thread's heap: the worker's bookkeeping, not the workflows. */
  mainHeapUsed: number;
  external: number;
  arrayBuffers: number;
  /** The workflow thread's heap: the workflows' own state. */
  workflowHeap: ThreadHeap;
  cached: number;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: requiredEnv('TASK_QUEUE'),
    workflowBundle: { codePath: requiredEnv('BUNDLE_PATH') },
    activities: { work: (index: number): Promise<number> => Promise.resolve(index) },
    maxCachedWorkflows: Number(requiredEnv('MAX_CACHED')),
  });
  const running = worker.run();
  const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  answer({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, argument] = line.trim().split(' ');
    if (command === 'measure') {
      await quiet(worker, Number(argument));
      answer(await settledMemory(worker));
    } else if (command === 'snapshot') {
      const workflows = await snapshotWorkflowThread(`${argument}.workflows.heapsnapshot`);
      answer({ main: writeHeapSnapshot(`${argument}.main.heapsnapshot`), workflows });
    } else if (command === 'stop') {
      worker.shutdown();
      break;
    }
  }
  await running;
  await connection.close();
}

/** Waits until `expected` runs are cached and no activation is in flight. */
async function quiet(worker: Worker, expected: number): Promise<void> {
  for (;;) {
    const status = worker.getStatus();
    if (status.numCachedWorkflows >= expected && status.numInFlightWorkflowActivations === 0) return;
    await sleep(100);
  }
}

/**
 * How a measurement waits once the worker is quiet: V8 gives back the young
 * generation it grew during a burst a few seconds later, so both workers are
 * sampled alike, after the same wait, and the median sample is taken.
 */
const SETTLE_MS = 5_000;
const SAMPLES = 3;
const SAMPLE_GAP_MS = 2_000;

async function settledMemory(worker: Worker): Promise<Memory> {
  await sleep(SETTLE_MS);
  const samples: Memory[] = [];
  for (let index = 0; index < SAMPLES; index++) {
    if (index > 0) await sleep(SAMPLE_GAP_MS);
    samples.push(await measure(worker));
  }
  samples.sort((a, b) => a.rss - b.rss);
  return samples[Math.floor(SAMPLES / 2)];
}

async function measure(worker: Worker): Promise<Memory> {
  const workflowHeap = await workflowThreadHeap();
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  const usage = process.memoryUsage();
  const status = procStatus();
  return {
    rss: usage.rss,
    rssAnon: status.RssAnon ?? 0,
    rssFile: status.RssFile ?? 0,
    mainHeapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    workflowHeap,
    cached: worker.getStatus().numCachedWorkflows,
  };
}

/** The `kB` lines of `/proc/self/status`, in bytes (empty where there is no `/proc`). */
function procStatus(): Record<string, number> {
  try {
    const lines = readFileSync('/proc/self/status', 'utf8').split('\n');
    const entries = lines.flatMap((line) => {
      const match = /^(\w+):\s+(\d+) kB$/.exec(line);
      return match ? [[match[1], Number(match[2]) * 1024] as const] : [];
    });
    return Object.fromEntries(entries);
  } catch {
    return {};
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
