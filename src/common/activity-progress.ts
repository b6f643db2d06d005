/**
 * How an interruptible activity and its workflow hand progress to each
 * other: the workflow passes the progress to continue from in a header when
 * it schedules the activity again; the activity, stopped at a safe point by
 * an interrupting pause, completes with a result that says so.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */

/** Activity header that carries the progress to continue from (a payload). */
export const ACTIVITY_PROGRESS_HEADER = 'temporal-checkpoint-progress';

const INTERRUPTED_KEY = 'temporal-checkpoint.interruptedAt';

/** The result of an activity that stopped at a safe point: not its real result, but where it stopped. */
export interface InterruptedResult {
  [INTERRUPTED_KEY]: true;
  progress: unknown;
}

/** The result an activity interrupted at a safe point completes with. */
export function interruptedResult(progress: unknown): InterruptedResult {
  return { [INTERRUPTED_KEY]: true, progress };
}

/** True when an activity's result says it was interrupted at a safe point. */
export function isInterruptedResult(result: unknown): result is InterruptedResult {
  return (
    typeof result === 'object' &&
    result !== null &&
    (result as Record<string, unknown>)[INTERRUPTED_KEY] === true
  );
}
