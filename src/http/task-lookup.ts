/**
 * Finds the workflow a task id stands for, checks that the caller may see
 * it, and reads its control state: the lookups every task route starts with.
 *
 * Node zone.
 *
 * @module
 */
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import { TaskClosedError, TaskServerPausedError } from '../client/errors';
import type { TaskControl } from '../client/task-control';
import { taskLifecycle } from '../client/task-state';
import { CONTROL_STATE_MEMO_KEY, type ControlSummary } from '../common/memo';
import { ownerFromMemo, requireOwnership, type Caller } from './auth';
import { HttpError, MESSAGES } from './errors';
import { candidateWorkflowIds } from './task-ids';
import { controlStateBody, memoControlStateBody } from './wire';

/** What the lookups need. */
export interface TaskLookupDeps {
  client: Client;
  control: TaskControl;
  /** The authenticated caller of a request. */
  caller: (request: FastifyRequest) => Caller;
}

/** The lookups of the task routes (see {@link createTaskLookup}). */
export type TaskLookup = ReturnType<typeof createTaskLookup>;

/** Builds the task lookups over `deps`. */
export function createTaskLookup({ client, control, caller }: TaskLookupDeps) {
  /**
   * Finds the workflow a task id stands for in the caller's tenant (see
   * `candidateWorkflowIds`), describes it and checks that the caller may see it.
   */
  const ownedTask = async (
    request: FastifyRequest,
    taskId: string,
  ): Promise<{ workflowId: string; description: WorkflowExecutionDescription }> => {
    let lastError: unknown;
    for (const workflowId of candidateWorkflowIds(caller(request).tenant_id, taskId)) {
      try {
        const description = await client.workflow.getHandle(workflowId).describe();
        requireOwnership(caller(request), ownerFromMemo(description.memo));
        return { workflowId, description };
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        lastError = error;
      }
    }
    throw new HttpError(404, MESSAGES.notFound, { cause: lastError });
  };

  /** {@link ownedTask}, refused while the Temporal server holds the task paused (it would not answer). */
  const controllableTask = async (request: FastifyRequest, taskId: string): Promise<string> => {
    const { workflowId, description } = await ownedTask(request, taskId);
    if (taskLifecycle(description.status.name).serverPaused) throw new TaskServerPausedError(taskId);
    return workflowId;
  };

  const controlStateOf = async (workflowId: string, description: WorkflowExecutionDescription) => {
    if (description.status.name === 'RUNNING') {
      try {
        return controlStateBody(await control.state(workflowId));
      } catch (error) {
        // Closed between the describe and the query: read its memo instead.
        if (!(error instanceof TaskClosedError)) throw error;
        description = await client.workflow.getHandle(workflowId).describe();
      }
    }
    const summary = description.memo?.[CONTROL_STATE_MEMO_KEY] as ControlSummary | undefined;
    return memoControlStateBody(summary, {
      cancelled: description.status.name === 'CANCELLED',
      serverPaused: taskLifecycle(description.status.name).serverPaused,
    });
  };

  return { ownedTask, controllableTask, controlStateOf };
}
