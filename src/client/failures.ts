/**
 * How `TaskControl` tells why a call on a workflow failed: the typed error
 * of a validator's refusal, or what describing the workflow says (missing,
 * closed, held paused by the server, another caller's, without the control
 * handlers).
 *
 * Node zone.
 *
 * @module
 */
import {
  QueryNotRegisteredError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { ALREADY_PAUSED, INVALID_CONTROL_REQUEST, NOT_PAUSED } from '../common/errors';
import { ownershipRejection, type ControlCaller } from '../common/ownership';
import { accessTargetOf } from '../common/stack-workflows';
import {
  ControlNotInstalledError,
  InvalidControlRequestError,
  TaskAlreadyPausedError,
  TaskClosedError,
  TaskControlError,
  TaskNotFoundError,
  TaskNotPausedError,
  TaskNotReadyError,
  TaskServerPausedError,
} from './errors';
import { ownershipError } from './ownership-errors';
import { taskLifecycle } from './task-state';

/**
 * Turns an SDK error of a call on `workflowId` into one of ours. A refusal
 * of the workflow's validator says why by itself; anything else (a closed
 * or missing workflow) is told by describing the workflow, whose owner
 * `caller` must then be allowed to see.
 */
export async function explainFailure(
  client: Client,
  workflowId: string,
  error: unknown,
  caller?: ControlCaller,
): Promise<Error> {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const { type, message } = error.cause;
    if (type === ALREADY_PAUSED) return new TaskAlreadyPausedError(message, workflowId, { cause: error });
    if (type === NOT_PAUSED) return new TaskNotPausedError(message, workflowId, { cause: error });
    if (type === INVALID_CONTROL_REQUEST)
      return new InvalidControlRequestError(message, workflowId, { cause: error });
    const refused = ownershipError(workflowId, { type: type ?? undefined, message }, error);
    if (refused) return refused;
  }
  let description: WorkflowExecutionDescription;
  try {
    description = await describeTask(client, workflowId);
  } catch (describeError) {
    return describeError instanceof TaskControlError ? describeError : (describeError as Error);
  }
  const refused = ownershipError(workflowId, ownershipRejection(accessTargetOf(description), caller), error);
  if (refused) return refused;
  const { state, serverPaused } = taskLifecycle(description.status.name);
  if (state !== 'running') return new TaskClosedError(workflowId, state, { cause: error });
  if (serverPaused) return new TaskServerPausedError(workflowId, { cause: error });
  if (/not found|unknown|no handler/i.test(String((error as Error).cause ?? error))) {
    return new ControlNotInstalledError(
      `Task \`${workflowId}\` does not answer the control handlers; call installControl() or register the interceptors`,
      workflowId,
      { cause: error },
    );
  }
  // The worker failed the query (the SDK words every failed query so): it could not replay the
  // workflow in time. A replay that disagrees with the history is a bug, not a wait, and stays one.
  if (error instanceof QueryNotRegisteredError && !/nondeterminism/i.test(error.message)) {
    return new TaskNotReadyError(
      `Task \`${workflowId}\` cannot answer yet: its worker failed the query (${error.message})`,
      workflowId,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The description of `workflowId`; a {@link TaskNotFoundError} when there is no such workflow. */
export async function describeTask(
  client: Client,
  workflowId: string,
): Promise<WorkflowExecutionDescription> {
  try {
    return await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new TaskNotFoundError(workflowId, { cause: error });
    throw error;
  }
}
