/**
 * The control summary of a task that answers no query (closed, or held
 * paused by the Temporal server): the one in its memo, brought up to date
 * with the events readers derive after it (pauses and resumes the memo does
 * not record, and the close of the run).
 *
 * Node zone.
 *
 * @module
 */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { CONTROL_STATE_MEMO_KEY, type ControlSummary } from '../common/memo';
import type { ControlEvent } from '../common/types';
import { summaryAfter } from '../control/summary';
import { readControlEvents } from './events';

/**
 * The summary of the workflow `description` describes; reads its history
 * after the summary's last event.
 *
 * @example
 * ```ts
 * const summary = await currentSummary(client, 'report-42', await handle.describe());
 * summary?.status; // 'paused'
 * ```
 */
export async function currentSummary(
  client: Client,
  workflowId: string,
  description: WorkflowExecutionDescription,
): Promise<ControlSummary | undefined> {
  const recorded = description.memo?.[CONTROL_STATE_MEMO_KEY] as ControlSummary | undefined;
  const derived: ControlEvent[] = [];
  const reading = { afterSeq: recorded?.lastEventSeq ?? 0, follow: false, latestRunId: description.runId };
  for await (const event of readControlEvents(client, workflowId, reading)) derived.push(event);
  return summaryAfter(recorded, derived);
}
