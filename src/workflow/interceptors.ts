/**
 * The workflow interceptors: control installed in every workflow, automatic
 * checkpoints around activities, children, completion and continue-as-new,
 * and the in-flight count that "paused only when drained" relies on.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import {
  workflowInfo,
  type ActivityInput,
  type ContinueAsNewInput,
  type LocalActivityInput,
  type Next,
  type StartChildWorkflowExecutionInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import {
  PRE_ACTIVITY,
  PRE_CHILD_WORKFLOW,
  PRE_COMPLETION,
  PRE_CONTINUE_AS_NEW,
  PRE_LOCAL_ACTIVITY,
} from '../common/checkpoints';
import {
  AUTOMATIC_CHECKPOINTS,
  automaticCheckpointsInForce,
  type AutomaticCheckpoint,
} from './automatic-checkpoints';
import { withControlCarryOver } from './carry-over';
import { checkpoint } from './checkpoint';
import type { ControlOptions, Controller } from './controller';
import { installControl } from './install';

/** Options of {@link createControlInterceptors}. */
export interface ControlInterceptorOptions {
  /**
   * Automatic checkpoints for every workflow of the worker.
   *
   * @default AUTOMATIC_CHECKPOINTS (all of them)
   */
  automaticCheckpoints?: readonly AutomaticCheckpoint[];
  /** Automatic checkpoints per workflow type, overriding `automaticCheckpoints`. */
  workflowTypes?: Record<string, readonly AutomaticCheckpoint[]>;
  /** Options of the `installControl()` call made for every workflow. */
  control?: ControlOptions;
}

/**
 * Builds an `interceptors()` factory with options. Export it from a module of
 * your own and register that module instead of
 * `temporal-checkpoint/workflow-interceptors` to configure the worker.
 *
 * @example
 * ```ts
 * // src/workflows/interceptors.ts, registered with workflowInterceptorModules
 * import { createControlInterceptors, PRE_COMPLETION } from 'temporal-checkpoint/workflow';
 *
 * export const interceptors = createControlInterceptors({
 *   workflowTypes: { nightlyBatch: [PRE_COMPLETION] },
 * });
 * ```
 */
export function createControlInterceptors(
  options: ControlInterceptorOptions = {},
): () => WorkflowInterceptors {
  return () => {
    const workerDefault = new Set(
      options.workflowTypes?.[workflowInfo().workflowType] ??
        options.automaticCheckpoints ??
        AUTOMATIC_CHECKPOINTS,
    );
    const controller = (): Controller => installControl(options.control);
    const at = async (name: AutomaticCheckpoint): Promise<void> => {
      // Nothing pending: not even a microtask of delay before the command.
      if (controller().status() !== 'running' && automaticCheckpointsInForce(workerDefault).has(name)) {
        await checkpoint(name);
      }
    };
    const inFlight = async <T>(start: () => Promise<T>): Promise<T> => {
      controller().activityStarted();
      try {
        return await start();
      } finally {
        controller().activityFinished();
      }
    };

    const inbound: WorkflowInboundCallsInterceptor = {
      async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
        controller();
        const result = await next(input);
        await at(PRE_COMPLETION);
        return result;
      },
    };

    const outbound: WorkflowOutboundCallsInterceptor = {
      async scheduleActivity(
        input: ActivityInput,
        next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
      ) {
        await at(PRE_ACTIVITY);
        return inFlight(() => next(input));
      },
      async scheduleLocalActivity(
        input: LocalActivityInput,
        next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
      ) {
        await at(PRE_LOCAL_ACTIVITY);
        return inFlight(() => next(input));
      },
      async startChildWorkflowExecution(
        input: StartChildWorkflowExecutionInput,
        next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
      ) {
        await at(PRE_CHILD_WORKFLOW);
        const { workflowId } = input.options;
        controller().childStarting(workflowId);
        const [started, completed] = await next({
          ...input,
          options: { ...input.options, memo: { ...input.options.memo, ...controller().childMemo() } },
        });
        // Observers only: the workflow still gets (and handles) the original promises.
        void started.then(
          () => controller().childStarted(workflowId),
          () => controller().childClosed(workflowId),
        );
        void completed.then(
          () => controller().childClosed(workflowId),
          () => controller().childClosed(workflowId),
        );
        return [started, completed];
      },
      async continueAsNew(
        input: ContinueAsNewInput,
        next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>,
      ) {
        await at(PRE_CONTINUE_AS_NEW);
        return next({ ...input, options: withControlCarryOver(input.options) });
      },
    };

    return { inbound: [inbound], outbound: [outbound] };
  };
}
