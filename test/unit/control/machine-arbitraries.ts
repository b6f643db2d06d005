// Random inputs for the control state machine, and a driver that applies
// them as a workflow would: time moves forward, continue-as-new hands the
// state to a new run, and every emitted event is collected across runs.
import fc from 'fast-check';
import { carryOver, initialState, type MachineState } from '../../../src/control/state';
import type { ControlEffect, ControlInput, EmittedEvent } from '../../../src/control/inputs';
import { transition } from '../../../src/control/transitions';

/** One step of a generated history: an input to the machine, or continue-as-new. */
export type Step = { input: ControlInput; elapsedMs: number } | { continueAsNew: true };

const requestIds = fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined });
const childIds = fc.constantFrom('child-1', 'child-2', 'child-3');

const pause = fc.record({
  kind: fc.constant('pause' as const),
  request: fc.record(
    {
      reason: fc.constantFrom('audit', 'outage'),
      requestId: requestIds,
      timeout: fc.constantFrom('1 minute', '1 day'),
      onTimeout: fc.constantFrom('resume' as const, 'fail' as const, 'cancel' as const),
      drain: fc.constantFrom('finish' as const, 'interrupt' as const),
    },
    { requiredKeys: [] },
  ),
});
const resume = fc.record({
  kind: fc.constant('resume' as const),
  request: fc.record({ requestId: requestIds, requestedBy: fc.constant('ops') }, { requiredKeys: [] }),
});

/** Any input at all, legal in the current phase or not. */
export const controlInput: fc.Arbitrary<ControlInput> = fc.oneof(
  { arbitrary: pause, weight: 4 },
  { arbitrary: resume, weight: 4 },
  {
    arbitrary: fc.record({ kind: fc.constant('park' as const), checkpoint: fc.constantFrom('a', 'b') }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('timeout' as const), pauseNumber: fc.nat(6) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'runStarted' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'activityStarted' as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'activityFinished' as const }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('activityInterrupted' as const),
      activityType: fc.constant('crawl'),
      progress: fc.nat(100),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ kind: 'drainWaitStarted' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'drainWaitEnded' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('childStarting' as const), workflowId: childIds }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('childStarted' as const), workflowId: childIds }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('childReported' as const),
      child: fc.record({
        workflowId: childIds,
        status: fc.constantFrom('running' as const, 'pausing' as const, 'paused' as const),
      }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('childClosed' as const), workflowId: childIds }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'cancel' as const }), weight: 1 },
);

/** A generated history: inputs with the time that passed before each, and some continue-as-news. */
export const history: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ input: controlInput, elapsedMs: fc.nat(90_000_000) }), weight: 30 },
    { arbitrary: fc.constant({ continueAsNew: true as const }), weight: 1 },
  ),
  { maxLength: 80 },
);

/** What one applied input did. */
export interface Applied {
  before: MachineState;
  input: ControlInput;
  after: MachineState;
  effects: ControlEffect[];
}

/** The outcome of driving the machine through a history. */
export interface Run {
  applied: Applied[];
  events: EmittedEvent[];
  final: MachineState;
  /** Pauses that ended (resumed, withdrawn, timed out or cancelled), in order. */
  endedPauses: number;
  /** True when a pause timeout failed the run (`onTimeout: 'fail'`): no input follows. */
  failed: boolean;
}

export const AUDIT_LIMIT = 5;

/** Applies `steps` from a fresh state, freezing every state so that a mutation throws. */
export function drive(steps: Step[]): Run {
  let state = deepFreeze(initialState());
  let atMs = Date.UTC(2026, 0, 1);
  const applied: Applied[] = [];
  const events: EmittedEvent[] = [];
  let endedPauses = 0;
  let failed = false;
  for (const step of steps) {
    if (failed) break;
    if ('continueAsNew' in step) {
      state = deepFreeze(carryOver(state));
      continue;
    }
    atMs += step.elapsedMs;
    const next = transition(state, step.input, { atMs, workflowId: 'wf', auditLimit: AUDIT_LIMIT });
    if (next.state.audit.length !== state.audit.length || next.state.audit.at(-1) !== state.audit.at(-1)) {
      endedPauses++;
    }
    applied.push({ before: state, input: step.input, after: next.state, effects: next.effects });
    for (const effect of next.effects) {
      if (effect.kind === 'emit') events.push(effect.event);
      if (effect.kind === 'fail') failed = true;
    }
    state = deepFreeze(next.state);
  }
  return { applied, events, final: state, endedPauses, failed };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const field of Object.values(value)) deepFreeze(field);
  }
  return value;
}
