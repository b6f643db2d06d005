/**
 * Finds the workflow a task id stands for, and whom a control request on
 * it is for: the lookups every task route starts with. A control request is
 * one round trip: the caller's identity travels with it and the workflow
 * checks it; only a closed task is described, to tell how it closed and
 * whose it was.
 *
 * Node zone.
 *
 * @module
 */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import { TaskClosedError, TaskServerPausedError } from '../../client/errors';
import { describeTask } from '../../client/failures';
import { currentControl } from '../../client/memo-summary';
import type { TaskControl } from '../../client/task-control';
import { cancelRequested, taskLifecycle } from '../../client/task-state';
import { firstFound } from '../../client/workflow-ids';
import { accessTargetOf } from '../../common/stack-workflows';
import { controlCaller, requireAccess, type Caller } from '../gate/auth';
import { candidateWorkflowIds } from './task-ids';
import { controlStateBody, memoControlStateBody, type ControlStateBody } from '../wire';

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
  const ownedTask = (
    request: FastifyRequest,
    taskId: string,
  ): Promise<{ workflowId: string; description: WorkflowExecutionDescription }> =>
    firstFound(candidateWorkflowIds(caller(request).tenant_id, taskId), async (workflowId) => {
      const description = await describeTask(client, workflowId);
      requireAccess(caller(request), accessTargetOf(description));
      return { workflowId, description };
    });

  /**
   * Whom a control request of `request` on a task id is for: the workflows
   * the id may stand for, tried in order by `TaskControl` (the tenant's own
   * task, then a workflow started outside the API under that id), and the
   * caller as the workflow checks it. One round trip for a task submitted
   * through the API.
   *
   * @example
   * ```ts
   * const { workflowIds, as } = controlTarget(request, 'report-1');
   * await control.sendPause(workflowIds, { caller: as });
   * ```
   */
  const controlTarget = (request: FastifyRequest, taskId: string) => {
    const as = controlCaller(caller(request));
    return { workflowIds: candidateWorkflowIds(as.tenantId, taskId), as };
  };

  /**
   * The control state body of a task: its query (one round trip, the
   * workflow checks the caller), or, once it has closed, the summary in its
   * memo (read by a describe, which checks the caller here).
   */
  const controlStateOf = async (request: FastifyRequest, taskId: string): Promise<ControlStateBody> => {
    try {
      const { workflowIds, as } = controlTarget(request, taskId);
      return controlStateBody(await control.stateFor(workflowIds, as));
    } catch (error) {
      if (!(error instanceof TaskClosedError || error instanceof TaskServerPausedError)) throw error;
    }
    const { workflowId, description } = await ownedTask(request, taskId);
    return memoStateOf(workflowId, description);
  };

  /**
   * The control state body of a task that answers no query (closed, or held
   * paused by the server): the summary in its memo, with the events readers
   * derive after it (pauses and resumes the memo does not record), and the
   * pause its history reads to.
   */
  const memoStateOf = async (
    workflowId: string,
    description: WorkflowExecutionDescription,
  ): Promise<ControlStateBody> => {
    return memoControlStateBody(await currentControl(client, workflowId, description), {
      cancelled: description.status.name === 'CANCELLED',
      serverPaused: taskLifecycle(description.status.name).serverPaused,
      cancelPending: description.status.name === 'PAUSED' && cancelRequested(description),
    });
  };

  return { ownedTask, controlTarget, controlStateOf, memoStateOf };
}
