/**
 * `npm run bench:contention`: many concurrent pauses of one task through
 * two copies of the worker process on one dev server. Each round sends 20
 * pauses at once, alternating between the copies, to a task whose activity
 * is in flight (exactly one must be accepted), then resumes it. Prints the
 * answers per round, the pause latency (p50, max), and how often the dev
 * server logged "workflow update was aborted" and the workers "Task not
 * found when completing".
 *
 * Usage: `npm run bench:contention [-- --rounds 8 --concurrency 20]`
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { freePort, waitForPort } from '../src/testing/ports';
import { builtCliPath } from '../src/testing/temporal-cli';
import { waitForHistory } from '../test/support/control';
import { call, COPIES_TENANT, deployment, startCopy } from '../test/support/copies';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '8' }, concurrency: { type: 'string', default: '20' } },
  });
  const port = await freePort();
  const server = spawn(
    builtCliPath(),
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port)].concat([
      '--ui-port',
      String(await freePort()),
      '--log-level',
      'warn',
      '--log-format',
      'json',
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let serverLog = '';
  for (const stream of [server.stdout, server.stderr])
    stream.on('data', (chunk) => (serverLog += String(chunk)));
  await waitForPort(port, 30_000);
  const address = `127.0.0.1:${port}`;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const copies = deployment(address);
  // The activities work for ten minutes, so the task stays pausing: every round meets the same state.
  const slow = { ACTIVITY_LATENCY_MS: '600000' };
  const [a, b] = await Promise.all([startCopy(copies, slow), startCopy(copies, slow)]);
  try {
    const taskId = `contention-${randomUUID()}`;
    await call(a, 'POST', '/api/v1/tasks', { workflow: 'research', input: { topic: 'x' }, task_id: taskId });
    await waitForHistory(client, `${COPIES_TENANT}/${taskId}`, (events) =>
      events.some((event) => event.activityTaskScheduledEventAttributes),
    );
    const latencies: number[] = [];
    for (let round = 1; round <= Number(values.rounds); round++) {
      const answers = await Promise.all(
        Array.from({ length: Number(values.concurrency) }, (_, index) =>
          call(index % 2 ? b : a, 'POST', `/api/v1/tasks/${taskId}/pause`, { reason: `round ${round}` }),
        ),
      );
      latencies.push(...answers.map((answer) => answer.ms));
      const statuses = answers.map((answer) => answer.status);
      const resumed = await call(a, 'POST', `/api/v1/tasks/${taskId}/resume`);
      console.log(
        `round ${round}: ${statuses.filter((status) => status === 202).length} × 202, ` +
          `${statuses.filter((status) => status === 409).length} × 409, ` +
          `${statuses.filter((status) => status !== 202 && status !== 409).length} other; resume ${resumed.status}`,
      );
    }
    latencies.sort((x, y) => x - y);
    const p50 = latencies[Math.floor(latencies.length / 2)] ?? NaN;
    console.log(`pause latency: p50 ${p50.toFixed(0)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(0)} ms`);
  } finally {
    for (const copy of [a, b]) copy.process.child.kill('SIGTERM');
    await Promise.all([a, b].map((copy) => copy.process.finished));
    await connection.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  const workerLines = [a, b].flatMap((copy) => copy.process.jsonLines<{ message?: string }>('stderr'));
  const notFound = workerLines.filter((line) => line.message?.includes('Task not found when completing'));
  console.log(
    `dev server "workflow update was aborted": ${serverLog.split('workflow update was aborted').length - 1}`,
  );
  console.log(`workers "Task not found when completing": ${notFound.length}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
