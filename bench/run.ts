/**
 * `npm run bench`: the library's overhead in figures, each a count or a ratio
 * measured side by side in one run (absolute times on a shared machine are
 * noise): history figures on the time-skipping test server; HTTP, SSE,
 * memory and start-up figures on the Temporal CLI dev server. Prints a table
 * and writes `bench/results/latest.json` (`{measuredAt, figures: [{id,
 * value, goal, detail}]}`). Its options are in ./options.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import { createDevServerEnvironment, createTimeSkippingEnvironment, locateTemporalCli } from '../src/testing';
import { bulkPauseFigure } from './bulk';
import { historyFigures } from './history';
import { devServerCycleFigures } from './history-dev-server';
import { httpFigures } from './http';
import { httpOverheadFigure } from './http-overhead';
import { interruptFigures } from './interrupt';
import { memoryFigures } from './memory';
import { restartRecoveryFigures } from './restart-recovery';
import { benchSizes, type BenchSizes, type FigureGroup } from './options';
import { benchWorker, type Figure } from './support';
import { throughputFigure } from './throughput';
import { median, timeWorkerProcess, workerProcessKind } from './worker-process';
import { sleeper } from './workflows';

async function main(): Promise<void> {
  const sizes = benchSizes();
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const quiet = { trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: noop };
  const [env, plain, intercepted] = await Promise.all([
    createTimeSkippingEnvironment(),
    bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quiet }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('./workflows'),
      workflowInterceptorModules: [require.resolve('../src/workflow-interceptors')],
      logger: quiet,
    }),
  ]);
  const figures: Figure[] = [];
  const wanted = (group: FigureGroup) => !sizes.only || sizes.only.has(group);
  try {
    // First: figure 7 compares event timestamps with the wall clock, which
    // the 30-day parks of the history figures move forward.
    const devServerFigures = await figuresOnBestServer(env, plain, sizes, wanted);
    if (wanted('history')) figures.push(...(await historyFigures(env, plain, intercepted)));
    figures.push(...devServerFigures);
    if (wanted('http')) figures.push(await httpOverheadFigure(sizes.httpOverheadRequests));
    if (wanted('drain')) figures.push(...(await interruptFigures(env, plain, sizes.chunkMs)));
    if (wanted('throughput')) {
      figures.push(await throughputFigure(env, plain, intercepted, sizes.throughput));
    }
  } finally {
    await env.teardown();
  }
  if (wanted('time-skipping')) figures.push(await timeSkippingFigure(plain));
  const bulk = wanted('bulk') ? await bulkPauseFigure(sizes.batchTasks) : undefined;
  if (bulk) figures.push(bulk);
  if (wanted('restart')) figures.push(...(await restartRecoveryFigures(sizes.restartTasks)));
  printTable(figures);
  const outDir = path.resolve(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'latest.json');
  const written = figures.map(({ id, value, goal, detail }) => ({ id, value, goal, detail }));
  writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), figures: written }, null, 2));
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

/**
 * The HTTP and SSE figures on the Temporal CLI dev server where one was
 * built (a real server: its history long-poll wakes at once), else on the
 * Java test server, whose long-poll can lag an event by up to a second. The
 * memory and start-up figures need the dev server; without one they are
 * left out, and the table says so.
 */
async function figuresOnBestServer(
  testServer: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  sizes: BenchSizes,
  wanted: (group: FigureGroup) => boolean,
): Promise<Figure[]> {
  const label = (figures: Figure[], server: string) =>
    figures.map((figure) => ({ ...figure, detail: `${figure.detail}; ${server}` }));
  if (!locateTemporalCli()) {
    console.warn('No Temporal CLI built (sh scripts/build-temporal-cli.sh): no memory or start-up figures');
    return wanted('http') ? label(await httpFigures(testServer, bundle, sizes.http), 'Java test server') : [];
  }
  const devServerGroups: FigureGroup[] = ['history', 'http', 'memory', 'ready'];
  if (!devServerGroups.some(wanted)) return [];
  const devServer = await createDevServerEnvironment();
  try {
    const cycles = wanted('history') ? await devServerCycleFigures(devServer, bundle) : [];
    const http = wanted('http') ? await httpFigures(devServer, bundle, sizes.http) : [];
    const memory = wanted('memory')
      ? await memoryFigures(devServer, bundle, sizes.memoryWorkflows, sizes.memorySnapshots)
      : [];
    const address = devServer.connection.options.address;
    const ready = wanted('ready') ? [await workerReadyFigure(address, sizes.readyRuns)] : [];
    return label([...cycles, ...http, ...memory, ...ready], 'Temporal CLI dev server');
  } finally {
    await devServer.teardown();
  }
}

/** Worker process start → its `ready` line, connecting to a running server (no build, no embedded server). */
async function workerReadyFigure(address: string, runs: number): Promise<Figure> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push((await timeWorkerProcess(address)).readyMs);
  return {
    id: 'worker-ready-ms',
    figure: 'worker process spawn → ready line, ms (median)',
    value: Math.round(median(times)),
    goal: 'report',
    detail: `${workerProcessKind()}; runs ${times.map((time) => time.toFixed(0)).join(', ')} ms`,
  };
}

/**
 * The wall time a 30-day workflow sleep takes on the time-skipping server,
 * beside the time its clock moved. The test suite checks only the clock;
 * the wall time belongs here, where load on the machine is a figure, not
 * a failure. A server of its own, as a test file has: the earlier figures
 * leave the shared server's time-skipping lock in a state of their own.
 */
async function timeSkippingFigure(bundle: WorkflowBundle): Promise<Figure> {
  const env = await createTimeSkippingEnvironment();
  let wallMs: number;
  let serverDays: number;
  try {
    const { taskQueue, worker } = await benchWorker(env, bundle);
    const serverBefore = await env.currentTimeMs();
    const wallStart = performance.now();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(sleeper, {
        taskQueue,
        workflowId: `bench-${randomUUID()}`,
        args: [30],
      });
      await handle.result();
    });
    wallMs = performance.now() - wallStart;
    serverDays = ((await env.currentTimeMs()) - serverBefore) / 86_400_000;
  } finally {
    await env.teardown();
  }
  return {
    id: 'time-skipping-30d-wall-ms',
    figure: 'wall time of a 30-day workflow sleep on the time-skipping server, ms',
    value: Math.round(wallMs),
    goal: 'report',
    detail: `server clock moved ${serverDays.toFixed(2)} days`,
  };
}

function printTable(figures: Figure[]): void {
  const width = Math.max(...figures.map((figure) => figure.figure.length));
  console.log(`\n${'figure'.padEnd(width)} | value  | goal   | detail`);
  console.log(`${'-'.repeat(width)}-|--------|--------|-------`);
  for (const figure of figures) {
    const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(3);
    console.log(
      `${figure.figure.padEnd(width)} | ${value.padEnd(6)} | ${figure.goal.padEnd(6)} | ${figure.detail}`,
    );
  }
}

function noop(): void {}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
