/**
 * Reads a control event log back through the state machine: each recorded
 * event is turned into the input that produces it, and the machine must emit
 * that very event again (same `seq`, type and checkpoint). A log that folds
 * without a mismatch is one the library could have written; the state it
 * folds to is the control state the log describes.
 *
 * A test helper: the machine-property, derivation and storm tests fold the logs
 * the library writes.
 *
 * @module
 */
import { withoutUndefined } from '../../src/common/objects';
import type { ControlEvent } from '../../src/common/types';
import { initialState, type MachineState } from '../../src/control/state';
import type { ControlInput, EmittedEvent } from '../../src/control/inputs';
import { transition } from '../../src/control/transitions';

/** The outcome of {@link foldControlEvents}. */
export interface FoldedLog {
  /** The control state after the last event that folded. */
  state: MachineState;
  /** What the first event that does not follow from the ones before it is, if any. */
  mismatch?: string;
}

/**
 * Folds `events` (in `seq` order, as a reader yields them) through the
 * machine. Terminal events (`workflow.completed`, `workflow.failed`) must
 * come last.
 *
 * @example
 * ```ts
 * const { state, mismatch } = foldControlEvents(events, { auditLimit: 50 });
 * if (mismatch) throw new Error(mismatch);
 * state.phase.status; // 'running', 'pausing' or 'paused'
 * ```
 */
export function foldControlEvents(
  events: readonly ControlEvent[],
  options: { auditLimit: number },
): FoldedLog {
  let state = initialState();
  for (const [index, event] of events.entries()) {
    const input = inputOf(event);
    if (!input) {
      if (index === events.length - 1) break;
      return { state, mismatch: `${describe(event)} is terminal but is not the last event` };
    }
    const next = transition(state, input, {
      atMs: Date.parse(event.timestamp),
      workflowId: event.workflow_id,
      auditLimit: options.auditLimit,
    });
    const emitted = next.effects.flatMap((effect) => (effect.kind === 'emit' ? [effect.event] : []));
    if (emitted.length !== 1 || !sameEvent(emitted[0], event)) {
      const expected = emitted.map(describe).join(', ') || 'no event';
      return { state, mismatch: `${describe(event)} does not follow: the machine emits ${expected}` };
    }
    state = next.state;
  }
  return { state };
}

/** The input that makes the machine emit `event`; `undefined` for a terminal event. */
function inputOf(event: ControlEvent): ControlInput | undefined {
  switch (event.type) {
    case 'workflow.pausing':
      return {
        kind: 'pause',
        request: withoutUndefined({
          reason: event.reason,
          requestedBy: event.requested_by,
          traceId: event.trace_id,
        }),
      };
    case 'workflow.paused':
      return { kind: 'park', checkpoint: event.checkpoint ?? '' };
    case 'workflow.resumed':
      return { kind: 'resume', request: withoutUndefined({ requestedBy: event.requested_by }) };
    case 'workflow.cancelled':
      return { kind: 'cancel' };
    case 'workflow.completed':
    case 'workflow.failed':
      return undefined;
  }
}

function sameEvent(emitted: EmittedEvent, recorded: ControlEvent): boolean {
  return (
    emitted.seq === recorded.seq &&
    emitted.type === recorded.type &&
    emitted.checkpoint === recorded.checkpoint
  );
}

function describe(event: Pick<ControlEvent, 'seq' | 'type'>): string {
  return `event ${event.seq} (${event.type})`;
}
