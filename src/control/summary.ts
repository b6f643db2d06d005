/**
 * The memo summary of a task (what describe and list show without a query):
 * what the workflow writes from its state with every event it records, and
 * how a reader brings it up to date with the pausing and resumed events it
 * derives from the history (those write no summary, so it can be behind by
 * them). Both sides' rule, in one place.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlSummary } from '../common/memo';
import { withoutUndefined } from '../common/objects';
import type { ControlEvent } from '../common/types';
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
