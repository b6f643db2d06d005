/**
 * Visibility queries of the API, always narrowed to what the caller may
 * reach by the access policy (`fleetReach`): its own tasks, or its tenant's
 * for an admin. The caller's own query is checked on its own first, so that
 * it cannot close the parentheses it is put in.
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import { checkVisibilityQuery } from '../../client/batches';
import { fleetReach } from '../../common/access-policy';
import {
  OWNER_SEARCH_ATTRIBUTE,
  queryLiteral,
  TENANT_SEARCH_ATTRIBUTE,
} from '../../common/search-attributes';
import { controlCaller, type Caller } from '../gate/auth';

/** The tasks a query may reach: a tenant's, or one user's of it. */
export interface QueryReach {
  tenantId: string;
  /** Only this user's tasks; none: every task of the tenant. */
  userId?: string;
}

/** What a fleet request of `caller` may reach (see `fleetReach`). */
export function reachOf(caller: Caller): QueryReach {
  const as = controlCaller(caller);
  return fleetReach(as) === 'own' ? { tenantId: as.tenantId, userId: as.userId } : { tenantId: as.tenantId };
}

/** `query` (none: every task) limited to `reach`. Check `query` first with {@link checkedReachQuery}. */
export function narrowedQuery(reach: QueryReach, query: string | undefined): string {
  const tenant = `${TENANT_SEARCH_ATTRIBUTE}=${queryLiteral(reach.tenantId)}`;
  const scope =
    reach.userId === undefined
      ? tenant
      : `${tenant} AND ${OWNER_SEARCH_ATTRIBUTE}=${queryLiteral(reach.userId)}`;
  return query?.trim() ? `(${query}) AND ${scope}` : scope;
}

/**
 * The caller's `query` narrowed to `reach`, after the server's own parser
 * has accepted `query` alone (`startControlBatch` checks the narrowed one);
 * a query it rejects throws an `InvalidVisibilityQueryError`, which the API
 * answers with a 400 that gives the server's reason.
 */
export async function checkedReachQuery(
  client: Client,
  reach: QueryReach,
  query: string | undefined,
): Promise<string> {
  // Alone first: a query that is valid only inside the parentheses (`a='1') OR (b='2'`) is refused here.
  if (query?.trim()) await checkVisibilityQuery(client, query);
  return narrowedQuery(reach, query);
}
