/**
 * The memo summary of a task (what describe and list show without a query)
 * brought up to date. The workflow writes the summary with every event it
 * records; the pausing and resumed events that readers derive from the
 * history write none, so the summary can be behind by those. Nor does a run
 * that closes while pausing or paused (a pause timeout that fails it, a
 * termination): its closing event ends the pause.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlSummary } from '../common/memo';
import type { ControlEvent, ControlEventType, ControlStatus } from '../common/types';

/** The events that close a run: after one, nothing is pausing or paused. */
const CLOSING: ReadonlySet<ControlEventType> = new Set([
  'workflow.completed',
  'workflow.failed',
  'workflow.cancelled',
]);

/**
 * `summary` with `events` (those after its `lastEventSeq`, in order) applied.
 *
 * @example
 * ```ts
 * summaryAfter({ status: 'paused', checkpoint: 'idle', lastEventSeq: 2 }, [resumedEvent]);
 * // => { status: 'running', checkpoint: 'idle', lastEventSeq: 3 }
 * ```
 */
export function summaryAfter(
  summary: ControlSummary | undefined,
  events: readonly ControlEvent[],
): ControlSummary | undefined {
  let current = summary;
  for (const event of events) {
    const checkpoint = current?.checkpoint === undefined ? {} : { checkpoint: current.checkpoint };
    if (event.type === 'workflow.pausing') {
      const reason = event.reason === undefined ? {} : { reason: event.reason };
      current = { status: 'pausing', ...checkpoint, ...reason, lastEventSeq: event.seq };
    } else if (event.type === 'workflow.resumed') {
      current = { status: 'running', ...checkpoint, lastEventSeq: event.seq };
    } else if (CLOSING.has(event.type) && current !== undefined && current.status !== 'running') {
      // The last event the control state recorded stays the newest it knows.
      current = {
        status: statusShown(current.status, true),
        ...checkpoint,
        lastEventSeq: current.lastEventSeq,
      };
    }
  }
  return current;
}

/**
 * The control status a task shows, from the one its run recorded last: a
 * closed task is neither pausing nor paused, since its pause ended with the
 * run (a pause timeout that failed it, a termination), whatever the run
 * recorded before.
 *
 * @example
 * ```ts
 * statusShown('paused', true); // => 'running'
 * ```
 */
export function statusShown(recorded: ControlStatus, closed: boolean): ControlStatus {
  return closed ? 'running' : recorded;
}
