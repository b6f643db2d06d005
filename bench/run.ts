/**
 * `npm run bench`: the library's overhead in figures, each a count or a ratio
 * measured side by side in one run on the time-skipping test server (absolute
 * times on a shared machine are noise). Prints a table and writes
 * `bench/results/latest.json`.
 *
 * Options: `--workflows N` (throughput run, default 500), `--activities N`
 * (per workflow, default 10), `--http-workflows N` (idle workflows the HTTP
 * figures pause, default 20), `--http-rounds N` (default 10), `--chunk-ms N`
 * (one chunk of the long activity of the drain figures, default 100).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import { pauseSignal, resumeSignal } from '../src';
import { CONTROL_EVENT_MEMO_KEY } from '../src/common/memo';
import { createDevServerEnvironment, createTimeSkippingEnvironment, locateTemporalCli } from '../src/testing';
import { bulkPauseFigure } from './bulk';
import { httpFigures, type HttpBenchSizes } from './http';
import { interruptFigures } from './interrupt';
import { benchWorker, type Figure } from './support';
import { bareIdler, checkpoints, finishSignal, idler, noopSignal, sequence, sleeper } from './workflows';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workflows: { type: 'string', default: '500' },
      activities: { type: 'string', default: '10' },
      'http-workflows': { type: 'string', default: '20' },
      'http-rounds': { type: 'string', default: '10' },
      'chunk-ms': { type: 'string', default: '100' },
    },
  });
  const workflowCount = Number(values.workflows);
  const activityCount = Number(values.activities);
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
  try {
    // First: figure 7 compares event timestamps with the wall clock, which
    // the 30-day parks of the history figures move forward.
    const http = await httpFiguresOnBestServer(env, plain, {
      workflows: Number(values['http-workflows']),
      rounds: Number(values['http-rounds']),
    });
    figures.push(...(await historyFigures(env, plain)), ...http);
    figures.push(...(await interruptFigures(env, plain, Number(values['chunk-ms']))));
    figures.push(await throughputFigure(env, plain, intercepted, workflowCount, activityCount));
  } finally {
    await env.teardown();
  }
  figures.push(await timeSkippingFigure(plain));
  const bulk = await bulkPauseFigure();
  if (bulk) figures.push(bulk);
  printTable(figures);
  const outDir = path.resolve(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'latest.json');
  writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), figures }, null, 2));
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

/**
 * Figures 6 and 7 on the Temporal CLI dev server where one was built (a real
 * server: its history long-poll wakes at once), else on the Java test
 * server, whose long-poll can lag an event by up to a second.
 */
async function httpFiguresOnBestServer(
  testServer: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  sizes: HttpBenchSizes,
): Promise<Figure[]> {
  const label = (figures: Figure[], server: string) =>
    figures.map((figure) => ({ ...figure, detail: `${figure.detail}; ${server}` }));
  if (!locateTemporalCli()) return label(await httpFigures(testServer, bundle, sizes), 'Java test server');
  const devServer = await createDevServerEnvironment();
  try {
    return label(await httpFigures(devServer, bundle, sizes), 'Temporal CLI dev server');
  } finally {
    await devServer.teardown();
  }
}

async function historyFigures(env: TestWorkflowEnvironment, bundle: WorkflowBundle): Promise<Figure[]> {
  const { taskQueue, worker } = await benchWorker(env, bundle);
  return worker.runUntil(async () => {
    const start = <T extends Workflow>(workflow: T, args: Parameters<T>): Promise<WorkflowHandle<T>> =>
      env.client.workflow.start(workflow, {
        taskQueue,
        workflowId: `bench-${randomUUID()}`,
        args,
      } as unknown as WorkflowStartOptions<T>);

    // 1. Checkpoints passed while running.
    const withCheckpoints = await start(checkpoints, [100, true]);
    const withoutCheckpoints = await start(checkpoints, [100, false]);
    // One at a time: concurrent results on the time-skipping client unbalance
    // the test server's lock count (see resultsOneAtATime in test/support).
    await withCheckpoints.result();
    await withoutCheckpoints.result();
    const eventsWith = await historyLength(withCheckpoints);
    const eventsWithout = await historyLength(withoutCheckpoints);

    // 2. Parked for 30 days, without and with a timeout.
    const parkedWithout = await parkedCost(env, await start(idler, []), undefined);
    const parkedWith = await parkedCost(env, await start(idler, []), '60 days');

    // 3. A whole pause/resume cycle, against two bare signals.
    const cycle = await parkedCost(env, await start(idler, []), undefined);
    const bare = await start(bareIdler, []);
    await env.sleep('1 second');
    const bareBefore = await historyLength(bare);
    await bare.signal(noopSignal);
    await bare.signal(noopSignal);
    await env.sleep('1 second');
    const bareCycle = (await historyLength(bare)) - bareBefore;
    await bare.signal(finishSignal);

    return [
      {
        figure: 'history events, 100 checkpoints passed ÷ none',
        value: eventsWith / eventsWithout,
        goal: '1.000',
        detail: `${eventsWith} ÷ ${eventsWithout}`,
      },
      {
        figure: 'history events added while parked 30 days',
        value: parkedWithout.whileParked,
        goal: '0',
        detail: 'no timeout',
      },
      {
        figure: 'history events a pause timeout adds (60-day timeout, parked 30 days)',
        value: parkedWith.cycleEvents - parkedWithout.cycleEvents,
        goal: '2',
        detail: `while parked: ${parkedWith.whileParked}; timer started + cancelled at resume`,
      },
      {
        figure: 'history events per pause/resume cycle',
        value: cycle.cycleEvents,
        goal: `floor ${bareCycle}`,
        detail: `two bare signals add ${bareCycle}`,
      },
      {
        figure: 'workflow tasks, pause request → paused (idle at a checkpoint)',
        value: cycle.tasksToPaused,
        goal: '1',
        detail: 'WorkflowTaskCompleted events between the signal and workflow.paused',
      },
      {
        figure: 'workflow tasks, resume → next activity scheduled',
        value: cycle.tasksToActivity,
        goal: '1',
        detail: 'WorkflowTaskCompleted events between the signal and ActivityTaskScheduled',
      },
    ];
  });
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
    figure: 'wall time of a 30-day workflow sleep on the time-skipping server, ms',
    value: Math.round(wallMs),
    goal: 'report',
    detail: `server clock moved ${serverDays.toFixed(2)} days`,
  };
}

/** Pauses an idling workflow, keeps it parked 30 days, resumes it, and counts. */
async function parkedCost(
  env: TestWorkflowEnvironment,
  handle: WorkflowHandle<typeof idler>,
  timeout: `${number} days` | undefined,
): Promise<{ whileParked: number; cycleEvents: number; tasksToPaused: number; tasksToActivity: number }> {
  await env.sleep('1 second');
  const before = await historyLength(handle);
  await handle.signal(pauseSignal, timeout === undefined ? {} : { timeout });
  await env.sleep('1 second');
  const parked = await historyLength(handle);
  await env.sleep('30 days');
  const afterParking = await historyLength(handle);
  await handle.signal(resumeSignal);
  await env.sleep('1 second');
  const events = (await handle.fetchHistory()).events ?? [];
  await handle.signal(finishSignal);
  await handle.result();
  const pauseSignalled = events.findIndex(
    (event, index) => index >= before && event.workflowExecutionSignaledEventAttributes,
  );
  const paused = events.findIndex((event) => controlEventType(event) === 'workflow.paused');
  const resumeSignalled = events.findIndex(
    (event, index) => index > paused && event.workflowExecutionSignaledEventAttributes,
  );
  const activity = events.findIndex(
    (event, index) => index > resumeSignalled && event.activityTaskScheduledEventAttributes,
  );
  return {
    whileParked: afterParking - parked,
    cycleEvents: activity - before,
    tasksToPaused: countTasks(events, pauseSignalled, paused),
    tasksToActivity: countTasks(events, resumeSignalled, activity),
  };
}

async function throughputFigure(
  env: TestWorkflowEnvironment,
  plain: WorkflowBundle,
  intercepted: WorkflowBundle,
  workflowCount: number,
  activityCount: number,
): Promise<Figure> {
  // A plain client: the time-skipping one unlocks and relocks the server's
  // clock around every result, and hundreds at once unbalance its lock count.
  const client = new Client({ connection: env.connection });
  const runOnce = async (bundle: WorkflowBundle): Promise<number> => {
    const { taskQueue, worker } = await benchWorker(env, bundle);
    return worker.runUntil(async () => {
      const startedAt = process.hrtime.bigint();
      const handles = await Promise.all(
        Array.from({ length: workflowCount }, () =>
          client.workflow.start(sequence, {
            taskQueue,
            workflowId: `bench-${randomUUID()}`,
            args: [activityCount],
          }),
        ),
      );
      await Promise.all(handles.map((handle) => handle.result()));
      return Number(process.hrtime.bigint() - startedAt) / 1e9;
    });
  };
  // Alternate the order so that warm-up and drift weigh on both sides alike.
  const withSeconds: number[] = [];
  const withoutSeconds: number[] = [];
  withoutSeconds.push(await runOnce(plain));
  withSeconds.push(await runOnce(intercepted));
  withSeconds.push(await runOnce(intercepted));
  withoutSeconds.push(await runOnce(plain));
  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
  return {
    figure: `worker throughput with interceptors ÷ without (${workflowCount} workflows × ${activityCount} activities)`,
    value: total(withoutSeconds) / total(withSeconds),
    goal: '≥ 0.95',
    detail: `with: ${withSeconds.map((s) => s.toFixed(1)).join(' + ')} s; without: ${withoutSeconds.map((s) => s.toFixed(1)).join(' + ')} s`,
  };
}

function controlEventType(event: HistoryEvent): string | undefined {
  const payload =
    event.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields?.[CONTROL_EVENT_MEMO_KEY];
  if (!payload?.data) return undefined;
  return (JSON.parse(Buffer.from(payload.data).toString('utf8')) as { type: string }).type;
}

function countTasks(events: HistoryEvent[], fromIndex: number, toIndex: number): number {
  return events
    .slice(fromIndex + 1, toIndex + 1)
    .filter((event) => event.workflowTaskCompletedEventAttributes).length;
}

async function historyLength(handle: WorkflowHandle): Promise<number> {
  return (await handle.fetchHistory()).events?.length ?? 0;
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
