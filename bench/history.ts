/**
 * The history figures of `npm run bench`: events a run never paused adds
 * (against the same workflow without the library), events added by
 * checkpoints, by a parked workflow, by a pause timeout, and by a
 * pause/resume cycle through signals and through updates beside the floor
 * (two bare signals, the least any workflow-side design can add), all on
 * the time-skipping server.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle, WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { pauseSignal, pauseUpdate, resumeSignal, resumeUpdate } from '../src';
import { CONTROL_EVENT_MEMO_KEY } from '../src/common/memo';
import { benchWorker, type Figure } from './support';
import {
  bareIdler,
  checkpointedSequence,
  checkpoints,
  finishSignal,
  idler,
  noopSignal,
  sequence,
} from './workflows';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** How a cycle sends its pause and resume. */
type Channel = 'signal' | 'update';

/** Activities of the never-paused runs compared. */
const UNPAUSED_ACTIVITIES = 10;

/**
 * Measures the history figures on `env` with the workflows of `bundle`, and
 * of `intercepted` (the same workflows, bundled with the interceptors).
 */
export async function historyFigures(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  intercepted: WorkflowBundle,
): Promise<Figure[]> {
  const unpaused = await unpausedRunOverhead(env, bundle, intercepted);
  const { taskQueue, worker } = await benchWorker(env, bundle);
  return worker.runUntil(async () => {
    const start = <T extends Workflow>(workflow: T, args: Parameters<T>): Promise<WorkflowHandle<T>> =>
      env.client.workflow.start(workflow, {
        taskQueue,
        workflowId: `bench-${randomUUID()}`,
        args,
      } as unknown as WorkflowStartOptions<T>);

    // Checkpoints passed while running.
    const withCheckpoints = await start(checkpoints, [100, true]);
    const withoutCheckpoints = await start(checkpoints, [100, false]);
    // One at a time: concurrent results on the time-skipping client unbalance
    // the test server's lock count (see resultsOneAtATime in test/support).
    await withCheckpoints.result();
    await withoutCheckpoints.result();
    const eventsWith = await historyLength(withCheckpoints);
    const eventsWithout = await historyLength(withoutCheckpoints);

    // Parked for 30 days, without and with a timeout.
    const parkedWithout = await parkedCosts(env, await start(idler, []), 'signal', undefined, 1);
    const parkedWith = await parkedCosts(env, await start(idler, []), 'signal', '60 days', 1);

    // A run's second pause/resume cycle (its first also decides how readers
    // read the run), through signals and through updates, against two bare signals.
    const [firstBySignal, bySignal] = await parkedCosts(env, await start(idler, []), 'signal', undefined, 2);
    const [, byUpdate] = await parkedCosts(env, await start(idler, []), 'update', undefined, 2);
    const floor = await bareSignalCost(env, await start(bareIdler, []));

    return [
      unpaused,
      {
        id: 'history-events-checkpoints-ratio',
        figure: 'history events, 100 checkpoints passed ÷ none',
        value: eventsWith / eventsWithout,
        goal: '1.000',
        detail: `${eventsWith} ÷ ${eventsWithout}`,
      },
      {
        id: 'history-events-while-parked',
        figure: 'history events added while parked 30 days',
        value: parkedWithout[0].whileParked,
        goal: '0',
        detail: 'no timeout',
      },
      {
        id: 'history-events-pause-timeout',
        figure: 'history events a pause timeout adds (60-day timeout, parked 30 days)',
        value: parkedWith[0].cycleEvents - parkedWithout[0].cycleEvents,
        goal: '2',
        detail: `while parked: ${parkedWith[0].whileParked}; timer started + cancelled at resume`,
      },
      {
        id: 'history-events-per-cycle-signal',
        figure: 'history events per pause/resume cycle, signals',
        value: bySignal.cycleEvents,
        goal: '≤ 9',
        detail: `two bare signals add ${floor}; pause signal → next activity scheduled; the run's second cycle`,
      },
      {
        id: 'history-events-first-cycle-extra',
        figure: "history events a run's first pause/resume cycle adds beyond a later one",
        value: firstBySignal.cycleEvents - bySignal.cycleEvents,
        goal: '2',
        detail: `first cycle ${firstBySignal.cycleEvents}, second ${bySignal.cycleEvents}: the marker that says how readers read the run, and the TemporalChangeVersion search attribute the SDK upserts beside it`,
      },
      {
        id: 'history-events-per-cycle-update',
        figure: 'history events per pause/resume cycle, updates',
        value: byUpdate.cycleEvents,
        goal: '≤ 11',
        detail: `two bare signals add ${floor}; each update adds accepted + completed; the run's second cycle`,
      },
      {
        id: 'history-events-per-cycle-floor',
        figure: 'history events of two bare signals (the floor)',
        value: floor,
        goal: 'reference',
        detail: 'a workflow answering two no-op signals, same run',
      },
      {
        id: 'workflow-tasks-pause-to-paused',
        figure: 'workflow tasks, pause request → paused (idle at a checkpoint)',
        value: bySignal.tasksToPaused,
        goal: '1',
        detail: 'WorkflowTaskCompleted events between the signal and workflow.paused',
      },
      {
        id: 'workflow-tasks-resume-to-activity',
        figure: 'workflow tasks, resume → next activity scheduled',
        value: bySignal.tasksToActivity,
        goal: '1',
        detail: 'WorkflowTaskCompleted events between the signal and ActivityTaskScheduled',
      },
    ];
  });
}

/** The events two no-op signals add to an idle workflow; then finishes it. */
async function bareSignalCost(
  env: TestWorkflowEnvironment,
  bare: WorkflowHandle<typeof bareIdler>,
): Promise<number> {
  await env.sleep('1 second');
  const before = await historyLength(bare);
  // Spaced like the cycle's pause and resume, so each signal has its own
  // workflow task: two signals sent back to back can share one.
  await bare.signal(noopSignal);
  await env.sleep('1 second');
  await bare.signal(noopSignal);
  await env.sleep('1 second');
  const added = (await historyLength(bare)) - before;
  await bare.signal(finishSignal);
  await bare.result();
  return added;
}

/** What one pause/resume cycle of an idling workflow added to its history. */
interface CycleCost {
  whileParked: number;
  cycleEvents: number;
  tasksToPaused: number;
  tasksToActivity: number;
}

/**
 * Pauses an idling workflow through `channel`, keeps it parked 30 days and
 * resumes it, `cycles` times; counts each cycle, then finishes the workflow.
 */
async function parkedCosts(
  env: TestWorkflowEnvironment,
  handle: WorkflowHandle<typeof idler>,
  channel: Channel,
  timeout: `${number} days` | undefined,
  cycles: number,
): Promise<CycleCost[]> {
  const costs: CycleCost[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) costs.push(await parkedCost(env, handle, channel, timeout));
  await handle.signal(finishSignal);
  await handle.result();
  return costs;
}

/** One cycle of {@link parkedCosts}. */
async function parkedCost(
  env: TestWorkflowEnvironment,
  handle: WorkflowHandle<typeof idler>,
  channel: Channel,
  timeout: `${number} days` | undefined,
): Promise<CycleCost> {
  await env.sleep('1 second');
  const before = await historyLength(handle);
  const pause = timeout === undefined ? {} : { timeout };
  if (channel === 'signal') await handle.signal(pauseSignal, pause);
  else await handle.executeUpdate(pauseUpdate, { args: [pause] });
  await env.sleep('1 second');
  const parked = await historyLength(handle);
  await env.sleep('30 days');
  const afterParking = await historyLength(handle);
  if (channel === 'signal') await handle.signal(resumeSignal);
  else await handle.executeUpdate(resumeUpdate, { args: [{}] });
  await env.sleep('1 second');
  const events = (await handle.fetchHistory()).events ?? [];
  return { whileParked: afterParking - parked, ...cycleOf(events, before) };
}

/**
 * Events of a run never paused, with the interceptors and explicit
 * checkpoints, minus those of the same activities with no library at all.
 */
async function unpausedRunOverhead(
  env: TestWorkflowEnvironment,
  plain: WorkflowBundle,
  intercepted: WorkflowBundle,
): Promise<Figure> {
  const eventsOf = async (bundle: WorkflowBundle, workflow: typeof sequence): Promise<number> => {
    const { taskQueue, worker } = await benchWorker(env, bundle);
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(workflow, {
        taskQueue,
        workflowId: `bench-${randomUUID()}`,
        args: [UNPAUSED_ACTIVITIES],
      });
      await handle.result();
      return historyLength(handle);
    });
  };
  const withLibrary = await eventsOf(intercepted, checkpointedSequence);
  const withoutLibrary = await eventsOf(plain, sequence);
  return {
    id: 'history-events-unpaused-run-overhead',
    figure: 'history events a run never paused adds (interceptors + explicit checkpoints − no library)',
    value: withLibrary - withoutLibrary,
    goal: '0',
    detail: `${withLibrary} − ${withoutLibrary}; ${UNPAUSED_ACTIVITIES} activities, a checkpoint after each`,
  };
}

/**
 * What one pause/resume cycle added to `events`, counted from index
 * `before` (the history's length when the pause was sent) to the first
 * activity scheduled after the resume.
 */
export function cycleOf(
  events: HistoryEvent[],
  before: number,
): { cycleEvents: number; tasksToPaused: number; tasksToActivity: number } {
  const received = (event: HistoryEvent) =>
    Boolean(
      event.workflowExecutionSignaledEventAttributes ?? event.workflowExecutionUpdateAcceptedEventAttributes,
    );
  const pauseReceived = events.findIndex((event, index) => index >= before && received(event));
  const paused = events.findIndex(
    (event, index) => index >= before && controlEventType(event) === 'workflow.paused',
  );
  const resumeReceived = events.findIndex((event, index) => index > paused && received(event));
  const activity = events.findIndex(
    (event, index) => index > resumeReceived && event.activityTaskScheduledEventAttributes,
  );
  return {
    cycleEvents: activity - before,
    tasksToPaused: countTasks(events, pauseReceived, paused),
    tasksToActivity: countTasks(events, resumeReceived, activity),
  };
}

export function controlEventType(event: HistoryEvent): string | undefined {
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
