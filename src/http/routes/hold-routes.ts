/**
 * The hold routes: while a hold on a workflow is on, the caller's tenant's
 * new tasks of that workflow start paused in the hold's own pause (request
 * id `hold:<hold_id>`). A hold holds the tasks whose current pause is still
 * that one (the pause request search attribute says which); releasing it
 * resumes them, each task's resume validator deciding atomically. The holds
 * live in the tenant's holds workflow.
 *
 * Node zone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import { checkVisibilityQuery } from '../../client/batches';
import { TaskControlError } from '../../client/errors';
import { HoldRejectedError, type HoldStore } from '../../client/holds';
import type { TaskControl } from '../../client/task-control';
import { holdPauseRequestId, type Hold } from '../../common/holds';
import type { ResumeRequest } from '../../common/types';
import { PAUSE_REQUEST_SEARCH_ATTRIBUTE, queryLiteral } from '../../common/search-attributes';
import type { Caller } from '../gate/auth';
import { HttpError } from '../errors';
import { holdBodySchema, holdIdParamsSchema } from '../schemas/fleet-request-schemas';
import type { ResponseBody } from '../wire';
import type { ControlRoute } from './route-context';
import { narrowedQuery } from './tenant-query';

/** What the hold routes need. */
export interface HoldRouteContext {
  client: Client;
  holds: HoldStore;
  control: TaskControl;
  /** HTTP workflow names and the workflow types they start. */
  workflows: Readonly<Record<string, string>>;
  caller: (request: FastifyRequest) => Caller;
}

/**
 * The query of the tasks hold `holdId` of `tenantId` holds now: open, with
 * the hold's own pause as their current pause. Both the `held` count and the
 * release ask it.
 */
export function heldTasksQuery(tenantId: string, holdId: string): string {
  return narrowedQuery(
    { tenantId },
    `${PAUSE_REQUEST_SEARCH_ATTRIBUTE}=${queryLiteral(holdPauseRequestId(holdId))} AND ExecutionStatus='Running'`,
  );
}

/** How many resumes a release sends at once. */
const RELEASE_CONCURRENCY = 16;

/**
 * Resumes `workflowId` by `request`; resolves whether it resumed, `false`
 * when the workflow refused (its current pause is not the hold's) or has
 * closed meanwhile.
 */
async function resumed(control: TaskControl, workflowId: string, request: ResumeRequest): Promise<boolean> {
  try {
    await control.sendResume(workflowId, request);
    return true;
  } catch (error) {
    if (error instanceof TaskControlError) return false;
    throw error;
  }
}

/** The hold routes, in the order the OpenAPI document lists them. */
export function holdRoutes({ client, holds, control, workflows, caller }: HoldRouteContext): ControlRoute[] {
  const heldCount = (tenantId: string, holdId: string) =>
    checkVisibilityQuery(client, heldTasksQuery(tenantId, holdId));
  const holdBody = (hold: Hold, held: number): ResponseBody<'Hold'> => ({
    hold_id: hold.holdId,
    workflow: hold.workflow,
    reason: hold.reason,
    created_at: hold.createdAt,
    created_by: hold.createdBy,
    held,
  });

  return [
    {
      method: 'POST',
      url: '/api/v1/holds',
      operationId: 'createHold',
      access: 'tenant',
      summary: "Hold a workflow for the caller's tenant: its tasks submitted from now on start paused.",
      scope: 'tasks:pause',
      body: holdBodySchema(Object.keys(workflows)),
      bodyRequired: true,
      responses: {
        201: { description: 'The hold is on.', body: 'Hold' },
        409: { description: 'The workflow is already held: `error` names the hold.', body: 'Error' },
      },
      handler: async (request) => {
        const body = request.body as { workflow: string; reason?: string };
        const { tenant_id, user_id } = caller(request);
        try {
          const hold = await holds.add(tenant_id, {
            holdId: `hold-${randomUUID()}`,
            workflow: body.workflow,
            reason: body.reason ?? `held by ${user_id}`,
            createdBy: user_id,
          });
          return holdBody(hold, 0);
        } catch (error) {
          if (error instanceof HoldRejectedError) {
            throw new HttpError(error.exists ? 409 : 400, error.message, { cause: error });
          }
          throw error;
        }
      },
    },
    {
      method: 'GET',
      url: '/api/v1/holds',
      operationId: 'listHolds',
      access: 'tenant',
      summary: "The caller's tenant's holds, with the tasks each holds now.",
      scope: 'tasks:read',
      responses: { 200: { description: 'The holds, oldest first.', body: 'HoldList' } },
      handler: async (request) => {
        const { tenant_id } = caller(request);
        const list = await holds.list(tenant_id);
        const counts = await Promise.all(list.map((hold) => heldCount(tenant_id, hold.holdId)));
        return { holds: list.map((hold, index) => holdBody(hold, counts[index] ?? 0)) };
      },
    },
    {
      method: 'DELETE',
      url: '/api/v1/holds/:id',
      operationId: 'releaseHold',
      access: 'tenant',
      summary:
        "Release a hold: new tasks start as usual, and each task it holds is resumed while its current pause is still the hold's.",
      scope: 'tasks:resume',
      params: holdIdParamsSchema,
      responses: {
        200: {
          description: '`{"hold_id","released"}`: `released` counts the tasks the release resumed.',
          body: 'HoldReleased',
        },
        404: {
          description: 'No such hold of the caller\'s tenant: `{"error":"Hold not found"}`.',
          body: 'Error',
        },
      },
      handler: async (request) => {
        const holdId = (request.params as { id: string }).id;
        const { tenant_id, user_id } = caller(request);
        // Removed first, so that no task starts held after the release has read the list.
        const hold = await holds.remove(tenant_id, holdId);
        if (!hold) throw new HttpError(404, 'Hold not found');
        const resume = {
          requestedBy: user_id,
          requestId: `release:${holdId}`,
          ifPauseRequestId: holdPauseRequestId(holdId),
        };
        let released = 0;
        let batch: string[] = [];
        const send = async () => {
          const outcomes = await Promise.all(batch.map((workflowId) => resumed(control, workflowId, resume)));
          released += outcomes.filter(Boolean).length;
          batch = [];
        };
        for await (const task of client.workflow.list({ query: heldTasksQuery(tenant_id, holdId) })) {
          batch.push(task.workflowId);
          if (batch.length >= RELEASE_CONCURRENCY) await send();
        }
        await send();
        return { hold_id: holdId, released };
      },
    },
  ];
}
