/**
 * The bulk routes: pause, resume or cancel every task the caller may reach
 * (its own, or its tenant's for an admin) that a visibility query matches, as one Temporal batch operation;
 * follow it and stop it. A batch belongs to the tenant that started it: its
 * job id on the server is `temporal-checkpoint:<tenant>:<batch_id>`, so
 * another tenant's batch id names nothing.
 *
 * Node zone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import {
  BatchLimitError,
  describeControlBatch,
  startControlBatch,
  stopControlBatch,
  type BatchAction,
  type BatchProgress,
} from '../../client/batches';
import { hasScope, type Caller, type Scope } from '../gate/auth';
import { HttpError, MESSAGES } from '../errors';
import { batchBodySchema, batchIdParamsSchema } from '../schemas/fleet-request-schemas';
import type { ResponseBody } from '../wire';
import { decodedRoute, type ControlRoute } from './route-context';
import { checkedReachQuery, reachOf } from './tenant-query';
import { decodeBatchBody } from '../request-bodies';

/** What the batch routes need. */
export interface BatchRouteContext {
  client: Client;
  caller: (request: FastifyRequest) => Caller;
}

/** The scope each action needs, as on the single-task routes. */
const ACTION_SCOPES: Record<BatchAction, Scope> = {
  pause: 'tasks:pause',
  resume: 'tasks:resume',
  cancel: 'tasks:cancel',
};

const BATCH_NOT_FOUND = 'Batch not found';

/** The server's job id of the caller's batch `batchId`. */
export function batchJobId(tenantId: string, batchId: string): string {
  return `temporal-checkpoint:${tenantId}:${batchId}`;
}

/** The action a batch id names (`pause-<uuid>`). */
function actionOf(batchId: string): BatchAction {
  return batchId.slice(0, batchId.indexOf('-')) as BatchAction;
}

/** The JSON body of a batch's progress. */
export function batchBody(batchId: string, progress: BatchProgress): ResponseBody<'Batch'> {
  return {
    batch_id: batchId,
    action: actionOf(batchId),
    state: progress.state,
    total: progress.total,
    succeeded: progress.succeeded,
    failed: progress.failed,
    reason: progress.reason,
    started_at: progress.startedAt?.toISOString() ?? null,
    closed_at: progress.closedAt?.toISOString() ?? null,
  };
}

/** The batch routes, in the order the OpenAPI document lists them. */
export function batchRoutes({ client, caller }: BatchRouteContext): ControlRoute[] {
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const progressOf = async (request: FastifyRequest, batchId: string) => {
    const progress = await describeControlBatch(client, batchJobId(caller(request).tenant_id, batchId));
    if (!progress) throw new HttpError(404, BATCH_NOT_FOUND);
    return progress;
  };
  const requireActionScope = (request: FastifyRequest, action: BatchAction) => {
    if (!hasScope(caller(request), ACTION_SCOPES[action])) throw new HttpError(403, MESSAGES.forbidden);
  };

  return [
    decodedRoute({
      method: 'POST',
      url: '/api/v1/batches',
      operationId: 'startBatch',
      access: 'fleet',
      summary:
        "Pause, resume or cancel every task the caller may reach (its own; an admin's: its tenant's) that a visibility query matches, as one Temporal batch operation.",
      body: batchBodySchema,
      bodyRequired: true,
      responses: {
        202: {
          description:
            'Started: `{"batch_id","action","query","state":"running"}`; `query` is the narrowed query run.',
          body: 'BatchStarted',
          links: {
            getBatch: { id: '$response.body#/batch_id' },
            stopBatch: { id: '$response.body#/batch_id' },
          },
        },
        403: error(
          'The key lacks the scope of the action (`tasks:pause`, `tasks:resume` or `tasks:cancel`).',
        ),
        429: error(
          'The server runs as many batches as it allows at once (see `Retry-After`), or too many requests.',
        ),
      },
      decodeBody: decodeBatchBody,
      handler: async (request, _reply, _traceId, batch) => {
        requireActionScope(request, batch.action);
        const { tenant_id, user_id } = caller(request);
        const batchId = `${batch.action}-${randomUUID()}`;
        const query = await checkedReachQuery(client, reachOf(caller(request)), batch.query);
        const requestId = `batch:${batchId}`;
        try {
          await startControlBatch(client, {
            action: batch.action,
            query,
            jobId: batchJobId(tenant_id, batchId),
            reason: batch.pause.reason || `bulk ${batch.action} by ${user_id}`,
            pause: { ...batch.pause, requestedBy: user_id, requestId },
            resume: { requestedBy: user_id, requestId },
            identity: `temporal-checkpoint http ${user_id}`,
          });
        } catch (error) {
          if (error instanceof BatchLimitError) {
            throw new HttpError(429, 'Too many batches running: try again when one has finished', {
              cause: error,
              headers: { 'retry-after': '5' },
            });
          }
          throw error;
        }
        return {
          batch_id: batchId,
          action: batch.action,
          query,
          state: 'running',
        } satisfies ResponseBody<'BatchStarted'>;
      },
    }),
    {
      method: 'GET',
      url: '/api/v1/batches/:id',
      operationId: 'getBatch',
      access: 'tenant',
      summary: "A batch's state and progress: tasks matched, signalled or cancelled, and failed.",
      scope: 'tasks:read',
      params: batchIdParamsSchema,
      responses: {
        200: { description: 'The batch.', body: 'Batch' },
        404: error('No such batch of the caller\'s tenant: `{"error":"Batch not found"}`.'),
      },
      handler: async (request) => batchBody(idOf(request), await progressOf(request, idOf(request))),
    },
    {
      method: 'POST',
      url: '/api/v1/batches/:id/stop',
      operationId: 'stopBatch',
      access: 'tenant',
      summary: 'Stop a running batch where it is; the tasks it reached stay as they are.',
      params: batchIdParamsSchema,
      responses: {
        202: { description: '`{"batch_id","state"}`: the state after the stop.', body: 'BatchStopped' },
        404: error('No such batch of the caller\'s tenant: `{"error":"Batch not found"}`.'),
      },
      handler: async (request) => {
        const batchId = idOf(request);
        requireActionScope(request, actionOf(batchId));
        const jobId = batchJobId(caller(request).tenant_id, batchId);
        const before = await progressOf(request, batchId);
        if (before.state === 'running') {
          await stopControlBatch(client, jobId, `stopped by ${caller(request).user_id}`);
        }
        const after = await progressOf(request, batchId);
        return { batch_id: batchId, state: after.state } satisfies ResponseBody<'BatchStopped'>;
      },
    },
  ];
}

function error(description: string) {
  return { description, body: 'Error' as const };
}
