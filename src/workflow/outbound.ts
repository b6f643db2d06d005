/**
 * The outbound interceptor that lets the control see what the workflow
 * starts: it counts activities in flight (what "paused only when drained"
 * relies on), tracks children and hands them a pending pause, carries the
 * control state across continue-as-new, and places automatic checkpoints.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import type {
  ActivityInput,
  ContinueAsNewInput,
  LocalActivityInput,
  Next,
  StartChildWorkflowExecutionInput,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import {
  PRE_ACTIVITY,
  PRE_CHILD_WORKFLOW,
  PRE_CONTINUE_AS_NEW,
  PRE_LOCAL_ACTIVITY,
} from '../common/checkpoints';
import type { AutomaticCheckpoint } from './automatic-checkpoints';
import { runInterruptible } from './interruptible';
import type { RunControl } from './run-control';

/**
 * Parks at an automatic checkpoint when one is in force and a pause is
 * pending: returns what to wait for, or `undefined` when there is nothing
 * to wait for (the common case).
 */
export type AutomaticCheckpointGate = (name: AutomaticCheckpoint) => Promise<void> | undefined;

/**
 * Builds the outbound interceptor for the run whose control `control()`
 * returns; `atCheckpoint` decides about automatic checkpoints.
 */
export function createControlOutbound(
  control: () => RunControl,
  atCheckpoint: AutomaticCheckpointGate,
): WorkflowOutboundCallsInterceptor {
  // The SDK records a stack trace for every promise a workflow creates, which
  // makes each promise costly: the hot path (an activity while running) uses
  // as few as it can, settled in the same microtask turns as `async` code
  // that awaits the gate and returns `inFlight()` (command order depends on
  // those turns, and stored histories must replay).
  const nothingToWaitFor = Promise.resolve();
  const afterGate = <T>(gate: Promise<void> | undefined, then: () => Promise<T>): Promise<T> =>
    (gate ?? nothingToWaitFor).then(then);
  const finished = (): void => control().dispatch({ kind: 'activityFinished' });
  const inFlight = <T>(start: () => Promise<T>): Promise<T> => {
    control().dispatch({ kind: 'activityStarted' });
    let started: Promise<T>;
    try {
      started = start();
    } catch (error) {
      finished();
      // Rejected with what was thrown, as the `async` code it replaces did.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(error);
    }
    return started.then(
      (result) => {
        finished();
        return result;
      },
      (error: unknown) => {
        finished();
        throw error;
      },
    );
  };

  return {
    scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
      return afterGate(atCheckpoint(PRE_ACTIVITY), () =>
        control().settings.interruptibleActivities.has(input.activityType)
          ? runInterruptible(control(), input, next, inFlight)
          : inFlight(() => next(input)),
      );
    },
    scheduleLocalActivity(
      input: LocalActivityInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
    ) {
      return afterGate(atCheckpoint(PRE_LOCAL_ACTIVITY), () => inFlight(() => next(input)));
    },
    async startChildWorkflowExecution(
      input: StartChildWorkflowExecutionInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
    ) {
      await atCheckpoint(PRE_CHILD_WORKFLOW);
      const { workflowId } = input.options;
      control().dispatch({ kind: 'childStarting', workflowId });
      const memo = { ...input.options.memo, ...control().childMemo() };
      const [started, completed] = await next({ ...input, options: { ...input.options, memo } });
      const closed = () => control().dispatch({ kind: 'childClosed', workflowId });
      // Observers only: the workflow still gets (and handles) the original promises.
      void started.then(() => control().dispatch({ kind: 'childStarted', workflowId }), closed);
      void completed.then(closed, closed);
      return [started, completed];
    },
    async continueAsNew(
      input: ContinueAsNewInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>,
    ) {
      await atCheckpoint(PRE_CONTINUE_AS_NEW);
      return next({ ...input, options: control().continueAsNewOptions(input.options) });
    },
  };
}
