/**
 * The control of a task that answers no query (closed, or held paused by
 * the Temporal server): the summary in its memo, brought up to date with the
 * events readers derive after it (pauses and resumes the memo does not
 * record, and the close of the run), and the control state its history
 * reads to.
 *
 * Node zone.
 *
 * @module
 */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { CONTROL_STATE_MEMO_KEY, type ControlSummary } from '../common/memo';
import { summaryAfter } from '../control/summary';
import type { MachineState } from '../control/state';
import { readControlEventsAndState } from './events';

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
  return { summary: summaryAfter(recorded, events), state };
}
