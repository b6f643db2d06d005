/**
 * Typed errors of `TaskControl`: few and flat, each with the workflow it is
 * about.
 *
 * Node zone.
 *
 * @module
 */

/** The terminal states a task can be in, as the HTTP API words them. */
export type ClosedTaskState = 'completed' | 'failed' | 'cancelled' | 'timed out' | 'terminated';

/** Base class: every error `TaskControl` throws on purpose. */
export class TaskControlError extends Error {
  constructor(
    message: string,
    /** The Temporal workflow id of the task. */
    public readonly workflowId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No workflow with this id exists. */
export class TaskNotFoundError extends TaskControlError {
  constructor(workflowId: string, options?: { cause?: unknown }) {
    super(`Task not found: \`${workflowId}\``, workflowId, options);
  }
}

/** The workflow has closed; nothing can be paused, resumed or cancelled. */
export class TaskClosedError extends TaskControlError {
  constructor(
    workflowId: string,
    /** How it closed. */
    public readonly state: ClosedTaskState,
    options?: { cause?: unknown },
  ) {
    super(`Task \`${workflowId}\` is ${state}`, workflowId, options);
  }
}

/** `pause` while the workflow is already pausing or paused. */
export class TaskAlreadyPausedError extends TaskControlError {}

/**
 * The Temporal server holds the workflow paused (native workflow pause): it
 * runs nothing, answers no query or update, and counts as already paused.
 * Unpause it with Temporal (`temporal workflow unpause`); cancel still works.
 */
export class TaskServerPausedError extends TaskControlError {
  constructor(workflowId: string, options?: { cause?: unknown }) {
    super(`Task \`${workflowId}\` is paused by the Temporal server`, workflowId, options);
  }
}

/** `resume` while the workflow is running. */
export class TaskNotPausedError extends TaskControlError {}

/** The request was rejected as malformed; the message names the field. */
export class InvalidControlRequestError extends TaskControlError {}

/** The workflow does not answer the control handlers (no `installControl()` and no interceptors). */
export class ControlNotInstalledError extends TaskControlError {}

/** The request's `caller` may see the task but not act on it (another user's task, or one with no owner). */
export class TaskForbiddenError extends TaskControlError {}
