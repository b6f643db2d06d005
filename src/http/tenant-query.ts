/**
 * Visibility queries of the API, always narrowed to the caller's tenant:
 * the caller's own query (checked on its own first, so that it cannot close
 * the parentheses it is put in), `AND` the tenant's search attribute.
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import { checkVisibilityQuery } from '../client/batches';
import { queryLiteral, TENANT_SEARCH_ATTRIBUTE } from '../common/search-attributes';

/** `query` (none: every task) limited to the tasks of `tenantId`. Check `query` first with {@link checkedTenantQuery}. */
export function narrowedQuery(tenantId: string, query: string | undefined): string {
  const tenant = `${TENANT_SEARCH_ATTRIBUTE}=${queryLiteral(tenantId)}`;
  return query?.trim() ? `(${query}) AND ${tenant}` : tenant;
}

/**
 * The caller's `query` narrowed to `tenantId`, after the server's own parser
 * has accepted `query` alone (`startControlBatch` checks the narrowed one);
 * a query it rejects throws an `InvalidVisibilityQueryError`, which the API
 * answers with a 400 that gives the server's reason.
 */
export async function checkedTenantQuery(
  client: Client,
  tenantId: string,
  query: string | undefined,
): Promise<string> {
  // Alone first: a query that is valid only inside the parentheses (`a='1') OR (b='2'`) is refused here.
  if (query?.trim()) await checkVisibilityQuery(client, query);
  return narrowedQuery(tenantId, query);
}
