/**
 * The rulebook of the control machine, as data: for each input, the phases
 * in which it acts (in any other it changes nothing), what it does there,
 * the events and effects it may give, and whether a drain may settle after
 * it. `transition()` (./transitions.ts) executes this table and nothing
 * else; `docs/design.md` shows it (a unit test checks that the page and the
 * table agree), and a property test checks that no transition gives an
 * event or effect its row does not list.
 *
 * Whether a pause or resume is taken at all is `accepts()` (./accepts.ts),
 * which the update validators ask too. Inputs that only count (activities,
 * drain waits, children) change fields and give nothing.
 *
 * Anywhere zone, pure: no Temporal API, no clock.
 *
 * @module
 */
import type { WorkflowEventType } from '../common/types';
import type { ControlEffect, ControlInput } from './inputs';
import type { ControlPhase } from './state';
import type { Step } from './step';

/** A phase's name. */
export type PhaseStatus = ControlPhase['status'];

/** One row of the rulebook: what the input `K` does. */
export interface ControlRule<K extends ControlInput['kind']> {
  /** The phases in which the input acts. */
  acts: readonly PhaseStatus[];
  /** What it does there, in words (the docs' table). */
  does: string;
  /** The events it may emit. */
  emits: readonly WorkflowEventType[];
  /** The effects other than events it may give. */
  effects: readonly Exclude<ControlEffect['kind'], 'emit'>[];
  /**
   * Whether a drain may settle after it: a parent that waits only on
   * parked children then parks at `awaiting_children` (and emits
   * `workflow.paused`).
   */
  settles: boolean;
  /** Applies the input to the transition being built. */
  apply(step: Step, input: Extract<ControlInput, { kind: K }>): void;
}

/** What a row says, leaving out how it is applied. */
export type RuleFacts = Omit<ControlRule<ControlInput['kind']>, 'apply'>;

const ANY: readonly PhaseStatus[] = ['running', 'pausing', 'paused'];

/** The rulebook: one row per input. */
export const CONTROL_RULES: { readonly [K in ControlInput['kind']]: ControlRule<K> } = {
  pause: {
    acts: ANY,
    does: 'if `accepts()` takes it: `pausing`; interrupts activities for `drain: interrupt`; pauses started children',
    emits: ['workflow.pausing'],
    effects: ['interruptActivities', 'pauseChildren'],
    settles: true,
    apply: (step, input) => step.pause(input.request),
  },
  resume: {
    acts: ANY,
    does: 'if `accepts()` takes it: `running`, the pause `resumed` (or `withdrawn` if it never parked); resumes started children',
    emits: ['workflow.resumed'],
    effects: ['resumeChildren'],
    settles: false,
    apply: (step, input) => step.resume(input.request),
  },
  park: {
    acts: ['pausing'],
    does: 'once drained: `paused` at the checkpoint, with its deadline',
    emits: ['workflow.paused'],
    effects: [],
    settles: false,
    apply: (step, input) => step.park(input.checkpoint),
  },
  timeout: {
    acts: ['paused'],
    does: "for the parked pause's number: its `on_timeout` — `resume`, `fail` the run or `cancel` it",
    emits: ['workflow.resumed', 'workflow.cancelled'],
    effects: ['resumeChildren', 'fail', 'cancelRun'],
    settles: false,
    apply: (step, input) => step.timeout(input.pauseNumber),
  },
  cancel: {
    acts: ANY,
    does: 'ends a pause as `cancelled`',
    emits: ['workflow.cancelled'],
    effects: [],
    settles: false,
    apply: (step) => step.cancel(),
  },
  runStarted: {
    acts: ['pausing'],
    does: 'a run started paused announces its pause as its first event',
    emits: ['workflow.pausing'],
    effects: [],
    settles: false,
    apply: (step) => step.runStarted(),
  },
  childStarting: {
    acts: ANY,
    does: 'counts the child: `starting`, or `pausing` if the parent is not running',
    emits: [],
    effects: [],
    settles: false,
    apply: (step, { workflowId }) => {
      const status = step.state.phase.status === 'running' ? 'starting' : 'pausing';
      const others = step.state.children.filter((child) => child.workflowId !== workflowId);
      step.set({ children: [...others, { workflowId, status }] });
    },
  },
  childStarted: {
    acts: ANY,
    does: 'the child receives pause and resume from now on; pauses it if the parent is not running',
    emits: [],
    effects: ['pauseChildren'],
    settles: false,
    apply: (step, input) => step.childStarted(input.workflowId),
  },
  childReported: {
    acts: ANY,
    does: "takes the child's reported status",
    emits: [],
    effects: [],
    settles: true,
    apply: (step, { child }) =>
      step.set({
        children: step.state.children.map((known) =>
          known.workflowId === child.workflowId ? { ...child } : known,
        ),
      }),
  },
  childClosed: {
    acts: ANY,
    does: 'forgets the child',
    emits: [],
    effects: [],
    settles: true,
    apply: (step, { workflowId }) =>
      step.set({ children: step.state.children.filter((child) => child.workflowId !== workflowId) }),
  },
  activityStarted: {
    acts: ANY,
    does: 'one more activity in flight',
    emits: [],
    effects: [],
    settles: false,
    apply: (step) => step.set({ inFlight: step.state.inFlight + 1 }),
  },
  activityFinished: {
    acts: ANY,
    does: 'one activity fewer in flight',
    emits: [],
    effects: [],
    settles: true,
    apply: (step) => step.set({ inFlight: Math.max(0, step.state.inFlight - 1) }),
  },
  activityInterrupted: {
    acts: ['pausing'],
    does: 'notes the interrupted activity and its progress (the list ends with the pause)',
    emits: [],
    effects: [],
    settles: false,
    apply: (step, { activityType, progress }) => {
      const interruptedAt = new Date(step.atMs).toISOString();
      step.set({ interrupted: [...step.state.interrupted, { activityType, progress, interruptedAt }] });
    },
  },
  drainWaitStarted: {
    acts: ANY,
    does: 'one more checkpoint waiting for the drain',
    emits: [],
    effects: [],
    settles: false,
    apply: (step) => step.set({ drainWaiters: step.state.drainWaiters + 1 }),
  },
  drainWaitEnded: {
    acts: ANY,
    does: 'one checkpoint fewer waiting',
    emits: [],
    effects: [],
    settles: false,
    apply: (step) => step.set({ drainWaiters: Math.max(0, step.state.drainWaiters - 1) }),
  },
};

/**
 * The rulebook's rows as `docs/design.md` shows them: input, the phases it
 * acts in, what it does, its events, its other effects, whether it settles.
 *
 * @example
 * ```ts
 * rulebookRows()[0]; // ['`pause`', 'any', 'if `accepts()` takes it: …', '`workflow.pausing`', …, 'yes']
 * ```
 */
export function rulebookRows(): string[][] {
  const code = (values: readonly string[]): string => values.map((value) => `\`${value}\``).join(', ') || '—';
  return Object.entries(CONTROL_RULES).map(([kind, rule]: [string, RuleFacts]) => [
    `\`${kind}\``,
    rule.acts.length === ANY.length ? 'any' : code(rule.acts),
    rule.does,
    code(rule.emits),
    code(rule.effects),
    rule.settles ? 'yes' : '',
  ]);
}
