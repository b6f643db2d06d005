/**
 * The control of a task that answers no query (closed, or held paused by
 * the Temporal server): the control state its history reads to, and the
 * summary the workflow would write from it (with the pauses and resumes
 * the memo does not record, and the close of the run).
 *
 * Node zone.
 *
 * @module
 */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { CONTROL_STATE_MEMO_KEY, type ControlSummary } from '../common/memo';
import { isClosingEventType } from '../control/closing-event';
import { readerSummary } from '../control/summary';
import type { MachineState } from '../control/state';
import { readControlEventsAndState } from './events';
import { taskLifecycle } from './task-state';

/** What {@link currentControl} reads. */
export interface CurrentControl {
  /** The summary, as describe and list show it. */
  summary: ControlSummary | undefined;
  /**
   * The control state the newest run's history reads to: the whole pause
   * (who asked, its deadline and policy) and the past pauses;
   * `undefined` for a run of a version that did not record it.
   */
  state: MachineState | undefined;
}

/**
 * The control of the workflow `description` describes; reads its newest
 * run's history.
 *
 * @example
 * ```ts
 * const { summary, state } = await currentControl(client, 'report-42', await handle.describe());
 * summary?.status; // 'paused'
 * ```
 */
export async function currentControl(
  client: Client,
  workflowId: string,
  description: WorkflowExecutionDescription,
): Promise<CurrentControl> {
  const recorded = description.memo?.[CONTROL_STATE_MEMO_KEY] as ControlSummary | undefined;
  const reading = { afterSeq: recorded?.lastEventSeq ?? 0, latestRunId: description.runId };
  const { events, state } = await readControlEventsAndState(client, workflowId, reading);
  // Closed as described, or since: the reading ends with the close's event.
  const closed =
    taskLifecycle(description.status.name).state !== 'running' ||
    events.some((event) => isClosingEventType(event.type));
  return { summary: readerSummary(recorded, state, closed), state };
}
