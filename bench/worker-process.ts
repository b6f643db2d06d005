/**
 * Prints how long the worker process takes from spawn to its `ready` line and
 * from SIGTERM to exit (idle, so no activity to drain), median of `RUNS`
 * (default 3) runs, with the embedded server. Runs the built process
 * (`dist/app/main.js`, as `npm start` does) when it exists, else the
 * sources through ts-node.
 *
 * Usage: `npm run build && npx ts-node --transpile-only bench/worker-process.ts`
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../test/support/processes';

const ROOT = path.resolve(__dirname, '..');
const BUILT = path.join(ROOT, 'dist/app/main.js');

/** How the process was run: the built `dist`, or the sources through ts-node. */
export function workerProcessKind(): 'dist' | 'ts-node' {
  return existsSync(BUILT) ? 'dist' : 'ts-node';
}

/**
 * Spawns the worker process once and times it: spawn → `ready` line, and
 * SIGTERM → exit. With `temporalAddress` it connects there (the worker
 * alone is timed); without, it starts an embedded dev server of its own.
 */
export async function timeWorkerProcess(
  temporalAddress?: string,
): Promise<{ readyMs: number; stopMs: number }> {
  const args = existsSync(BUILT) ? [BUILT] : ['-r', 'ts-node/register/transpile-only', 'app/main.ts'];
  // Without an address: an embedded dev server of its own, in memory, on free ports.
  const env = {
    ...process.env,
    PORT: String(await freePort()),
    TEMPORAL_ADDRESS: temporalAddress ?? '',
    TEMPORAL_PORT: '0',
    TEMPORAL_UI_PORT: '0',
    TEMPORAL_DATA_DIR: ':memory:',
  };
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('"event":"ready"')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
  const readyMs = performance.now() - started;
  const stopping = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`worker exited ${code} after SIGTERM`);
  return { readyMs, stopMs: performance.now() - stopping };
}

/** The middle value of `values`. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const runs = Number(process.env.RUNS ?? 3);
  const results = [];
  for (let run = 0; run < runs; run++) results.push(await timeWorkerProcess());
  const format = (values: number[]) =>
    `median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;
  console.log(`worker process (${existsSync(BUILT) ? 'dist' : 'ts-node'}), embedded server, ${runs} runs`);
  console.log(`  spawn → ready:  ${format(results.map((result) => result.readyMs))}`);
  console.log(`  SIGTERM → exit: ${format(results.map((result) => result.stopMs))}`);
}

if (require.main === module) void main();
