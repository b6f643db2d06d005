// The recording policy: which events a run records and which its readers derive.
import type { PauseRequest } from '../../../src/common/types';
import type { ControlInput } from '../../../src/control/inputs';
import { derivationRecord, recordingOf } from '../../../src/control/recording';
import { initialState } from '../../../src/control/state';
import { transition } from '../../../src/control/transitions';

const CONTEXT = { atMs: Date.UTC(2026, 0, 1), workflowId: 'wf', auditLimit: 5 };

describe('the recording policy', () => {
  const pause = (request: PauseRequest = {}): ControlInput => ({ kind: 'pause', request });
  /** A pause taken by a drained workflow: it gives `pausing` and, settling, `paused` at once. */
  function pausedAtOnce() {
    const state = { ...initialState(), children: [{ workflowId: 'child', status: 'paused' as const }] };
    const { state: after, effects } = transition(state, pause(), CONTEXT);
    const events = effects.flatMap((effect) => (effect.kind === 'emit' ? [effect.event] : []));
    return { after, events };
  }

  it('derives the pausing of a signal or update in a run that derives now, and records the park it settled', () => {
    const { after, events } = pausedAtOnce();
    expect(events.map((event) => event.type)).toEqual(['workflow.pausing', 'workflow.paused']);
    const run = { derives: true, derivesNow: true };
    expect(recordingOf(events[0], pause(), 'signal', run, after)).toBe('derived');
    expect(recordingOf(events[0], pause(), 'update', run, after)).toBe('derived');
    expect(recordingOf(events[1], pause(), 'signal', run, after)).toEqual(derivationRecord('pause', after));
  });

  it('records what no reader can decide, and everything in a run that does not derive (yet)', () => {
    const { after, events } = pausedAtOnce();
    const resumeWithInput: ControlInput = { kind: 'resume', request: { input: { x: 1 } } };
    expect(recordingOf(events[0], pause(), undefined, { derives: true, derivesNow: true }, after)).toEqual(
      derivationRecord('pause', after),
    );
    expect(
      recordingOf(events[0], resumeWithInput, 'signal', { derives: true, derivesNow: true }, after),
    ).toEqual(derivationRecord('resume', after));
    expect(
      recordingOf(events[0], resumeWithInput, 'update', { derives: true, derivesNow: true }, after),
    ).toBe('derived');
    expect(recordingOf(events[0], pause(), 'signal', { derives: true, derivesNow: false }, after)).toEqual(
      derivationRecord('pause', after),
    );
    expect(recordingOf(events[0], pause(), 'signal', { derives: false, derivesNow: false }, after)).toBe(
      'recorded',
    );
  });
});
