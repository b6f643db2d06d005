/**
 * Starting a task paused: the memo that makes a new run park at its first
 * checkpoint (`pre_execution` for the demo workflows) before it schedules
 * anything. One `StartWorkflowExecution`, so nothing can run in between.
 *
 * Node zone.
 *
 * @module
 */
import { CONTROL_CARRY_OVER_MEMO_KEY } from '../common/memo';
import type { PauseRequest } from '../common/types';
import { pauseRequestProblem } from '../common/validation';
import { startPausedState } from '../control/start-paused';
import { InvalidControlRequestError } from './errors';

/**
 * The memo entries to add to the start of workflow `workflowId` so that it
 * starts paused with `request`. Throws an {@link InvalidControlRequestError} for a bad request.
 *
 * @example
 * ```ts
 * await client.workflow.start(research, {
 *   taskQueue: 'research',
 *   workflowId: 'report-42',
 *   args: [{ topic: 'tides' }],
 *   memo: startPausedMemo('report-42', { reason: 'review the input first' }),
 * });
 * ```
 */
export function startPausedMemo(
  workflowId: string,
  request: PauseRequest = {},
  now: Date = new Date(),
): Record<string, unknown> {
  const problem = pauseRequestProblem(request);
  if (problem) throw new InvalidControlRequestError(problem, workflowId);
  return { [CONTROL_CARRY_OVER_MEMO_KEY]: startPausedState(request, now.getTime()) };
}
