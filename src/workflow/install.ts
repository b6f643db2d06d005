/**
 * `installControl()`: makes the running workflow pausable, and the per-run
 * control behind `checkpoint()`, the interceptors and the handlers.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import { workflowInfo } from '@temporalio/workflow';
import { CONTROL_CARRY_OVER_MEMO_KEY } from '../common/memo';
import type { ControlState } from '../common/types';
import { fromCarried } from '../control/state';
import { observeOutboundCalls } from './activity-observer';
import { registerControlHandlers } from './handlers';
import { createControlOutbound } from './outbound';
import { RunControl } from './run-control';
import type { ControlOptions } from './settings';

// Module state is per workflow run: the SDK isolates each run's globals.
let control: RunControl | undefined;
/** Set by the interceptors: they observe activities themselves, and bring the worker's options. */
let interceptorOptions: ControlOptions | undefined;

/**
 * Makes the current workflow pausable: registers the `pause`/`resume`
 * signals, the `requestPause`/`requestResume` updates and the `controlState`
 * query, and starts counting the activities the workflow starts (so that it
 * parks only once they have finished). A run started by continue-as-new or
 * by a pausing parent resumes the state it was handed.
 *
 * Call it at the start of the workflow, outside any nested cancellation
 * scope (activities started before it are not counted). `checkpoint()` and
 * the interceptors install the control for you; calling it again is safe.
 * Options passed here override the worker's (`createControlInterceptors({
 * control })`); passing an option twice with different values throws a
 * `ControlOptionsError`, which fails the workflow task until fixed.
 *
 * @example
 * ```ts
 * import { checkpoint, installControl, PRE_EXECUTION } from 'temporal-checkpoint/workflow';
 *
 * export async function report(topic: string): Promise<string> {
 *   installControl({ auditLimit: 10 });
 *   await checkpoint(PRE_EXECUTION);
 *   // ...
 * }
 * ```
 */
export function installControl(options: ControlOptions = {}): void {
  runControl(options);
}

/** The control state of this workflow, as the `controlState` query reports it. */
export function controlState(): ControlState {
  return runControl().view();
}

/**
 * The `input` of the latest accepted resume, or `undefined`. Read it after a
 * `checkpoint()` returns to act on what the operator sent; validate it with
 * the `validateResumeInput` option of {@link installControl}.
 */
export function resumeInput<T = unknown>(): T | undefined {
  return runControl().resumeInput() as T | undefined;
}

/**
 * The control of the current run, created on first use; `workflowOptions`
 * (from workflow code) are applied over the worker's.
 *
 * @internal
 */
export function runControl(workflowOptions?: ControlOptions): RunControl {
  if (control) {
    if (workflowOptions) control.settings.applyWorkflowOptions(workflowOptions);
    return control;
  }
  const created = new RunControl(fromCarried(workflowInfo().memo?.[CONTROL_CARRY_OVER_MEMO_KEY]));
  created.settings.applyWorkerDefaults(interceptorOptions ?? {});
  if (workflowOptions) created.settings.applyWorkflowOptions(workflowOptions);
  control = created;
  // Only now: a signal or update that came with the start is handled the moment its
  // handler is registered, and must see the options (a replay may deliver it later).
  registerControlHandlers(created);
  if (!interceptorOptions) observeOutboundCalls(createControlOutbound(() => created, noAutomaticCheckpoint));
  return created;
}

/**
 * Called by the interceptors when they are set up for a run: they observe
 * activities themselves (the control adds no observer of its own), and
 * `options` are the worker's defaults.
 *
 * @internal
 */
export function useInterceptors(options: ControlOptions): void {
  interceptorOptions = options;
}

function noAutomaticCheckpoint(): undefined {
  return undefined;
}
