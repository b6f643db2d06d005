/**
 * The worker process of the memory figures (bench/memory.ts): a worker on
 * one task queue, alone in its process so that its RSS is its own. Reads
 * commands on stdin, one a line, and answers on stdout as JSON lines:
 * `measure <n>` waits until `n` workflows sit in the sticky cache with no
 * activation in flight, collects garbage and answers `{rss, heapUsed}`;
 * `stop` shuts the worker down. Says `{"ready":true}` once polling.
 *
 * Environment: `TEMPORAL_ADDRESS`, `TASK_QUEUE`, `BUNDLE_PATH` (the code of a
 * bundle of bench/workflows.ts), `MAX_CACHED` (the sticky cache size).
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`Expected the environment variable \`${name}\` to be set`);
    return value;
  };
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: env('TASK_QUEUE'),
    workflowBundle: { codePath: env('BUNDLE_PATH') },
    activities: { work: (index: number): Promise<number> => Promise.resolve(index) },
    maxCachedWorkflows: Number(env('MAX_CACHED')),
  });
  const running = worker.run();
  const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  answer({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, argument] = line.trim().split(' ');
    if (command === 'measure') {
      const expected = Number(argument);
      for (;;) {
        const status = worker.getStatus();
        if (status.numCachedWorkflows >= expected && status.numInFlightWorkflowActivations === 0) break;
        await sleep(100);
      }
      const collect = (globalThis as { gc?: () => void }).gc;
      collect?.();
      collect?.();
      const { rss, heapUsed } = process.memoryUsage();
      answer({ rss, heapUsed, cached: worker.getStatus().numCachedWorkflows });
    } else if (command === 'stop') {
      worker.shutdown();
      break;
    }
  }
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
