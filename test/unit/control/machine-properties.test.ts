// Property tests of the control state machine: random histories of pause,
// resume, park, timeout, cancel, activities, children and continue-as-new
// keep the invariants the library promises.
import fc from 'fast-check';
import type { ControlEvent } from '../../../src/common/types';
import { foldControlEvents } from '../../support/event-log';
import { CONTROL_RULES } from '../../../src/control/rules';
import { isDrained } from '../../../src/control/state';
import { transition } from '../../../src/control/transitions';
import { AUDIT_LIMIT, drive, history } from './machine-arbitraries';

/** How many generated histories each property runs (`FC_RUNS` raises it). */
const RUNS = Number(process.env.FC_RUNS ?? 1000);
const CONTEXT = { atMs: Date.UTC(2026, 0, 1), workflowId: 'wf', auditLimit: AUDIT_LIMIT };

describe('the control state machine, over random histories', () => {
  it('emits `workflow.paused` only when nothing is in flight and every child is parked', () => {
    fc.assert(
      fc.property(history, (steps) => {
        for (const { after, effects } of drive(steps).applied) {
          if (effects.some((effect) => effect.kind === 'emit' && effect.event.type === 'workflow.paused')) {
            // The counts a park sees are those after its input: parking itself changes none.
            expect(isDrained(after)).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives only the events and effects its rulebook row lists', () => {
    fc.assert(
      fc.property(history, (steps) => {
        for (const { input, effects } of drive(steps).applied) {
          const rule = CONTROL_RULES[input.kind];
          // A row that settles may park a parent waiting on its children.
          const events = rule.settles ? [...rule.emits, 'workflow.paused'] : rule.emits;
          for (const effect of effects) {
            if (effect.kind === 'emit') expect(events).toContain(effect.event.type);
            else expect(rule.effects).toContain(effect.kind);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps `seq` gap-free from 1 across continue-as-new', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const { events, final } = drive(steps);
        expect(events.map((event) => event.seq)).toEqual(events.map((_event, index) => index + 1));
        expect(final.lastEventSeq).toBe(events.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('emits events in the order running → pausing → (paused) → running, one `paused` per pause', () => {
    fc.assert(
      fc.property(history, (steps) => {
        let status: 'running' | 'pausing' | 'paused' = 'running';
        for (const event of drive(steps).events) {
          switch (event.type) {
            case 'workflow.pausing':
              expect(status).toBe('running');
              status = 'pausing';
              break;
            case 'workflow.paused':
              expect(status).toBe('pausing');
              status = 'paused';
              break;
            case 'workflow.resumed':
              expect(status).not.toBe('running');
              expect(event.checkpoint !== undefined).toBe(status === 'paused');
              status = 'running';
              break;
            default:
              status = 'running';
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reports the phase that its events announce, and counts every park', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const { events, final, failed } = drive(steps);
        // A pause that times out with `onTimeout: 'fail'` ends the run without an event of its own.
        const last = failed ? undefined : events.at(-1)?.type;
        const announced =
          last === 'workflow.pausing' ? 'pausing' : last === 'workflow.paused' ? 'paused' : 'running';
        expect(final.phase.status).toBe(announced);
        expect(final.pauseCount).toBe(events.filter((event) => event.type === 'workflow.paused').length);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the audit list bounded, one record per ended pause, newest last', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const { final, endedPauses } = drive(steps);
        expect(final.audit.length).toBe(Math.min(AUDIT_LIMIT, endedPauses));
        const endings = final.audit.map((record) => Date.parse(record.endedAt));
        expect(endings).toEqual([...endings].sort((a, b) => a - b));
      }),
      { numRuns: RUNS },
    );
  });

  it('treats a pause or resume with a `requestId` already accepted as a success that changes nothing', () => {
    fc.assert(
      fc.property(history, fc.constantFrom('pause' as const, 'resume' as const), (steps, kind) => {
        const input =
          kind === 'pause'
            ? { kind, request: { requestId: 'once', reason: 'r' } }
            : { kind, request: { requestId: 'once' } };
        const { final, failed } = drive([...steps, { input, elapsedMs: 1 }]);
        fc.pre(!failed);
        const repeated = transition(final, input, CONTEXT);
        expect(repeated.effects).toEqual([]);
        expect(repeated.state).toEqual(final);
      }),
      { numRuns: RUNS },
    );
  });

  it('never mutates the state it is given (every state is frozen while driven)', () => {
    fc.assert(
      fc.property(history, (steps) => {
        expect(() => drive(steps)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('an event log read back through the machine', () => {
  it('folds every log the machine writes to the state that wrote it', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const { events, final, failed } = drive(steps);
        // A pause timeout with `onTimeout: 'fail'` ends the run with no event: its log stops paused.
        fc.pre(!failed);
        const recorded = events.map((event) => ({ ...event, workflow_id: 'wf', run_id: 'r' }));
        const folded = foldControlEvents(recorded, { auditLimit: AUDIT_LIMIT });
        expect(folded.mismatch).toBeUndefined();
        expect(folded.state.phase.status).toBe(final.phase.status);
        expect(folded.state.pauseCount).toBe(final.pauseCount);
        expect(folded.state.lastEventSeq).toBe(final.lastEventSeq);
      }),
      { numRuns: RUNS },
    );
  });

  it('names the first event that does not follow', () => {
    const event = (seq: number, type: ControlEvent['type']): ControlEvent => ({
      seq,
      type,
      workflow_id: 'wf',
      run_id: 'r',
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(
      foldControlEvents([event(1, 'workflow.pausing'), event(3, 'workflow.paused')], { auditLimit: 5 })
        .mismatch,
    ).toBe('event 3 (workflow.paused) does not follow: the machine emits event 2 (workflow.paused)');
    expect(foldControlEvents([event(1, 'workflow.paused')], { auditLimit: 5 }).mismatch).toBe(
      'event 1 (workflow.paused) does not follow: the machine emits no event',
    );
  });
});
