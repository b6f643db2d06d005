/**
 * The pause/resume cycle figures again, on a real Temporal server (the dev
 * server): there the server, not the test server's clock, decides which
 * signals share a workflow task, so each step waits for the history to show
 * that the workflow has handled it before the next request is sent.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { pauseSignal, pauseUpdate, resumeSignal, resumeUpdate } from '../src';
import { controlEventType, cycleOf } from './history';
import { benchWorker, type Figure } from './support';
import { bareIdler, finishSignal, idler, noopSignal } from './workflows';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** How long one step may take before the figure gives up. */
const STEP_TIMEOUT_MS = 30_000;

/** Measures the cycle figures on the dev server `env` with the workflows of `bundle`. */
export async function devServerCycleFigures(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
): Promise<Figure[]> {
  const { taskQueue, worker } = await benchWorker(env, bundle);
  return worker.runUntil(async () => {
    const options = () => ({ taskQueue, workflowId: `bench-${randomUUID()}` });
    const bySignal = await cycleEvents(await env.client.workflow.start(idler, options()), 'signal');
    const byUpdate = await cycleEvents(await env.client.workflow.start(idler, options()), 'update');
    const floor = await floorEvents(await env.client.workflow.start(bareIdler, options()));
    const detail = `two bare signals add ${floor} on the same server`;
    return [
      {
        id: 'history-events-per-cycle-signal-dev-server',
        figure: 'history events per pause/resume cycle, signals, dev server',
        value: bySignal,
        goal: '≤ 9',
        detail,
      },
      {
        id: 'history-events-per-cycle-update-dev-server',
        figure: 'history events per pause/resume cycle, updates, dev server',
        value: byUpdate,
        goal: '≤ 11',
        detail,
      },
      {
        id: 'history-events-per-cycle-floor-dev-server',
        figure: 'history events of two bare signals (the floor), dev server',
        value: floor,
        goal: 'reference',
        detail: 'each signal waited for before the next is sent',
      },
    ];
  });
}

/**
 * The second pause/resume cycle of an idling workflow through `channel`
 * (the first also decides how readers read the run), counted as in
 * bench/history.ts.
 */
async function cycleEvents(
  handle: WorkflowHandle<typeof idler>,
  channel: 'signal' | 'update',
): Promise<number> {
  await oneCycle(handle, channel);
  const events = await oneCycle(handle, channel);
  await handle.signal(finishSignal);
  await handle.result();
  return events;
}

async function oneCycle(handle: WorkflowHandle<typeof idler>, channel: 'signal' | 'update'): Promise<number> {
  const before = (await historyOnceIdle(handle)).length;
  if (channel === 'signal') await handle.signal(pauseSignal, {});
  else await handle.executeUpdate(pauseUpdate, { args: [{}] });
  await historyWhere(handle, (events) =>
    events.slice(before).some((event) => controlEventType(event) === 'workflow.paused'),
  );
  if (channel === 'signal') await handle.signal(resumeSignal);
  else await handle.executeUpdate(resumeUpdate, { args: [{}] });
  // Once the activity after the resume has completed, the workflow idles again for the next cycle.
  const events = await historyWhere(handle, (history) =>
    history.slice(before).some((event) => event.activityTaskCompletedEventAttributes),
  );
  return cycleOf(events, before).cycleEvents;
}

/** The events two no-op signals add to an idle workflow, each handled before the next is sent. */
async function floorEvents(handle: WorkflowHandle<typeof bareIdler>): Promise<number> {
  const before = (await historyOnceIdle(handle)).length;
  await handle.signal(noopSignal);
  const afterFirst = (await historyOnceIdle(handle, before)).length;
  await handle.signal(noopSignal);
  const events = await historyOnceIdle(handle, afterFirst);
  await handle.signal(finishSignal);
  await handle.result();
  return events.length - before;
}

/**
 * The history once it has grown past `length` events and the workflow is
 * idle: a workflow task completed there and none is scheduled after it.
 */
function historyOnceIdle(handle: WorkflowHandle, length = 0): Promise<HistoryEvent[]> {
  return historyWhere(handle, (events) => {
    const lastIndex = (has: (event: HistoryEvent) => unknown) =>
      events.reduce((found, event, index) => (has(event) ? index : found), -1);
    const completed = lastIndex((event) => event.workflowTaskCompletedEventAttributes);
    const scheduled = lastIndex((event) => event.workflowTaskScheduledEventAttributes);
    return events.length > length && completed >= length && completed > scheduled;
  });
}

/** Reads the history until `done` holds for it (a bench may poll; the server offers no wait on this). */
async function historyWhere(
  handle: WorkflowHandle,
  done: (events: HistoryEvent[]) => boolean,
): Promise<HistoryEvent[]> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    if (done(events)) return events;
    if (Date.now() > deadline)
      throw new Error(`Workflow ${handle.workflowId}: its history did not get there`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
