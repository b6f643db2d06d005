// The summary a reader shows: the workflow's own rule, from the state the history reads to.
import fc from 'fast-check';
import type { ControlSummary } from '../../../src/common/memo';
import type { ControlInput } from '../../../src/control/inputs';
import { initialState, type MachineState } from '../../../src/control/state';
import { controlSummary, readerSummary } from '../../../src/control/summary';
import { transition } from '../../../src/control/transitions';

const at = Date.UTC(2026, 0, 1);
const after = (state: MachineState, ...inputs: ControlInput[]): MachineState =>
  inputs.reduce(
    (current, input, index) =>
      transition(current, input, { atMs: at + index * 1_000, workflowId: 'wf', auditLimit: 50 }).state,
    state,
  );

const pause: ControlInput = { kind: 'pause', request: { reason: 'audit' } };
const park: ControlInput = { kind: 'park', checkpoint: 'idle' };
const resume: ControlInput = { kind: 'resume', request: {} };
const parked = after(initialState(), pause, park);
/** What the memo holds once the run parked: the last summary the workflow wrote. */
const parkedMemo = controlSummary(parked);

describe('the summary a reader shows', () => {
  it('is running after a resume the memo does not record, and keeps the checkpoint', () => {
    const resumed = after(parked, resume);
    expect(readerSummary(parkedMemo, resumed, false)).toEqual({
      status: 'running',
      checkpoint: 'idle',
      lastEventSeq: resumed.lastEventSeq,
    });
    expect(resumed.lastEventSeq).toBeGreaterThan(parkedMemo.lastEventSeq);
  });

  it('is pausing, with the reason, after a pause the memo does not record', () => {
    const again = after(parked, resume, { kind: 'pause', request: { reason: 'again' } });
    expect(readerSummary(parkedMemo, again, false)).toMatchObject({
      status: 'pausing',
      checkpoint: 'idle',
      reason: 'again',
    });
  });

  it('is running once the run closed while paused or pausing, and keeps the last seq', () => {
    expect(readerSummary(parkedMemo, parked, true)).toEqual({
      status: 'running',
      checkpoint: 'idle',
      lastEventSeq: parked.lastEventSeq,
    });
    const pausing = after(initialState(), pause);
    expect(readerSummary(undefined, pausing, true)).toEqual({ status: 'running', lastEventSeq: 1 });
  });

  it("is the memo's for a run that did not record its state (it derived no events), closed or not", () => {
    expect(readerSummary(parkedMemo, undefined, false)).toBe(parkedMemo);
    expect(readerSummary(parkedMemo, undefined, true)).toEqual({
      status: 'running',
      checkpoint: 'idle',
      lastEventSeq: parkedMemo.lastEventSeq,
    });
    const running: ControlSummary = { status: 'running', checkpoint: 'idle', lastEventSeq: 3 };
    expect(readerSummary(running, undefined, true)).toBe(running);
    expect(readerSummary(undefined, undefined, true)).toBeUndefined();
  });

  it('is what the workflow writes from the same state while the run is open', () => {
    const inputs = fc.constantFrom<ControlInput>(pause, park, resume, { kind: 'cancel' });
    fc.assert(
      fc.property(fc.array(inputs, { maxLength: 12 }), (sequence) => {
        const state = after(initialState(), ...sequence);
        expect(readerSummary(undefined, state, false)).toEqual(controlSummary(state));
      }),
    );
  });
});
