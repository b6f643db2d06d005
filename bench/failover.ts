/**
 * `npm run bench:failover`: how fast tasks move off a copy of the worker
 * process that dies. Two copies share a dev server; copy A has 10 tasks
 * pausing with their activities in flight and is killed with SIGKILL; the
 * figures are the time until every task is `paused` on copy B and the
 * longest control-state request through B meanwhile, once with the SDK's
 * 10 s sticky-queue timeout (the worker process's setting before it had
 * one) and once with each value of `--sticky-ms` (default the process's
 * default, 3000).
 *
 * Usage: `npm run bench:failover [-- --tasks 10 --sticky-ms 3000,1000]`
 */
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createDevServerEnvironment } from '../src/testing';
import { failover } from '../test/support/failover';

/** The SDK's sticky-queue schedule-to-start timeout, used when a worker sets none. */
const SDK_DEFAULT_STICKY_MS = 10_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: '10' },
      'sticky-ms': { type: 'string', default: '3000' },
    },
  });
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const settings = [SDK_DEFAULT_STICKY_MS, ...values['sticky-ms'].split(',').map(Number)];
  console.log(`failover of ${values.tasks} pausing tasks after a SIGKILL (dev server, two copies)`);
  for (const stickyQueueTimeoutMs of settings) {
    const server = await createDevServerEnvironment();
    try {
      const run = await failover({
        server: { address: server.address, client: server.client },
        stickyQueueTimeoutMs,
        tasks: Number(values.tasks),
      });
      run.b.process.child.kill('SIGTERM');
      await run.b.process.finished;
      const label = `WORKER_STICKY_QUEUE_TIMEOUT_MS=${stickyQueueTimeoutMs}`;
      console.log(`  ${label.padEnd(38)} failover-paused-ms ${run.pausedMs.toFixed(0).padStart(6)}`);
      console.log(
        `  ${label.padEnd(38)} failover-longest-stall-ms ${run.longestStallMs.toFixed(0).padStart(6)} (of ${run.requests} requests)`,
      );
    } finally {
      await server.teardown();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
