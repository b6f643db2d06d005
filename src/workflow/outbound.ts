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

/** Parks at an automatic checkpoint when one is in force and a pause is pending. */
export type AutomaticCheckpointGate = (name: AutomaticCheckpoint) => Promise<void>;

/**
 * Builds the outbound interceptor for the run whose control `control()`
 * returns; `atCheckpoint` decides about automatic checkpoints.
 */
export function createControlOutbound(
  control: () => RunControl,
  atCheckpoint: AutomaticCheckpointGate,
): WorkflowOutboundCallsInterceptor {
  const inFlight = async <T>(start: () => Promise<T>): Promise<T> => {
    control().dispatch({ kind: 'activityStarted' });
    try {
      return await start();
    } finally {
      control().dispatch({ kind: 'activityFinished' });
    }
  };

  return {
    async scheduleActivity(
      input: ActivityInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
    ) {
      await atCheckpoint(PRE_ACTIVITY);
      if (!control().settings.interruptibleActivities.has(input.activityType))
        return inFlight(() => next(input));
      return runInterruptible(control(), input, next, inFlight);
    },
    async scheduleLocalActivity(
      input: LocalActivityInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
    ) {
      await atCheckpoint(PRE_LOCAL_ACTIVITY);
      return inFlight(() => next(input));
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
