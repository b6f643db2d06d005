/**
 * The memo summary of a task (what describe and list show without a query):
 * what the workflow writes from its state with every event it records, and
 * what a reader shows, computed from the state the history reads to by the
 * same rule. The pausing and resumed events that readers derive from the
 * history write no summary, so the memo can be behind by those; nor does a
 * run that closes while pausing or paused (a pause timeout that fails it, a
 * termination): its close ends the pause. Both sides' rule, in one place.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlSummary } from '../common/memo';
import { withoutUndefined } from '../common/objects';
import type { ControlStatus } from '../common/types';
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
 * The summary a reader shows, by the same rule the workflow writes it:
 * {@link controlSummary} of the state the run's history reads to, which
 * has the derived events the memo lacks. A run of a version that did not
 * record that state derived no events, so its `recorded` memo summary
 * misses nothing. Once the run has `closed`, nothing is pausing or paused
 * (see {@link statusShown}); the pause's reason and time go with it.
 *
 * @example
 * ```ts
 * readerSummary(recorded, stateAfterResume, false); // => { status: 'running', checkpoint: 'idle', lastEventSeq: 3 }
 * readerSummary(recorded, parkedState, true); // => { status: 'running', checkpoint: 'idle', lastEventSeq: 2 }
 * ```
 */
export function readerSummary(
  recorded: ControlSummary | undefined,
  state: MachineState | undefined,
  closed: boolean,
): ControlSummary | undefined {
  const current = state ? controlSummary(state) : recorded;
  if (current === undefined || statusShown(current.status, closed) === current.status) return current;
  const closedSummary: ControlSummary = { status: 'running', lastEventSeq: current.lastEventSeq };
  return current.checkpoint === undefined
    ? closedSummary
    : { ...closedSummary, checkpoint: current.checkpoint };
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
