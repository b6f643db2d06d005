/**
 * Runs an activity that can be interrupted at its own safe points: when a
 * pause asks `drain: 'interrupt'`, its scope is cancelled, the activity
 * stops at its next safe point and hands back its progress, the workflow
 * parks, and after the resume the activity is scheduled again with that
 * progress, so the workflow code sees one call with one result.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  CancellationScope,
  CancelledFailure,
  type ActivityInput,
} from '@temporalio/workflow';
import { defaultPayloadConverter } from '@temporalio/common';
import { ACTIVITY_PROGRESS_HEADER, isInterruptedResult } from '../common/activity-progress';
import { PRE_ACTIVITY } from '../common/checkpoints';
import type { RunControl } from './run-control';

/** How one attempt ended: with the activity's result, or interrupted at `progress`. */
type Attempt = { interrupted: false; result: unknown } | { interrupted: true; progress: unknown };

/**
 * Schedules the activity of `input` through `schedule` until one attempt
 * ends without being interrupted; returns that attempt's result.
 */
export async function runInterruptible(
  control: RunControl,
  input: ActivityInput,
  schedule: (input: ActivityInput) => Promise<unknown>,
  inFlight: <T>(start: () => Promise<T>) => Promise<T>,
): Promise<unknown> {
  let progress: unknown;
  for (;;) {
    const attempt = await inFlight(() =>
      attemptOnce(control, withProgress(input, progress), progress, schedule),
    );
    if (!attempt.interrupted) return attempt.result;
    progress = attempt.progress;
    // Parks here until the resume; then the activity goes on from its progress.
    await control.checkpoint(PRE_ACTIVITY);
  }
}

async function attemptOnce(
  control: RunControl,
  input: ActivityInput,
  progressSoFar: unknown,
  schedule: (input: ActivityInput) => Promise<unknown>,
): Promise<Attempt> {
  const scope = new CancellationScope({ cancellable: true });
  const registration = control.registerInterruptible(scope);
  const interrupted = (progress: unknown): Attempt => {
    // Recorded before the activity counts as settled, so that `workflow.paused` names it.
    control.dispatch({ kind: 'activityInterrupted', activityType: input.activityType, progress });
    return { interrupted: true, progress };
  };
  try {
    const result = await scope.run(() => schedule(input));
    return isInterruptedResult(result) ? interrupted(result.progress) : { interrupted: false, result };
  } catch (error) {
    // Cancelled before it reached a safe point (or before it started): it goes on from where it was.
    if (registration.interrupted && isCancellation(error)) return interrupted(progressSoFar);
    throw error;
  } finally {
    registration.release();
  }
}

function isCancellation(error: unknown): boolean {
  return error instanceof ActivityFailure && error.cause instanceof CancelledFailure;
}

/** `input` for one attempt: waits for cancellation to complete, and carries the progress so far. */
function withProgress(input: ActivityInput, progress: unknown): ActivityInput {
  const headers =
    progress === undefined
      ? input.headers
      : { ...input.headers, [ACTIVITY_PROGRESS_HEADER]: defaultPayloadConverter.toPayload(progress) };
  return {
    ...input,
    headers,
    // The workflow must not count the activity as settled before it has really stopped.
    options: { ...input.options, cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED },
  };
}
