/**
 * Measures how long the Maven-fetched test server takes to accept
 * connections after it is spawned (the SDK waits at most 5 s), over several
 * cold starts, and prints the median and the worst.
 *
 * Run: npm run bench:test-server [-- <starts>]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ensureTestServer, freePort, waitForPort } from '../src/testing';

async function main(): Promise<void> {
  const starts = Number(process.argv[2] ?? 5);
  const server = await ensureTestServer();
  if (server.source === 'sdk-download') throw new Error(`No local test server: ${server.reason}`);
  const timesMs: number[] = [];
  for (let index = 0; index < starts; index++) {
    const port = await freePort();
    const startedAt = process.hrtime.bigint();
    const child = spawn(server.path, [String(port)], { stdio: 'ignore' });
    await waitForPort(port, 10_000);
    timesMs.push(Number(process.hrtime.bigint() - startedAt) / 1e6);
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  const sorted = [...timesMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const worst = sorted.at(-1) ?? NaN;
  console.log(`test server ${server.version ?? ''} at ${server.path}`);
  console.log(
    `start-up to accepting connections over ${starts} cold starts (ms): ${timesMs.map((t) => t.toFixed(0)).join(', ')}`,
  );
  console.log(`median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms (the SDK allows 5000 ms)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
