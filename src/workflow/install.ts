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
let observedByInterceptors = false;

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
  runControl().settings.applyWorkflowOptions(options);
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
 * The control of the current run, created on first use.
 *
 * @internal
 */
export function runControl(): RunControl {
  if (!control) {
    const created = new RunControl(fromCarried(workflowInfo().memo?.[CONTROL_CARRY_OVER_MEMO_KEY]));
    control = created;
    registerControlHandlers(created);
    if (!observedByInterceptors)
      observeOutboundCalls(createControlOutbound(() => created, noAutomaticCheckpoint));
  }
  return control;
}

/**
 * Called by the interceptors when they are set up for a run: they observe
 * activities themselves, so the control does not add an observer of its own.
 *
 * @internal
 */
export function markObservedByInterceptors(): void {
  observedByInterceptors = true;
}

async function noAutomaticCheckpoint(): Promise<void> {}
