/**
 * The inputs that only count: activities in flight, interrupted activities,
 * checkpoints waiting to drain, and the children a workflow started. They
 * change the state the transitions look at, and emit nothing.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlInput } from './inputs';
import type { MachineState } from './state';

/** An input that only counts. */
export type AccountingInput = Extract<
  ControlInput,
  {
    kind:
      | 'activityStarted'
      | 'activityFinished'
      | 'activityInterrupted'
      | 'drainWaitStarted'
      | 'drainWaitEnded'
      | 'childStarting'
      | 'childReported'
      | 'childClosed';
  }
>;

/** The fields of `state` that `input`, at `atMs`, changes. */
export function accounted(state: MachineState, input: AccountingInput, atMs: number): Partial<MachineState> {
  switch (input.kind) {
    case 'activityStarted':
      return { inFlight: state.inFlight + 1 };
    case 'activityFinished':
      return { inFlight: Math.max(0, state.inFlight - 1) };
    case 'activityInterrupted': {
      // Only a pause being drained interrupts; the list ends with the pause.
      if (state.phase.status !== 'pausing') return {};
      const { activityType, progress } = input;
      const interruptedAt = new Date(atMs).toISOString();
      return { interrupted: [...state.interrupted, { activityType, progress, interruptedAt }] };
    }
    case 'drainWaitStarted':
      return { drainWaiters: state.drainWaiters + 1 };
    case 'drainWaitEnded':
      return { drainWaiters: Math.max(0, state.drainWaiters - 1) };
    case 'childStarting': {
      // A child started while pausing inherits the pause (see childStartState).
      const status = state.phase.status === 'running' ? 'starting' : 'pausing';
      const others = state.children.filter((child) => child.workflowId !== input.workflowId);
      return { children: [...others, { workflowId: input.workflowId, status }] };
    }
    case 'childReported':
      return {
        children: state.children.map((child) =>
          child.workflowId === input.child.workflowId ? { ...input.child } : child,
        ),
      };
    case 'childClosed':
      return { children: state.children.filter((child) => child.workflowId !== input.workflowId) };
  }
}
