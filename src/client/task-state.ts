/**
 * How a task stands, from its Temporal workflow status: open or how it
 * closed, and whether the Temporal server itself holds it paused (native
 * workflow pause, server 1.30 and later).
 *
 * Node zone, pure.
 *
 * @module
 */
import type { WorkflowExecutionDescription, WorkflowExecutionStatusName } from '@temporalio/client';
import type { ClosedTaskState } from './errors';

/** A task's place in its life, as the API reports it. */
export interface TaskLifecycle {
  /** `running` while the workflow is open (paused by the server or not), else how it closed. */
  state: 'running' | ClosedTaskState;
  /**
   * True while the Temporal server holds the workflow paused (status
   * `PAUSED`): it is open, runs no workflow task, and answers no query or
   * update until the server unpauses it; it can still be cancelled.
   */
  serverPaused: boolean;
}

/**
 * The lifecycle of a task whose workflow has status `status`.
 *
 * @example
 * ```ts
 * taskLifecycle((await handle.describe()).status.name); // { state: 'running', serverPaused: true }
 * ```
 */
export function taskLifecycle(status: WorkflowExecutionStatusName): TaskLifecycle {
  switch (status) {
    case 'RUNNING':
      return { state: 'running', serverPaused: false };
    case 'PAUSED':
      return { state: 'running', serverPaused: true };
    case 'COMPLETED':
    case 'CONTINUED_AS_NEW':
      return { state: 'completed', serverPaused: false };
    case 'FAILED':
      return { state: 'failed', serverPaused: false };
    case 'CANCELLED':
      return { state: 'cancelled', serverPaused: false };
    case 'TIMED_OUT':
      return { state: 'timed out', serverPaused: false };
    case 'TERMINATED':
    case 'UNSPECIFIED':
    case 'UNKNOWN':
      // A status this SDK cannot name is reported as the end nothing else explains.
      return { state: 'terminated', serverPaused: false };
  }
}

/**
 * Whether the server has a cancellation request of the open workflow that
 * `description` describes: the workflow has not taken it yet (it does at
 * once, unless the server holds it paused).
 *
 * @example
 * ```ts
 * cancelRequested(await handle.describe()); // true after a cancel of a server-paused task
 * ```
 */
export function cancelRequested(description: WorkflowExecutionDescription): boolean {
  return description.raw.workflowExtendedInfo?.cancelRequested === true;
}

/** The names of the workflow status codes of the Temporal API, by code. */
const STATUS_NAMES: readonly WorkflowExecutionStatusName[] = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
  'PAUSED',
];

/**
 * The name of a workflow status code of the Temporal API (as a query
 * rejection carries it), `UNKNOWN` for a code this SDK cannot name.
 *
 * @example
 * ```ts
 * workflowStatusName(4); // 'CANCELLED'
 * ```
 */
export function workflowStatusName(code: number): WorkflowExecutionStatusName {
  return STATUS_NAMES[code] ?? 'UNKNOWN';
}
