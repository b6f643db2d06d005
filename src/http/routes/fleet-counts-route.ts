/**
 * `GET /api/v1/fleet/counts`: how many open tasks the caller may reach (its
 * own, or its tenant's for an admin) are running, pausing, paused or paused
 * by the server, per workflow, from visibility count queries; a caller's
 * `query` narrows them further.
 *
 * Node zone.
 *
 * @module
 */
import { countByControlStatus } from '../../client/fleet-counts';
import { fleetCountsQuerySchema } from '../schemas/fleet-request-schemas';
import type { ControlRoute, TaskRouteContext } from './route-context';
import { checkedReachQuery, reachOf } from './tenant-query';

/** The counts route. */
export function fleetCountsRoute({
  client,
  workflows,
  caller,
}: Pick<TaskRouteContext, 'client' | 'workflows' | 'caller'>): ControlRoute {
  return {
    method: 'GET',
    url: '/api/v1/fleet/counts',
    operationId: 'countTasks',
    access: 'fleet',
    summary:
      "The caller's open tasks (an admin's: its tenant's) by control status, per workflow, from Temporal's visibility.",
    scope: 'tasks:read',
    querystring: fleetCountsQuerySchema,
    responses: { 200: { description: 'The counts, one entry per workflow.', body: 'FleetCounts' } },
    handler: async (request) => {
      const { query } = request.query as { query?: string };
      const scope = await checkedReachQuery(client, reachOf(caller(request)), query);
      const counts = await Promise.all(
        Object.entries(workflows).map(async ([workflow, type]) => ({
          workflow,
          ...(await countByControlStatus(client, type, scope)),
        })),
      );
      return { counts };
    },
  };
}
