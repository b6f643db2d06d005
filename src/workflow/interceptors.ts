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
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
} from '@temporalio/workflow';
import { PRE_COMPLETION } from '../common/checkpoints';
import {
  AUTOMATIC_CHECKPOINTS,
  automaticCheckpointsInForce,
  type AutomaticCheckpoint,
} from './automatic-checkpoints';
import { checkpoint } from './checkpoint';
import { runControl, useInterceptors } from './install';
import { createControlOutbound } from './outbound';
import type { RunControl } from './run-control';
import type { ControlOptions } from './settings';

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
  /**
   * Options for every workflow of the worker, as defaults: an option the
   * workflow passes to its own `installControl()` call wins.
   */
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
    useInterceptors(options.control ?? {});
    const workerDefault = new Set(
      options.workflowTypes?.[workflowInfo().workflowType] ??
        options.automaticCheckpoints ??
        AUTOMATIC_CHECKPOINTS,
    );
    const control = (): RunControl => runControl();
    // Running (the common case): no checkpoint call at all, and nothing to wait for
    // (the caller still issues its command one microtask later, in the same task).
    const atCheckpoint = (name: AutomaticCheckpoint): Promise<void> | undefined =>
      control().status !== 'running' && automaticCheckpointsInForce(workerDefault).has(name)
        ? parkAt(name)
        : undefined;

    const inbound: WorkflowInboundCallsInterceptor = {
      async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
        // The workflow's synchronous start runs first, so that its own installControl(options)
        // creates the control; a workflow that does not call it gets the worker's options here.
        const running = next(input);
        control();
        const result = await running;
        await atCheckpoint(PRE_COMPLETION);
        return result;
      },
    };
    return { inbound: [inbound], outbound: [createControlOutbound(control, atCheckpoint)] };
  };
}

/** Parks at the automatic checkpoint `name` (an `async` function: its turns are part of the command order). */
async function parkAt(name: AutomaticCheckpoint): Promise<void> {
  await checkpoint(name);
}
