/**
 * Carries the control state across continue-as-new, through the new run's
 * memo, so that a pending pause, the audit list and the event sequence go on
 * in the next run.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import { makeContinueAsNewFunc, workflowInfo, type ContinueAsNewOptions } from '@temporalio/workflow';
import type { Workflow } from '@temporalio/common';
import { CONTROL_CARRY_OVER_MEMO_KEY } from '../common/memo';
import type { PauseRecord, PauseRequest } from '../common/types';
import { installControl } from './install';

/** What a run hands to the run it continues as. */
export interface ControlCarryOver {
  /** A pause requested but not yet served: the next run starts `pausing`. */
  pendingPause?: { request: PauseRequest; requestedAtMs: number };
  lastCheckpoint?: string;
  pauseCount: number;
  totalPausedMs: number;
  lastEventSeq: number;
  audit: PauseRecord[];
  pauseIds: string[];
  resumeIds: string[];
}

/** The carry-over this run was started with, if any. */
export function receivedCarryOver(): ControlCarryOver | undefined {
  return workflowInfo().memo?.[CONTROL_CARRY_OVER_MEMO_KEY] as ControlCarryOver | undefined;
}

/** `options` with this run's control state added to the memo of the next run. */
export function withControlCarryOver<O extends ContinueAsNewOptions>(options: O): O {
  return {
    ...options,
    memo: {
      ...workflowInfo().memo,
      ...options.memo,
      [CONTROL_CARRY_OVER_MEMO_KEY]: installControl().carryOver(),
    },
  };
}

/**
 * Like `continueAsNew`, but the next run starts with this run's control
 * state: a pending pause stays pending (the next run parks at its first
 * checkpoint), and the audit list, counters and event `seq` go on.
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
