/**
 * Continue-as-new that keeps the control state: the next run starts with
 * this run's state (a pending pause, the audit list, the counters and the
 * event `seq`) in its memo.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import { makeContinueAsNewFunc, type ContinueAsNewOptions } from '@temporalio/workflow';
import type { Workflow } from '@temporalio/common';
import { runControl } from './install';

/**
 * `options` with this run's control state added to the memo of the next
 * run, for `makeContinueAsNewFunc(options)`.
 */
export function withControlCarryOver<O extends ContinueAsNewOptions>(options: O): O {
  return runControl().continueAsNewOptions(options);
}

/**
 * Like `continueAsNew`, but the next run starts with this run's control
 * state: a pending pause stays pending (the next run parks at its first
 * checkpoint), and the audit list, counters and event `seq` go on. Plain
 * `continueAsNew` does the same once the control is installed.
 *
 * @example
 * ```ts
 * import { continueAsNewWithControl } from 'temporal-checkpoint/workflow';
 *
 * export async function poller(cursor: number): Promise<void> {
 *   // ... work, with checkpoints ...
 *   await continueAsNewWithControl<typeof poller>(cursor + 1);
 * }
 * ```
 */
export function continueAsNewWithControl<F extends Workflow>(...args: Parameters<F>): Promise<never> {
  return makeContinueAsNewFunc<F>(withControlCarryOver({}))(...args);
}
