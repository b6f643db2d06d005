/**
 * The events readers derive from the Temporal server's own pause and
 * unpause of a workflow (`WorkflowExecutionPaused` / `Unpaused` history
 * events, which the workflow never sees): numbered after the control event
 * before them, as ./event-cursor.ts says.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import { withoutUndefined } from '../common/objects';
import type { ControlEvent } from '../common/types';

/** The server paused (`paused: true`) or unpaused the workflow at `atMs`, as `identity` asked, for `reason`. */
export interface ServerPauseItem {
  kind: 'serverPause';
  paused: boolean;
  atMs: number;
  identity?: string;
  reason?: string;
}

/**
 * The event of `item`, the `serverSeq`-th server pause event after control
 * event `seq` of run `runId`.
 *
 * @example
 * ```ts
 * serverPauseEvent(item, { workflowId: 'w', runId, seq: 5, serverSeq: 1 }).type; // 'workflow.server_paused'
 * ```
 */
export function serverPauseEvent(
  item: ServerPauseItem,
  place: { workflowId: string; runId: string; seq: number; serverSeq: number },
): ControlEvent {
  return withoutUndefined({
    seq: place.seq,
    server_seq: place.serverSeq,
    workflow_id: place.workflowId,
    run_id: place.runId,
    type: item.paused ? 'workflow.server_paused' : 'workflow.server_unpaused',
    timestamp: new Date(item.atMs).toISOString(),
    identity: item.identity,
    reason: item.reason,
  });
}
