/**
 * The audit list a reader keeps while it reads a run: the workflow's own
 * list is carried into each run (in its start memo) but not recorded with
 * each event, so a reader appends the pauses the run ended itself. A pause
 * a derived input ends is recorded by the transition the reader runs; one a
 * recorded event ends (a timeout, a cancellation, a resume with input) is
 * recorded here from the states before and after it.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlEvent, PauseRecord } from '../common/types';
import { DEFAULT_AUDIT_LIMIT, pauseRecord, type PauseEnding } from './audit';
import type { ControlInput } from './inputs';
import type { MachineState } from './state';

/**
 * How many past pauses a reader keeps: the workflow's default (the limit a
 * workflow configures for itself is not in its history).
 */
export const READER_AUDIT_LIMIT = DEFAULT_AUDIT_LIMIT;

/** Who ended a pause, and how, by the input that caused the recorded event. */
function endingBy(via: string, event: ControlEvent): Omit<PauseEnding, 'atMs'> {
  switch (via as ControlInput['kind']) {
    case 'timeout':
      return { resumedBy: 'timeout', outcome: 'timed_out' };
    case 'cancel':
      return { resumedBy: 'cancellation', outcome: 'cancelled' };
    default:
      return { resumedBy: event.requested_by, outcome: 'resumed' };
  }
}

/**
 * The audit list after recorded `event` (caused by input `via`) moved the
 * state from `before` to `after`: `before.audit`, plus the pause it ended,
 * if it ended one.
 *
 * @example
 * ```ts
 * auditAfterRecorded(parked, resumedByTimeout, 'timeout', resumedEvent); // [..., { outcome: 'timed_out', ... }]
 * ```
 */
export function auditAfterRecorded(
  before: MachineState,
  after: MachineState,
  via: string,
  event: ControlEvent,
): PauseRecord[] {
  const { phase } = before;
  // One event never ends a pause and starts another: a pause ended when the state went back to running.
  if (phase.status === 'running' || after.phase.status !== 'running') return before.audit;
  const parked = phase.status === 'paused' ? phase.pause : undefined;
  const ending = { atMs: Date.parse(event.timestamp), ...endingBy(via, event) };
  return [...before.audit, pauseRecord(phase.pause, parked, ending)].slice(-READER_AUDIT_LIMIT);
}
