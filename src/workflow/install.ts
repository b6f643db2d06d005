/**
 * `installControl()`: makes the running workflow pausable.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import type { ControlState } from '../common/types';
import { receivedCarryOver } from './carry-over';
import { Controller, type ControlOptions } from './controller';

// Module state is per workflow run: the SDK isolates each run's globals.
let controller: Controller | undefined;

/**
 * Registers the `pause`/`resume` signals, the `requestPause`/`requestResume`
 * updates and the `controlState` query on the current workflow. Idempotent:
 * the first call wins and later calls return the same controller, so it is
 * safe at the top of any workflow, and the interceptors call it for you.
 * Call it at the start of the workflow, outside any nested cancellation scope.
 * A run started by `continueAsNewWithControl` resumes the state it was handed.
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
export function installControl(options: ControlOptions = {}): Controller {
  if (!controller) {
    controller = new Controller(options, receivedCarryOver());
    controller.register();
  }
  return controller;
}

/** The control state of this workflow, as the `controlState` query reports it. */
export function controlState(): ControlState {
  return installControl().state();
}

/**
 * The `input` of the latest accepted resume, or `undefined`. Read it after a
 * `checkpoint()` returns to act on what the operator sent; validate it with
 * the `validateResumeInput` option of {@link installControl}.
 */
export function resumeInput<T = unknown>(): T | undefined {
  return installControl().resumeInput() as T | undefined;
}
