/**
 * The control state machine: one function, `transition(state, input,
 * context)`, that returns the next state and the effects to carry out. The
 * workflow runs it (through a thin adapter that turns effects into Temporal
 * commands), the tests drive it directly, and readers of the event stream
 * run it over the history.
 *
 * It executes the rulebook (./rules.ts): the row of the input says in which
 * phases it acts and what it does there (the operations of ./step.ts), and
 * whether a drain may settle after it. An input not legal in the current
 * phase leaves the state as it is.
 *
 * Anywhere zone, pure: no Temporal API, no clock.
 *
 * @module
 */
import type { ControlInput, Transition, TransitionContext } from './inputs';
import { CONTROL_RULES, type ControlRule } from './rules';
import type { MachineState } from './state';
import { Step } from './step';

/**
 * Applies `input` to `state`. Never mutates `state`; an input that is not
 * legal in the current phase returns an equal state and no effects.
 *
 * @example
 * ```ts
 * const { state, effects } = transition(initialState(), { kind: 'pause', request: { reason: 'audit' } },
 *   { atMs: Date.now(), workflowId: 'report-42', auditLimit: 50 });
 * state.phase.status; // 'pausing'
 * effects[0];         // { kind: 'emit', event: { seq: 1, type: 'workflow.pausing', reason: 'audit', ... } }
 * ```
 */
export function transition(state: MachineState, input: ControlInput, context: TransitionContext): Transition {
  const rule = CONTROL_RULES[input.kind] as ControlRule<ControlInput['kind']>;
  if (!rule.acts.includes(state.phase.status)) return { state: { ...state }, effects: [] };
  const step = new Step(state, context);
  rule.apply(step, input);
  if (rule.settles) step.parkIfOnlyChildrenRemain();
  return { state: step.state, effects: step.effects };
}
