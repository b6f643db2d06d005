/**
 * The typed error of a refused ownership check, wherever it was decided:
 * in the workflow's validator or query, or by the client on a closed task.
 *
 * Node zone.
 *
 * @module
 */
import { FORBIDDEN, TASK_NOT_FOUND } from '../common/errors';
import { TaskForbiddenError, TaskNotFoundError, type TaskControlError } from './errors';

/**
 * The error for a refusal of type `rejection.type` of the task `workflowId`,
 * or `undefined` when there is no refusal or it is not about ownership. A
 * task of another tenant is not found; another user's task is forbidden.
 */
export function ownershipError(
  workflowId: string,
  rejection: { type?: string; message: string } | undefined,
  cause?: unknown,
): TaskControlError | undefined {
  if (rejection?.type === TASK_NOT_FOUND) return new TaskNotFoundError(workflowId, { cause });
  if (rejection?.type === FORBIDDEN) return new TaskForbiddenError(rejection.message, workflowId, { cause });
  return undefined;
}
