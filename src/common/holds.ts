/**
 * Holds on new runs: while a hold on a workflow type is on for a tenant,
 * tasks of that type the tenant submits start paused, and releasing the hold
 * resumes exactly those tasks. Each tenant's holds live in one long-running
 * workflow (the holds workflow), so that they survive any restart of the
 * processes that read them and need nothing besides Temporal.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** One hold, as the holds workflow keeps it. */
export interface Hold {
  /** Its id (`hold-<uuid>`), recorded on every task it holds. */
  holdId: string;
  /** The workflow type (HTTP workflow name) it holds. */
  workflow: string;
  /** Why; the pause reason of the tasks it holds. */
  reason: string;
  /** Who placed it (a `user_id`). */
  createdBy: string;
  /** When it was placed (ISO-8601). */
  createdAt: string;
}

/** What the holds workflow carries across continue-as-new. */
export interface HoldsState {
  holds: Hold[];
}

/** The workflow type of the holds workflow. */
export const HOLDS_WORKFLOW_TYPE = 'temporalCheckpointHolds';

/** Most holds one tenant may have at once. */
export const MAX_HOLDS = 100;

/**
 * The `requestId` of the pause hold `holdId` puts a task in: its release
 * resumes a task only while this pause is the current one.
 */
export function holdPauseRequestId(holdId: string): string {
  return `hold:${holdId}`;
}

/** The new hold, as `addHoldUpdate` takes it (the workflow stamps `createdAt`). */
export type NewHold = Omit<Hold, 'createdAt'>;

/** Update `addHold`: places a hold; rejects a second hold on the same workflow type. Returns the hold. */
export const addHoldUpdate = defineUpdate<Hold, [NewHold]>('addHold');

/** Update `removeHold`: removes a hold by id; returns it, or `null` when there is no such hold. */
export const removeHoldUpdate = defineUpdate<Hold | null, [string]>('removeHold');

/** Query `holds`: the holds that are on, oldest first. */
export const holdsQuery = defineQuery<Hold[]>('holds');

/** `ApplicationFailure` type of an `addHold` for a workflow type that is already held. */
export const HOLD_EXISTS = 'TemporalCheckpointHoldExists';
/** `ApplicationFailure` type of an `addHold` with bad fields, or one too many. */
export const INVALID_HOLD = 'TemporalCheckpointInvalidHold';
