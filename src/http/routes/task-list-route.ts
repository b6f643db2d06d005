/**
 * `GET /api/v1/tasks`: the tasks the caller may reach (its own, or its
 * tenant's for an admin), from Temporal's visibility (the tenant and owner
 * search attributes every submitted task carries), filtered and paged.
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import { decodeSearchAttributes, optionalTsToDate } from '../../sdk-internals';
import type { temporal } from '@temporalio/proto';
import type { FastifyRequest } from 'fastify';
import { refusedQueryReason } from '../../client/batches';
import { queryLiteral, STATUS_SEARCH_ATTRIBUTE } from '../../common/search-attributes';
import type { ControlStatus } from '../../common/types';
import { statusShown } from '../../control/summary';
import type { Caller } from '../gate/auth';
import { HttpError } from '../errors';
import {
  taskListQuerySchema,
  visibilityStatusName,
  WORKFLOW_STATUSES,
} from '../schemas/fleet-request-schemas';
import type { ControlRoute } from './route-context';
import { narrowedQuery, reachOf } from './tenant-query';

/** What the list route needs. */
export interface TaskListRouteContext {
  client: Client;
  /** HTTP workflow names and the workflow types they start. */
  workflows: Readonly<Record<string, string>>;
  caller: (request: FastifyRequest) => Caller;
}

interface TaskListQuery {
  workflow?: string;
  control_status?: string;
  workflow_status?: string;
  page_size?: string;
  page_token?: string;
}

const DEFAULT_PAGE_SIZE = 50;
/**
 * The statuses of a closed task, as visibility names them (a task the server
 * pauses is open). Named one by one: a server before 1.30 refuses `Paused`.
 */
const CLOSED_STATUSES = WORKFLOW_STATUSES.filter((status) => status !== 'Running' && status !== 'Paused')
  .map(queryLiteral)
  .join(', ');
const BAD_PAGE_TOKEN = 'Invalid `page_token`: pass a `next_page_token` as it came';

/** The list route. */
export function taskListRoute({ client, workflows, caller }: TaskListRouteContext): ControlRoute {
  const workflowNames = Object.keys(workflows);
  return {
    method: 'GET',
    url: '/api/v1/tasks',
    operationId: 'listTasks',
    access: 'fleet',
    summary:
      "The caller's own tasks (an admin's: its tenant's), newest first, from Temporal's visibility; filtered and paged.",
    scope: 'tasks:read',
    querystring: taskListQuerySchema(workflowNames),
    responses: { 200: { description: 'One page of tasks.', body: 'TaskList' } },
    handler: async (request) => {
      const filters = request.query as TaskListQuery;
      const { tenant_id } = caller(request);
      const conditions = [
        filters.workflow && `WorkflowType=${queryLiteral(workflows[filters.workflow] ?? filters.workflow)}`,
        filters.control_status && controlStatusCondition(filters.control_status),
        filters.workflow_status && `ExecutionStatus=${queryLiteral(filters.workflow_status)}`,
      ].filter(Boolean);
      let page: temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
      try {
        page = await client.workflowService.listWorkflowExecutions({
          namespace: client.options.namespace,
          query: narrowedQuery(reachOf(caller(request)), conditions.join(' AND ') || undefined),
          pageSize: filters.page_size ? Number(filters.page_size) : DEFAULT_PAGE_SIZE,
          nextPageToken: filters.page_token ? pageToken(filters.page_token) : undefined,
        });
      } catch (error) {
        // A token of another query, or none the server issued.
        if (filters.page_token) throw new HttpError(400, BAD_PAGE_TOKEN);
        // A filter this server does not know, e.g. `workflow_status=Paused` before Temporal 1.30.
        const reason = refusedQueryReason(error);
        if (reason !== undefined) {
          throw new HttpError(400, `The server refused the list filters: ${reason}`, { cause: error });
        }
        throw error;
      }
      const prefix = `${tenant_id}/`;
      return {
        tasks: page.executions.map((execution) => {
          const workflowId = execution.execution?.workflowId ?? '';
          const type = execution.type?.name ?? '';
          const attributes = decodeSearchAttributes(execution.searchAttributes?.indexedFields);
          const recorded = attributes[STATUS_SEARCH_ATTRIBUTE]?.[0];
          const controlStatus = statusShown(
            typeof recorded === 'string' ? (recorded as ControlStatus) : 'running',
            execution.closeTime != null,
          );
          return {
            task_id: workflowId.startsWith(prefix) ? workflowId.slice(prefix.length) : workflowId,
            workflow: workflowNames.find((name) => workflows[name] === type) ?? type,
            workflow_status: visibilityStatusName(execution.status),
            control_status: controlStatus,
            started_at: (optionalTsToDate(execution.startTime) ?? new Date(0)).toISOString(),
            closed_at: optionalTsToDate(execution.closeTime)?.toISOString() ?? null,
          };
        }),
        next_page_token: page.nextPageToken?.length
          ? Buffer.from(page.nextPageToken).toString('base64url')
          : null,
      };
    },
  };
}

/**
 * The visibility condition for the tasks the list shows in control status
 * `status` (see `statusShown`): the search attribute keeps what the run
 * recorded last, and a task that closed while pausing or paused shows
 * `running`.
 */
function controlStatusCondition(status: string): string {
  const recorded = `${STATUS_SEARCH_ATTRIBUTE}=${queryLiteral(status)}`;
  return status === 'running'
    ? `(${recorded} OR ExecutionStatus IN (${CLOSED_STATUSES}))`
    : `${recorded} AND ExecutionStatus NOT IN (${CLOSED_STATUSES})`;
}

/**
 * The server's page token that `text` encodes. Visibility stores issue JSON
 * tokens; anything else is refused here, since a malformed one took the
 * server tens of seconds to refuse.
 */
function pageToken(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof value === 'object' && value !== null) return bytes;
  } catch {
    // Not JSON: not a token the server issued.
  }
  throw new HttpError(400, BAD_PAGE_TOKEN);
}
