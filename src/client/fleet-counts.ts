/**
 * How many open tasks are in each control status, per workflow type, from
 * visibility count queries: one per status and type, never one per task.
 * `running`, `pausing` and `paused` come from the status search attribute
 * of open runs; `server_paused` counts runs the Temporal server itself
 * paused (a server before 1.30 has no such status: `null`).
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import { queryLiteral, STATUS_SEARCH_ATTRIBUTE } from '../common/search-attributes';
import { refusedQueryReason } from './batches';

/** The counts of one workflow type's open tasks. */
export interface StatusCounts {
  /** Open and not paused by the library (the status attribute unset or `running`). */
  running: number;
  pausing: number;
  paused: number;
  /** Paused by the Temporal server (workflow pause); `null` where the server has no such status. */
  server_paused: number | null;
}

/**
 * Counts the open tasks of `workflowType` by control status, within
 * `scope` (a visibility condition, such as a tenant's; none: the namespace).
 */
export async function countByControlStatus(
  client: Client,
  workflowType: string,
  scope?: string,
): Promise<StatusCounts> {
  const base = [`WorkflowType=${queryLiteral(workflowType)}`, ...(scope ? [`(${scope})`] : [])].join(' AND ');
  const count = async (condition: string) => {
    const { count: found } = await client.workflowService.countWorkflowExecutions({
      namespace: client.options.namespace,
      query: `${base} AND ${condition}`,
    });
    return Number(found ?? 0);
  };
  const open = "ExecutionStatus='Running'";
  const status = (value: string) => `${open} AND ${STATUS_SEARCH_ATTRIBUTE}=${queryLiteral(value)}`;
  const [all, pausing, paused, serverPaused] = await Promise.all([
    count(open),
    count(status('pausing')),
    count(status('paused')),
    count("ExecutionStatus='Paused'").catch((error: unknown) => {
      if (refusedQueryReason(error) !== undefined) return null;
      throw error;
    }),
  ]);
  // Each count is read at its own instant: a task moving meanwhile must not make `running` negative.
  return { running: Math.max(0, all - pausing - paused), pausing, paused, server_paused: serverPaused };
}
