/**
 * The `patched()` markers that say a run derives its `workflow.pausing`
 * and `workflow.resumed` events (see ./derivation.ts), and where each
 * version put it.
 *
 * Anywhere zone, pure.
 *
 * @module
 */

/**
 * Recorded in the workflow task of the run's first control event, so that
 * a run that never has one carries no marker. Readers derive what that
 * task processed.
 */
export const DERIVED_EVENTS_AT_FIRST_EVENT_PATCH = 'temporal-checkpoint.derived-events-at-first-event';

/**
 * The marker of earlier versions, recorded in the task that installed the
 * control, in every run. What that task processed was recorded; readers
 * derive from the next task on. Those histories still replay and read.
 */
export const DERIVED_EVENTS_PATCH = 'temporal-checkpoint.derived-events';

/**
 * Whether readers derive what the task of a marker with patch id `id`
 * processed (`true`), only from the next task on (`false`), or `id` is no
 * derivation marker (`undefined`).
 */
export function derivesFromMarkerTask(id: unknown): boolean | undefined {
  if (id === DERIVED_EVENTS_AT_FIRST_EVENT_PATCH) return true;
  if (id === DERIVED_EVENTS_PATCH) return false;
  return undefined;
}
