/**
 * The memo summary of a task (what describe and list show without a query)
 * brought up to date. The workflow writes the summary with every event it
 * records; the pausing and resumed events that readers derive from the
 * history write none, so the summary can be behind by those.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlSummary } from '../common/memo';
import type { ControlEvent } from '../common/types';

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
    }
  }
  return current;
}
