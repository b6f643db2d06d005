/**
 * `checkpoint()`: a place where a paused workflow parks.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import type { CheckpointName } from '../common/checkpoints';
import { runControl } from './install';

/**
 * Marks a place where the workflow may park while paused.
 *
 * - Nothing pending (`running`): returns at once, adding no command and no
 *   history event. A hundred checkpoints cost nothing in history.
 * - `pausing`: waits until nothing the workflow started is running (no
 *   activity in flight, every child started through the library parked),
 *   then parks here: the status becomes `paused` at `name` and
 *   `workflow.paused` is emitted. Parking adds no history event, except one
 *   timer when the pause has a `timeout`.
 * - `paused` (another branch parked first): waits for the resume.
 *
 * It returns when the workflow is resumed (or the pause is withdrawn, or it
 * timed out with `onTimeout: 'resume'`), with the `input` of the resume that
 * released it, or `undefined` when it did not park or nothing was sent.
 *
 * Cancellation: a cancellation of the workflow while it waits here rejects
 * with a `CancelledFailure`, so a workflow that does not catch it ends
 * CANCELED (and `workflow.cancelled` is emitted with `was_paused`). With
 * `onTimeout: 'fail'` it rejects with an `ApplicationFailure` of type
 * `PAUSE_TIMED_OUT`; with `'cancel'` it rejects with a `CancelledFailure`
 * (a workflow cannot cancel itself on the server, so the run then ends
 * FAILED with that cancellation as its cause, unless the workflow catches it).
 *
 * @example
 * ```ts
 * import { proxyActivities } from '@temporalio/workflow';
 * import { checkpoint, PRE_COMPLETION, PRE_EXECUTION } from 'temporal-checkpoint/workflow';
 * import type * as activities from './activities';
 *
 * const { research, summarize } = proxyActivities<typeof activities>({ startToCloseTimeout: '5m' });
 *
 * export async function report(topics: string[]): Promise<string> {
 *   await checkpoint(PRE_EXECUTION);
 *   const notes: string[] = [];
 *   for (const topic of topics) {
 *     notes.push(await research(topic));
 *     // An operator may pause here, and send new guidance with the resume.
 *     const guidance = await checkpoint<string>(`after_${topic}`);
 *     if (guidance) notes.push(guidance);
 *   }
 *   await checkpoint(PRE_COMPLETION);
 *   return summarize(notes);
 * }
 * ```
 */
export function checkpoint<Input = unknown>(name: CheckpointName): Promise<Input | undefined> {
  // Not `async`: a parked run keeps every pending promise (the SDK records a
  // stack trace for each), and an async function holds two. One `then`
  // settles in the same microtask turn as an `await` would, so concurrent
  // branches still issue their commands in the same order.
  return runControl()
    .checkpoint(name)
    .then((input) => input as Input | undefined);
}
