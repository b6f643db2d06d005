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
 * runs nothing and answers no query or update. Unpause it with Temporal
 * (`temporal workflow unpause`); cancel still works. From `pause`, with
 * `pauseSent`: the pause went as a signal instead, recorded in the
 * workflow's history, and the workflow parks at its next checkpoint once the
 * server releases it (as a batch pause does).
 */
export class TaskServerPausedError extends TaskControlError {
  /** True when `pause` sent the pause as a signal, which the workflow takes once released. */
  readonly pauseSent: boolean;

  constructor(workflowId: string, options?: { cause?: unknown; pauseSent?: boolean }) {
    super(
      options?.pauseSent
        ? `Task \`${workflowId}\` is paused by the Temporal server; the pause was sent as a signal, and it parks at its next checkpoint once the server releases it`
        : `Task \`${workflowId}\` is paused by the Temporal server`,
      workflowId,
      options,
    );
    this.pauseSent = options?.pauseSent ?? false;
  }
}

/** `resume` while the workflow is running. */
export class TaskNotPausedError extends TaskControlError {}

/** The request was rejected as malformed; the message names the field. */
export class InvalidControlRequestError extends TaskControlError {}

/** The workflow does not answer the control handlers (no `installControl()` and no interceptors). */
export class ControlNotInstalledError extends TaskControlError {}

/**
 * The task's worker failed the query that would have answered: it could not
 * replay the workflow in time (its isolate's execution timeout stopped the
 * replay, as on a restarted worker replaying many histories at once). The
 * workflow itself is fine; ask again later.
 */
export class TaskNotReadyError extends TaskControlError {}

/** The request's `caller` may see the task but not act on it (another user's task, or one with no owner). */
export class TaskForbiddenError extends TaskControlError {}
