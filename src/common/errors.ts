/**
 * `type` values of the `ApplicationFailure`s that cross the wire.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */

/** A pause or resume request whose arguments are malformed; the message names the field. */
export const INVALID_CONTROL_REQUEST = 'TemporalCheckpointInvalidRequest';
/** `requestPause` while the workflow is already pausing or paused (with another `requestId`). */
export const ALREADY_PAUSED = 'TemporalCheckpointAlreadyPaused';
/** `requestResume` while the workflow is running (with another `requestId`). */
export const NOT_PAUSED = 'TemporalCheckpointNotPaused';
/** The workflow stayed paused past its timeout and the pause asked for `onTimeout: 'fail'`. */
export const PAUSE_TIMED_OUT = 'TemporalCheckpointPauseTimedOut';

/** A request whose `caller` may not see the task: it belongs to another tenant. */
export const TASK_NOT_FOUND = 'TemporalCheckpointTaskNotFound';
/** A request whose `caller` may see the task but not act on it: another user's, or it has no owner. */
export const FORBIDDEN = 'TemporalCheckpointForbidden';

/** Every error type the library raises. */
export type ControlErrorType =
  | typeof INVALID_CONTROL_REQUEST
  | typeof ALREADY_PAUSED
  | typeof NOT_PAUSED
  | typeof PAUSE_TIMED_OUT
  | typeof TASK_NOT_FOUND
  | typeof FORBIDDEN;
