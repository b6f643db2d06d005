/**
 * Memo keys under which a workflow publishes its control state and its
 * newest control event on every transition. The event's memo upsert is what
 * makes events durable: each one is a `WorkflowPropertiesModified` event in
 * the workflow's history, which any process can read or long-poll.
 *
 * Internal to the library: readers use `readControlEvents()` and `TaskControl`.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @internal
 * @module
 */
import type { ControlStatus } from './types';

/** Memo key of the {@link ControlSummary}. */
export const CONTROL_STATE_MEMO_KEY = 'temporal-checkpoint.state';
/** Memo key of the newest `ControlEvent`. */
export const CONTROL_EVENT_MEMO_KEY = 'temporal-checkpoint.event';

/**
 * Memo key, beside the event, of what readers need to go on deriving events
 * after a recorded one, in runs that derive their `workflow.pausing` and
 * `workflow.resumed` events from the history.
 */
export const CONTROL_DERIVATION_MEMO_KEY = 'temporal-checkpoint.derivation';

/** What a recorded event carries for readers, under {@link CONTROL_DERIVATION_MEMO_KEY}. */
export interface ControlDerivationRecord {
  /** The kind of input that caused the event (`park`, `timeout`, `resume`...). */
  via: string;
  /** The control state after it (the run-local parts and the audit list left out). */
  state: unknown;
}

/** The part of the control state that describe and list show, from the memo. */
export interface ControlSummary {
  status: ControlStatus;
  checkpoint?: string;
  reason?: string;
  pausedAt?: string;
  lastEventSeq: number;
}

/**
 * Memo key set on children started through the interceptors: such a child
 * reports its transitions to its parent.
 */
export const CONTROL_PARENT_MEMO_KEY = 'temporal-checkpoint.parent';

/** Memo key of the control state handed to the next run by continue-as-new, or to a child. */
export const CONTROL_CARRY_OVER_MEMO_KEY = 'temporal-checkpoint.carry-over';
