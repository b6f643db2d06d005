/**
 * The activity interceptor behind interruptible activities: it reads the
 * progress a workflow hands an activity it schedules again, keeps the
 * progress of the activity's last safe point, and, when an interrupting
 * pause stops the activity, completes it with a result that says where it
 * stopped (not a failure that would retry or fail the workflow).
 *
 * Node zone (runs in the worker, around activities).
 *
 * @module
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors, ActivityInterceptorsFactory } from '@temporalio/worker';
import { ACTIVITY_PROGRESS_HEADER, interruptedResult } from '../common/activity-progress';

/** What the interceptor knows of one activity execution. */
interface Progress {
  /** Handed by the workflow when it scheduled the activity again. */
  handed: unknown;
  /** Recorded at the last safe point, if one was passed. */
  last?: { value: unknown };
}

const progressByContext = new WeakMap<Context, Progress>();

/**
 * Activity interceptors for a worker whose activities use safe points
 * (`activityCheckpoint()`); register them with `interceptors.activity`.
 *
 * @example
 * ```ts
 * import { activityProgressInterceptors } from 'temporal-checkpoint/activity';
 *
 * await Worker.create({ ..., interceptors: { activity: [activityProgressInterceptors] } });
 * ```
 */
export const activityProgressInterceptors: ActivityInterceptorsFactory = (context): ActivityInterceptors => ({
  inbound: {
    async execute(input, next) {
      const header = input.headers[ACTIVITY_PROGRESS_HEADER];
      const progress: Progress = { handed: header ? defaultPayloadConverter.fromPayload(header) : undefined };
      progressByContext.set(context, progress);
      try {
        return await next(input);
      } catch (error) {
        // Stopped by the interrupt, at a safe point or in the work after it: it stops at the last one.
        const stoppedAt =
          progress.last ?? (progress.handed === undefined ? undefined : { value: progress.handed });
        if (!context.cancellationSignal.aborted || !stoppedAt) throw error;
        return interruptedResult(stoppedAt.value);
      }
    },
  },
});

/** The progress record of the activity running in `context`; throws when the interceptor is missing. */
export function progressOf(context: Context): Progress {
  const progress = progressByContext.get(context);
  if (!progress) {
    throw new Error(
      'temporal-checkpoint safe points need the activity interceptor: add activityProgressInterceptors ' +
        "from 'temporal-checkpoint/activity' to the worker's interceptors.activity",
    );
  }
  return progress;
}
