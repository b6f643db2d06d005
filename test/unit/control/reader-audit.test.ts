// The audit list a reader derives from a run's history is the one the
// workflow holds: the same inputs fed to the workflow's transitions and,
// as history items, to a reader.
import type { PauseRecord } from '../../../src/common/types';
import { ControlEventDeriver } from '../../../src/control/derivation';
import type { ControlHistoryItem } from '../../../src/control/history-item';
import { derivationRecord } from '../../../src/control/recording';
import type { ControlInput } from '../../../src/control/inputs';
import { initialState, type MachineState } from '../../../src/control/state';
import { transition } from '../../../src/control/transitions';
import { at, RUN, T0, task } from './history-fixtures';

const earlierPause: PauseRecord = {
  reason: 'last run',
  requestedAt: new Date(T0).toISOString(),
  endedAt: new Date(T0).toISOString(),
  pausedMs: 0,
  outcome: 'withdrawn',
};

/** One step of a run: what the workflow takes as `input` at `minutes`, and how it reaches the history. */
interface Step {
  minutes: number;
  input: ControlInput;
  /** An update readers derive from, or an event the workflow records. */
  as: 'update' | 'recorded';
}

/** The workflow's own state after `steps`, and the history items they leave. */
function run(steps: Step[], carried: MachineState) {
  let state = carried;
  const items: ControlHistoryItem[] = [
    { kind: 'runStarted', carried },
    ...task(0),
    { kind: 'marker', fromItsTask: true },
  ];
  for (const { minutes, input, as } of steps) {
    const next = transition(state, input, { atMs: at(minutes), workflowId: RUN.workflowId, auditLimit: 50 });
    state = next.state;
    if (as === 'update')
      items.push(...task(minutes), { kind: 'update', name: input.kind as 'pause' | 'resume', request: {} });
    if (as === 'recorded') {
      items.push(...task(minutes));
      for (const effect of next.effects) {
        if (effect.kind !== 'emit') continue;
        const event = { ...effect.event, workflow_id: RUN.workflowId, run_id: RUN.runId };
        items.push({ kind: 'recorded', event, derivation: derivationRecord(input.kind, state) });
      }
    }
  }
  return { state, items };
}

describe('the audit list a reader keeps', () => {
  it('is the workflow’s: carried over, and each pause ended by a resume, a timeout or a cancellation', () => {
    const carried = { ...initialState(), audit: [earlierPause] };
    const { state, items } = run(
      [
        { minutes: 1, input: { kind: 'pause', request: { timeout: '1 hour' } }, as: 'update' },
        { minutes: 2, input: { kind: 'park', checkpoint: 'idle' }, as: 'recorded' },
        { minutes: 62, input: { kind: 'timeout', pauseNumber: 1 }, as: 'recorded' },
        { minutes: 70, input: { kind: 'pause', request: {} }, as: 'update' },
        { minutes: 71, input: { kind: 'park', checkpoint: 'idle' }, as: 'recorded' },
        { minutes: 80, input: { kind: 'resume', request: {} }, as: 'update' },
        { minutes: 90, input: { kind: 'pause', request: {} }, as: 'update' },
        { minutes: 95, input: { kind: 'cancel' }, as: 'recorded' },
      ],
      carried,
    );
    const deriver = new ControlEventDeriver(RUN.workflowId, RUN.runId);
    for (const item of items) deriver.next(item);
    deriver.flush();
    expect(state.audit.map((record) => record.outcome)).toEqual([
      'withdrawn',
      'timed_out',
      'resumed',
      'cancelled',
    ]);
    expect(deriver.state?.audit).toEqual(state.audit);
  });
});
