/**
 * Which checkpoints the interceptors place by themselves, per worker, per
 * workflow type, and per workflow run.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import {
  PRE_ACTIVITY,
  PRE_CHILD_WORKFLOW,
  PRE_COMPLETION,
  PRE_CONTINUE_AS_NEW,
  PRE_LOCAL_ACTIVITY,
} from '../common/checkpoints';

/** A checkpoint the interceptors can place automatically. */
export type AutomaticCheckpoint =
  | typeof PRE_ACTIVITY
  | typeof PRE_LOCAL_ACTIVITY
  | typeof PRE_CHILD_WORKFLOW
  | typeof PRE_COMPLETION
  | typeof PRE_CONTINUE_AS_NEW;

/** Every automatic checkpoint; the default set. */
export const AUTOMATIC_CHECKPOINTS: readonly AutomaticCheckpoint[] = [
  PRE_ACTIVITY,
  PRE_LOCAL_ACTIVITY,
  PRE_CHILD_WORKFLOW,
  PRE_COMPLETION,
  PRE_CONTINUE_AS_NEW,
];

// Module state is per workflow run: the SDK isolates each run's globals.
let runOverride: ReadonlySet<AutomaticCheckpoint> | undefined;

/**
 * Chooses, from inside a workflow, which automatic checkpoints apply to this
 * run; `[]` turns them all off (explicit `checkpoint()` calls keep working,
 * and the interceptors still count in-flight activities). Overrides the
 * worker's and the workflow type's settings.
 *
 * @example
 * ```ts
 * export async function batch(): Promise<void> {
 *   setAutomaticCheckpoints([PRE_COMPLETION]); // park only before returning
 *   // ...
 * }
 * ```
 */
export function setAutomaticCheckpoints(checkpoints: readonly AutomaticCheckpoint[]): void {
  runOverride = new Set(checkpoints);
}

/** The automatic checkpoints in force for this run, given the worker-level default. */
export function automaticCheckpointsInForce(
  workerDefault: ReadonlySet<AutomaticCheckpoint>,
): ReadonlySet<AutomaticCheckpoint> {
  return runOverride ?? workerDefault;
}
