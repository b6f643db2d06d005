/**
 * The memo summary of a task (what describe and list show without a query):
 * what the workflow writes from its state with every event it records, and
 * how a reader brings it up to date. The pausing and resumed events that
 * readers derive from the history write no summary, so it can be behind by
 * those; nor does a run that closes while pausing or paused (a pause
 * timeout that fails it, a termination): its closing event ends the pause.
 * Both sides' rule, in one place.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlSummary } from '../common/memo';
import { withoutUndefined } from '../common/objects';
import type { ControlEvent, ControlEventType, ControlStatus } from '../common/types';
import { isoTime, type MachineState } from './state';

/** The summary of `state`, as the workflow writes it with each recorded event. */
export function controlSummary(state: MachineState): ControlSummary {
  const { phase } = state;
  return withoutUndefined({
    status: phase.status,
    checkpoint: state.lastCheckpoint,
    reason: phase.status === 'running' ? undefined : phase.pause.request.reason,
    pausedAt: isoTime(phase.status === 'paused' ? phase.pause.pausedAtMs : undefined),
    lastEventSeq: state.lastEventSeq,
  });
}

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
