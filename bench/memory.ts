/**
 * The memory figures of `npm run bench`, on the dev server: the RSS (and
 * heap) of a worker holding `count` workflows parked at a checkpoint in its
 * sticky cache ÷ the same worker holding `count` plain idle `condition()`
 * workflows, and the rate of pausing and resuming all of them through
 * `TaskControl`. Each worker runs alone in a child process
 * (bench/memory-worker.ts) with the same settings and bundle, and both are
 * measured alike: once quiet and settled, RSS and the heap of the thread
 * that runs the workflows.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { TaskControl } from '../src/client';
import type { Memory } from './memory-worker';
import type { Figure } from './support';
import { bareIdler, idler } from './workflows';

/** How many requests are in flight at once when starting, pausing and resuming. */
const CONCURRENCY = 100;
/** Tries of one pause or resume whose call timed out on a loaded server (it is idempotent by its `requestId`). */
const TRIES = 3;

/** Measures the memory and bulk figures with `count` workflows per worker. */
export async function memoryFigures(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  count: number,
  snapshotDir?: string,
): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-memory-'));
  const codePath = path.join(dir, 'workflows.js');
  writeFileSync(codePath, bundle.code);
  const address = env.connection.options.address;
  try {
    const plain = await withWorker(address, codePath, count, async (taskQueue, worker) => {
      await inBatches(count, () =>
        env.client.workflow.start(bareIdler, { taskQueue, workflowId: `bench-mem-${randomUUID()}` }),
      );
      const memory = await worker.measure(count);
      if (snapshotDir) await worker.snapshot(path.join(snapshotDir, 'plain'));
      return memory;
    });
    const control = new TaskControl(env.client);
    const parked = await withWorker(address, codePath, count, async (taskQueue, worker) => {
      const ids = Array.from({ length: count }, () => `bench-mem-${randomUUID()}`);
      await inBatches(count, (index) =>
        env.client.workflow.start(idler, { taskQueue, workflowId: ids[index] }),
      );
      const beforePause = await worker.measure(count);
      const pauseSeconds = await timed(() =>
        inBatches(count, (index) => retried((requestId) => control.pause(ids[index], { requestId }))),
      );
      await requireAllPaused(env.client, ids);
      const memory = await worker.measure(count);
      if (snapshotDir) await worker.snapshot(path.join(snapshotDir, 'parked'));
      const resumeSeconds = await timed(() =>
        inBatches(count, (index) => retried((requestId) => control.resume(ids[index], { requestId }))),
      );
      return { beforePause, memory, pauseSeconds, resumeSeconds };
    });
    const size = count >= 1000 ? `${count / 1000}k` : String(count);
    return [
      {
        id: 'parked-memory-ratio-10k',
        figure: `worker RSS, ${size} parked ÷ ${size} plain idle workflows in the sticky cache`,
        value: parked.memory.rss / plain.rss,
        goal: '≤ 1.05',
        detail: memoryDetail(parked.memory, plain, parked.beforePause, count),
      },
      {
        id: 'bulk-pause-per-second-10k',
        figure: `pause of ${size} parked-ready workflows through TaskControl, workflows/s`,
        value: count / parked.pauseSeconds,
        goal: 'report',
        detail: `resume of all: ${(count / parked.resumeSeconds).toFixed(0)}/s; ${CONCURRENCY} requests in flight`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the figure's detail says: where the difference is, and how much of it is there before the pause. */
function memoryDetail(parked: Memory, plain: Memory, beforePause: Memory, count: number): string {
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const perRun = (bytes: number) => `${bytes < 0 ? '' : '+'}${(bytes / count / 1024).toFixed(1)} KiB`;
  const ratio = (a: number, b: number) => (a / b).toFixed(3);
  const workflowHeap = (memory: Memory) => memory.workflowHeap.heapUsed;
  return (
    `RSS ${mib(parked.rss)} vs ${mib(plain.rss)} (${perRun(parked.rss - plain.rss)} per run); ` +
    `workflow-thread heap used ${mib(workflowHeap(parked))} vs ${mib(workflowHeap(plain))} ` +
    `(ratio ${ratio(workflowHeap(parked), workflowHeap(plain))}, ${perRun(workflowHeap(parked) - workflowHeap(plain))} per run), ` +
    `committed ${mib(parked.workflowHeap.heapTotal)} vs ${mib(plain.workflowHeap.heapTotal)}; ` +
    `main-thread array buffers ${mib(parked.arrayBuffers)} vs ${mib(plain.arrayBuffers)}; ` +
    `before the pause RSS ratio ${ratio(beforePause.rss, plain.rss)}; ${count} workflows each`
  );
}

/** A worker process of bench/memory-worker.ts, on a task queue of its own. */
interface WorkerProcess {
  /** The worker's memory once `count` runs are cached, it is quiet and settled. */
  measure(count: number): Promise<Memory>;
  /** Writes heap snapshots of both threads to `<prefix>.main.heapsnapshot` and `<prefix>.workflows.heapsnapshot`. */
  snapshot(prefix: string): Promise<void>;
}

async function withWorker<T>(
  address: string,
  codePath: string,
  count: number,
  body: (taskQueue: string, worker: WorkerProcess) => Promise<T>,
): Promise<T> {
  const taskQueue = `bench-mem-${randomUUID()}`;
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      'ts-node/register/transpile-only',
      // Preloaded so that it runs in the workflow thread too.
      '-r',
      path.join(__dirname, 'thread-memory.ts'),
      path.join(__dirname, 'memory-worker.ts'),
    ],
    {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: address,
        TASK_QUEUE: taskQueue,
        BUNDLE_PATH: codePath,
        MAX_CACHED: String(count + 100),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextAnswer = async <A>(): Promise<A> => {
    const line: IteratorResult<string> = await lines.next();
    if (line.done) throw new Error(`the memory worker exited (${String(await exited)}) before answering`);
    return JSON.parse(line.value) as A;
  };
  try {
    await nextAnswer<{ ready: true }>();
    return await body(taskQueue, {
      measure: async (expected) => {
        child.stdin.write(`measure ${expected}\n`);
        return nextAnswer<Memory>();
      },
      snapshot: async (prefix) => {
        child.stdin.write(`snapshot ${prefix}\n`);
        await nextAnswer<{ main: string; workflows: string }>();
      },
    });
  } finally {
    child.stdin.write('stop\n');
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Runs `task(0 … count-1)` with at most {@link CONCURRENCY} in flight. */
async function inBatches(count: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, lane));
}

/** Sends `request` with one `requestId`, again while its call times out, at most {@link TRIES} times. */
async function retried(request: (requestId: string) => Promise<unknown>): Promise<void> {
  const requestId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      await request(requestId);
      return;
    } catch (error) {
      if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) || attempt >= TRIES) throw error;
    }
  }
}

async function timed(body: () => Promise<void>): Promise<number> {
  const startedAt = performance.now();
  await body();
  return (performance.now() - startedAt) / 1000;
}

/** Checks a sample of the workflows: each must be parked, or the figure means nothing. */
async function requireAllPaused(client: Client, ids: string[]): Promise<void> {
  const control = new TaskControl(client);
  const step = Math.max(1, Math.floor(ids.length / 20));
  for (let index = 0; index < ids.length; index += step) {
    const { status } = await control.state(ids[index]);
    if (status !== 'paused') throw new Error(`workflow ${ids[index]} is ${status}, not paused`);
  }
}
