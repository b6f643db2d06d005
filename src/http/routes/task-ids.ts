/**
 * Each tenant's own id space: a task submitted through the API as
 * `task_id` by a caller of tenant `T` is the workflow `T/<task_id>`, so that
 * no tenant can take, or learn of, another tenant's ids.
 *
 * Node zone.
 *
 * @module
 */

/** The workflow id of the task `taskId` submitted by tenant `tenantId`. */
export function tenantWorkflowId(tenantId: string, taskId: string): string {
  return `${tenantId}/${taskId}`;
}

/**
 * The workflow ids a task id of tenant `tenantId` may stand for, in the order
 * the API looks them up: the tenant's own task, then a workflow started
 * outside the API under exactly that id (its owner memo decides access).
 */
export function candidateWorkflowIds(tenantId: string, taskId: string): [string, string] {
  return [tenantWorkflowId(tenantId, taskId), taskId];
}
