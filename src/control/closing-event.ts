/**
 * The terminal event of a task's stream, derived by readers from the close
 * event of the last run: it follows the last recorded event, so the stream
 * stays gap-free, unless the workflow already recorded it itself (a
 * cancellation it saw).
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlEvent, ControlEventType } from '../common/types';

/** The control event types of how a run closed. */
export const CLOSING_EVENT_TYPES = ['workflow.completed', 'workflow.failed', 'workflow.cancelled'] as const;

/** How a run closed, as a control event type. */
export type ClosingEventType = (typeof CLOSING_EVENT_TYPES)[number] & ControlEventType;

/** Whether `type` says how a run closed. */
export function isClosingEventType(type: ControlEventType): type is ClosingEventType {
  return (CLOSING_EVENT_TYPES as readonly ControlEventType[]).includes(type);
}

/** What a reader knows when it meets the close event of the last run. */
export interface ClosingContext {
  workflowId: string;
  runId: string;
  /** `seq` of the last control event of the chain (0 when there was none). */
  lastSeq: number;
  /** Type of that event, if any. */
  lastType?: ControlEventType;
  /** ISO-8601 time of the close event. */
  timestamp: string;
}

/**
 * The terminal event for a run that closed as `type`, or `undefined` when the
 * workflow already recorded it as its last event.
 *
 * @example
 * ```ts
 * closingEvent('workflow.completed', { workflowId: 'w', runId: 'r', lastSeq: 4, timestamp });
 * // => { seq: 5, type: 'workflow.completed', workflow_id: 'w', run_id: 'r', timestamp }
 * ```
 */
export function closingEvent(type: ClosingEventType, context: ClosingContext): ControlEvent | undefined {
  if (type === context.lastType) return undefined;
  return {
    seq: context.lastSeq + 1,
    workflow_id: context.workflowId,
    run_id: context.runId,
    type,
    timestamp: context.timestamp,
  };
}
