/**
 * `POST /api/v1/tasks`: starts one of the configured workflows, owned by the
 * caller, in the caller's tenant's id space; paused when asked, or when a
 * hold is on for the workflow.
 *
 * Node zone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { TaskOwner } from '../gate/auth';
import { HttpError, MESSAGES } from '../errors';
import { TRACEPARENT_HEADER } from '../headers';
import { submitBodySchema } from '../schemas/task-schemas';
import { tenantWorkflowId } from './task-ids';
import type { ControlRoute, TaskRouteContext } from './route-context';
import { taskStartOptions } from './task-start';

/** The body of `POST /api/v1/tasks`. */
interface SubmitBody {
  workflow: string;
  input?: unknown;
  task_id?: string;
  start_paused?: boolean;
  reason?: string;
}

/** The submit route. */
export function submitRoute(context: TaskRouteContext): ControlRoute {
  const { client, taskQueue, workflows, caller, holds } = context;
  const workflowNames = Object.keys(workflows);
  return {
    method: 'POST',
    url: '/api/v1/tasks',
    operationId: 'submitTask',
    access: 'tenant',
    summary: 'Start one of the configured workflows, owned by the caller; paused if asked or held.',
    scope: 'tasks:submit',
    body: submitBodySchema(workflowNames),
    headers: [TRACEPARENT_HEADER],
    bodyRequired: true,
    responses: {
      202: {
        description: 'Started.',
        body: 'Submitted',
        links: {
          ...Object.fromEntries(
            ['getTask', 'getControlState', 'pauseTask', 'resumeTask', 'cancelTask'].map((operationId) => [
              operationId,
              { id: '$response.body#/task_id' },
            ]),
          ),
          streamEvents: { workflow_id: '$response.body#/task_id' },
        },
      },
      409: { description: '`{"error":"task already exists"}`.', body: 'Error' },
    },
    handler: async (request, _reply, traceId) => {
      const body = request.body as SubmitBody;
      if (!Object.hasOwn(workflows, body.workflow)) {
        throw new HttpError(
          400,
          `Unknown workflow \`${body.workflow}\`: expected one of ${workflowNames.join(', ') || '(none configured)'}`,
        );
      }
      const { user_id, tenant_id } = caller(request);
      const owner: TaskOwner = { user_id, tenant_id };
      const taskId = body.task_id ?? `${body.workflow}-${randomUUID()}`;
      // The tenant's own id space: nobody else can take, or learn of, this id.
      const workflowId = tenantWorkflowId(tenant_id, taskId);
      const startPaused = body.start_paused ? { reason: body.reason, traceId } : undefined;
      try {
        await client.workflow.start(workflows[body.workflow], {
          taskQueue,
          workflowId,
          args: body.input === undefined ? [] : [body.input],
          ...(await taskStartOptions({ owner, workflow: body.workflow, workflowId, startPaused }, holds)),
          // An id stays taken while the closed task is retained, so that nobody can take over its history.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError)
          throw new HttpError(409, MESSAGES.taskExists, { cause: error });
        throw error;
      }
      return { success: true, task_id: taskId, workflow: body.workflow };
    },
  };
}
