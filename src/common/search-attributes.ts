/**
 * The search attributes of the worker-process stack: who owns a task, its
 * tenant, its control status, the `requestId` of its current pause and the
 * hold it was started under. All are Keyword attributes, so that visibility
 * queries (`GET /api/v1/tasks`, bulk actions, holds) can select them
 * exactly. (Temporal reserves names that start with `Temporal` for itself: a
 * server refuses to register them.)
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */

/** The `user_id` of the caller that submitted the task. */
export const OWNER_SEARCH_ATTRIBUTE = 'CheckpointOwner';
/** The `tenant_id` of the caller that submitted the task; every query of the API is narrowed by it. */
export const TENANT_SEARCH_ATTRIBUTE = 'CheckpointTenant';
/** The control status (`running`, `pausing`, `paused`), kept current by the workflow. */
export const STATUS_SEARCH_ATTRIBUTE = 'CheckpointStatus';
/**
 * The `requestId` of the task's current pause, kept current by the workflow
 * (unset while running): a hold counts and releases the tasks whose current
 * pause is its own (`hold:<hold_id>`).
 */
export const PAUSE_REQUEST_SEARCH_ATTRIBUTE = 'CheckpointPauseRequest';
/** The id of the hold a task was started paused under (a record: it stays after the hold's pause ends). */
export const HOLD_SEARCH_ATTRIBUTE = 'CheckpointHold';

/** Every search attribute the stack registers, all of type Keyword. */
export const STACK_SEARCH_ATTRIBUTES: readonly string[] = [
  OWNER_SEARCH_ATTRIBUTE,
  TENANT_SEARCH_ATTRIBUTE,
  STATUS_SEARCH_ATTRIBUTE,
  PAUSE_REQUEST_SEARCH_ATTRIBUTE,
  HOLD_SEARCH_ATTRIBUTE,
];

/**
 * The `installControl()` options (or the plugin's `control` defaults) that
 * keep the stack's workflow-written search attributes current.
 */
export const STACK_CONTROL_OPTIONS = {
  statusSearchAttribute: STATUS_SEARCH_ATTRIBUTE,
  pauseRequestSearchAttribute: PAUSE_REQUEST_SEARCH_ATTRIBUTE,
} as const;

/**
 * `value` as a string literal of a visibility query: single-quoted, with
 * quotes and backslashes escaped, so that no value can end the literal.
 *
 * @example
 * ```ts
 * `${TENANT_SEARCH_ATTRIBUTE}=${queryLiteral("acme's")}` // CheckpointTenant='acme\'s'
 * ```
 */
export function queryLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
