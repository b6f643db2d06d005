// Example-based tests of the transition table, one row at a time.
import { AWAITING_CHILDREN, PRE_ACTIVITY } from '../../../src/common/checkpoints';
import { ALREADY_PAUSED, NOT_PAUSED, PAUSE_TIMED_OUT } from '../../../src/common/errors';
import { pauseRejection, resumeRejection } from '../../../src/control/rejections';
import { childStartState } from '../../../src/control/children';
import type { ControlInput } from '../../../src/control/inputs';
import { transition } from '../../../src/control/transitions';
import { controlStateView, fromCarried, initialState, type MachineState } from '../../../src/control/state';

const START = Date.UTC(2026, 0, 1);

/** Applies inputs one minute apart; returns the final state and every effect. */
function run(inputs: ControlInput[], from: MachineState = initialState()) {
  let state = from;
  const effects = [];
  for (const [index, input] of inputs.entries()) {
    const next = transition(state, input, { atMs: START + index * 60_000, workflowId: 'wf', auditLimit: 50 });
    state = next.state;
    effects.push(...next.effects);
  }
  return {
    state,
    effects,
    events: effects.flatMap((effect) => (effect.kind === 'emit' ? [effect.event] : [])),
  };
}

const pause = (request = {}): ControlInput => ({ kind: 'pause', request });
const resume = (request = {}): ControlInput => ({ kind: 'resume', request });
const park = (checkpoint = 'step'): ControlInput => ({ kind: 'park', checkpoint });

describe('the control transitions', () => {
  it('running → pausing on a pause, announcing it', () => {
    const { state, events } = run([pause({ reason: 'audit', requestedBy: 'ops' })]);
    expect(state.phase.status).toBe('pausing');
    expect(events).toEqual([
      {
        seq: 1,
        type: 'workflow.pausing',
        timestamp: new Date(START).toISOString(),
        reason: 'audit',
        requested_by: 'ops',
      },
    ]);
  });

  it('stays pausing while an activity is in flight, and parks once it settled', () => {
    const busy = run([{ kind: 'activityStarted' }, pause(), park()]);
    expect(busy.state.phase.status).toBe('pausing');
    const drained = run([{ kind: 'activityFinished' }, park('after_step')], busy.state);
    expect(drained.state.phase).toMatchObject({ status: 'paused', pause: { checkpoint: 'after_step' } });
    expect(drained.events.map((event) => [event.type, event.checkpoint])).toEqual([
      ['workflow.paused', 'after_step'],
    ]);
  });

  it('withdraws a pending pause on resume: `workflow.resumed` without a checkpoint, audit `withdrawn`', () => {
    const { state, events } = run([pause(), resume({ requestedBy: 'ops' })]);
    expect(state.phase.status).toBe('running');
    expect(events.at(-1)).toMatchObject({ type: 'workflow.resumed', paused_ms: 0, requested_by: 'ops' });
    expect(events.at(-1)?.checkpoint).toBeUndefined();
    expect(state.audit).toEqual([expect.objectContaining({ outcome: 'withdrawn', pausedMs: 0 })]);
  });

  it('resumes a parked workflow with the time it spent parked and the resume input', () => {
    const { state, events } = run([
      pause(),
      park('a'),
      { kind: 'drainWaitStarted' },
      resume({ input: 'go' }),
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'workflow.resumed', checkpoint: 'a', paused_ms: 120_000 });
    expect(state).toMatchObject({
      totalPausedMs: 120_000,
      pauseCount: 1,
      resumeInput: 'go',
      lastCheckpoint: 'a',
    });
  });

  it.each([
    ['resume', 'workflow.resumed', undefined],
    ['fail', undefined, 'fail'],
    ['cancel', 'workflow.cancelled', 'cancelRun'],
  ] as const)('applies `onTimeout: %s` once the parked pause times out', (onTimeout, event, effect) => {
    const parked = run([pause({ timeout: '1 hour', onTimeout }), park()]);
    expect(controlStateView(parked.state).deadline).toBe(new Date(START + 60_000 + 3_600_000).toISOString());
    const stale = run([{ kind: 'timeout', pauseNumber: 7 }], parked.state);
    expect(stale.effects).toEqual([]);
    const { state, effects } = run([{ kind: 'timeout', pauseNumber: 1 }], parked.state);
    expect(state.phase.status).toBe('running');
    expect(state.audit.at(-1)).toMatchObject({ outcome: 'timed_out', resumedBy: 'timeout' });
    const emitted = effects.flatMap((e) => (e.kind === 'emit' ? [e.event.type] : []));
    expect(emitted).toEqual(event ? [event] : []);
    if (effect === 'fail')
      expect(effects).toContainEqual(expect.objectContaining({ kind: 'fail', errorType: PAUSE_TIMED_OUT }));
    if (effect === 'cancelRun')
      expect(effects).toContainEqual(expect.objectContaining({ kind: 'cancelRun' }));
  });

  it('interrupts activities on a `drain: interrupt` pause and names them, with the drain time, when it parks', () => {
    const { state, effects, events } = run([
      { kind: 'activityStarted' },
      pause({ drain: 'interrupt' }),
      { kind: 'activityInterrupted', activityType: 'crawl', progress: 10 },
      { kind: 'activityFinished' },
      park(PRE_ACTIVITY),
    ]);
    expect(effects.filter((effect) => effect.kind === 'interruptActivities')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      type: 'workflow.paused',
      drain_ms: 180_000,
      interrupted: [{ activity_type: 'crawl', progress: 10 }],
    });
    expect(controlStateView(state).interruptedActivities).toEqual([
      { activityType: 'crawl', progress: 10, interruptedAt: new Date(START + 120_000).toISOString() },
    ]);
    const resumed = run([resume()], state);
    expect(controlStateView(resumed.state).interruptedActivities).toBeUndefined();
    expect(run([pause()]).effects.some((effect) => effect.kind === 'interruptActivities')).toBe(false);
  });

  it('ends a pause on cancellation and says whether it was parked', () => {
    const { state, events } = run([pause(), park('a'), { kind: 'cancel' }]);
    expect(events.at(-1)).toMatchObject({ type: 'workflow.cancelled', checkpoint: 'a', was_paused: true });
    expect(state.audit.at(-1)).toMatchObject({ outcome: 'cancelled', resumedBy: 'cancellation' });
  });

  it('parks a parent that waits only on parked children at `awaiting_children`', () => {
    const { state, events } = run([
      { kind: 'childStarting', workflowId: 'c1' },
      { kind: 'childStarted', workflowId: 'c1' },
      pause(),
      { kind: 'childReported', child: { workflowId: 'c1', status: 'paused', checkpoint: 'x' } },
    ]);
    expect(state.phase).toMatchObject({ status: 'paused', pause: { checkpoint: AWAITING_CHILDREN } });
    expect(events.map((event) => event.type)).toEqual(['workflow.pausing', 'workflow.paused']);
  });

  it('cascades pause and resume to started children, and a pending pause to a child that starts later', () => {
    const { effects } = run([
      { kind: 'childStarting', workflowId: 'c1' },
      { kind: 'childStarted', workflowId: 'c1' },
      { kind: 'childStarting', workflowId: 'c2' },
      pause({ reason: 'r' }),
      { kind: 'childStarted', workflowId: 'c2' },
      resume(),
    ]);
    const signals = effects.filter((effect) => effect.kind !== 'emit');
    expect(signals).toEqual([
      { kind: 'pauseChildren', request: { reason: 'r', requestId: 'wf#1' }, workflowIds: ['c1'] },
      { kind: 'pauseChildren', request: { reason: 'r', requestId: 'wf#1' }, workflowIds: ['c2'] },
      { kind: 'resumeChildren', request: { requestId: 'wf#2' }, workflowIds: ['c1', 'c2'] },
    ]);
  });

  it('starts a child of a pausing parent with the pause pending, and announces it once', () => {
    const parent = run([pause({ reason: 'r' })]).state;
    const child = childStartState(parent, 'wf');
    expect(childStartState(initialState(), 'wf')).toBeUndefined();
    const { events } = run([{ kind: 'runStarted' }, { kind: 'runStarted' }], child);
    expect(events.map((event) => [event.seq, event.type, event.reason])).toEqual([
      [1, 'workflow.pausing', 'r'],
    ]);
  });

  it('rejects a second pause and a resume of a running workflow, but not a repeated request id', () => {
    const pausing = run([pause({ requestId: 'p1' })]).state;
    expect(pauseRejection(pausing, { requestId: 'p2' })?.type).toBe(ALREADY_PAUSED);
    expect(pauseRejection(pausing, { requestId: 'p1' })).toBeUndefined();
    expect(resumeRejection(initialState(), {}, undefined)?.type).toBe(NOT_PAUSED);
    expect(resumeRejection(pausing, { input: 3 }, () => 'expected a string')?.message).toBe(
      'Invalid resume `input`: expected a string',
    );
  });

  it('reads the carry-over of version 0.1', () => {
    const state = fromCarried({
      pendingPause: { request: { reason: 'old' }, requestedAtMs: START },
      lastCheckpoint: 'a',
      pauseCount: 2,
      totalPausedMs: 10,
      lastEventSeq: 7,
      audit: [],
      pauseIds: ['x'],
      resumeIds: [],
    });
    expect(state).toMatchObject({
      phase: { status: 'pausing' },
      lastEventSeq: 7,
      pauseCount: 2,
      pauseIds: ['x'],
    });
    expect(fromCarried(undefined)).toBeUndefined();
  });
});
