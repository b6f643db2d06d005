/**
 * Checkpoint names. A checkpoint is a place where a workflow may park while
 * paused; any string works, these are the ones the library itself uses.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */

/** Before the workflow's first step; call `checkpoint(PRE_EXECUTION)` at the top of a workflow. */
export const PRE_EXECUTION = 'pre_execution';
/** Before the workflow returns its result; placed automatically by the interceptors. */
export const PRE_COMPLETION = 'pre_completion';
/** Before an activity is scheduled; placed automatically by the interceptors. */
export const PRE_ACTIVITY = 'pre_activity';
/** Before a local activity is scheduled; placed automatically by the interceptors. */
export const PRE_LOCAL_ACTIVITY = 'pre_local_activity';
/** Before a child workflow is started; placed automatically by the interceptors. */
export const PRE_CHILD_WORKFLOW = 'pre_child_workflow';
/** Before the workflow continues as new; placed automatically by the interceptors. */
export const PRE_CONTINUE_AS_NEW = 'pre_continue_as_new';

/**
 * Where a parent is reported parked when it did not reach a checkpoint of its
 * own but waits only on children that are all parked.
 */
export const AWAITING_CHILDREN = 'awaiting_children';

/** A checkpoint name: one of the constants above or any name a workflow chooses. */
export type CheckpointName = string;
