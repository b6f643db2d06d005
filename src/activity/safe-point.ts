/**
 * Safe points inside a long activity: where it records its progress and,
 * when a pause asks to interrupt it, stops, to continue from that progress
 * after the resume.
 *
 * Node zone (runs in activities).
 *
 * @module
 */
import { CancelledFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { progressOf } from './progress-interceptor';

/**
 * A safe point: records `progress` (through the heartbeat) and, when the
 * workflow was paused with `drain: 'interrupt'`, ends the activity here,
 * handing `progress` back to the workflow; it schedules the activity again
 * after the resume, and {@link resumedProgress} returns that progress then.
 * Otherwise it returns at once and the activity goes on.
 *
 * The activity must heartbeat (give it a `heartbeatTimeout`), its type must be
 * listed in the workflow's `interruptibleActivities`, and the worker must run
 * {@link activityProgressInterceptors}. Work done after the last safe point is
 * done again after the resume, so call it after each unit of work that must
 * not be repeated.
 *
 * @example
 * ```ts
 * import { activityCheckpoint, resumedProgress } from 'temporal-checkpoint/activity';
 *
 * export async function crawl(urls: string[]): Promise<number> {
 *   let done = resumedProgress<number>() ?? 0;
 *   while (done < urls.length) {
 *     await fetchAndStore(urls[done]);
 *     done++;
 *     activityCheckpoint(done);
 *   }
 *   return done;
 * }
 * ```
 */
export function activityCheckpoint(progress: unknown): void {
  const context = Context.current();
  progressOf(context).last = { value: progress };
  context.heartbeat(progress);
  // An interrupt reaches the activity as the cancellation in a heartbeat's answer; the
  // interceptor turns the stop into a result that says where the activity stopped.
  if (context.cancellationSignal.aborted)
    throw new CancelledFailure('Interrupted at a safe point by a pause');
}

/**
 * The progress this activity was handed when it was scheduled again after an
 * interruption, or `undefined` on its first run.
 */
export function resumedProgress<P = unknown>(): P | undefined {
  return progressOf(Context.current()).handed as P | undefined;
}

/**
 * The signal that a pause asked this activity to stop (or that it was
 * cancelled): race long waits against it, then call
 * {@link activityCheckpoint} to stop at the last safe point.
 */
export function interruptionSignal(): AbortSignal {
  return Context.current().cancellationSignal;
}
