/**
 * The signal, update and query definitions. Their wire names never change.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ControlCaller, OwnershipRejection } from './ownership';
import type { ChildControlState, ControlState, PauseRequest, ResumeRequest } from './types';

/** Signal `pause`: asks the workflow to park at its next checkpoint once drained. */
export const pauseSignal = defineSignal<[PauseRequest?]>('pause');

/** Signal `resume`: resumes a paused workflow, or withdraws a pending pause. */
export const resumeSignal = defineSignal<[ResumeRequest?]>('resume');

/**
 * Update `requestPause`: like {@link pauseSignal}, but its validator rejects a
 * pause of a workflow that is already pausing or paused, and bad input,
 * without leaving history; returns the new {@link ControlState}. Send `{}`
 * for a request with no fields (a missing argument is accepted too).
 */
export const pauseUpdate = defineUpdate<ControlState, [PauseRequest]>('requestPause');

/**
 * Update `requestResume`: like {@link resumeSignal}, but its validator rejects a
 * resume of a running workflow, and bad input; returns the new {@link ControlState}.
 * Send `{}` for a request with no fields.
 */
export const resumeUpdate = defineUpdate<ControlState, [ResumeRequest]>('requestResume');

/**
 * What a pause or resume update answers with: `state`, the new
 * {@link ControlState} (the default); `none`, nothing, for a sender that has
 * no use for it (a gateway whose answer is fixed).
 */
export type UpdateAnswer = 'state' | 'none';

/**
 * `requestPause` as the workflow handles it: {@link pauseUpdate} with an
 * optional second argument, the {@link UpdateAnswer} the sender wants. A
 * workflow from before the argument ignores it and answers the state.
 *
 * @internal Sent with `none` by the HTTP API through `TaskControl`.
 */
export const answeringPauseUpdate = defineUpdate<ControlState | undefined, [PauseRequest, UpdateAnswer?]>(
  pauseUpdate.name,
);

/** `requestResume` as the workflow handles it; see {@link answeringPauseUpdate}. @internal */
export const answeringResumeUpdate = defineUpdate<ControlState | undefined, [ResumeRequest, UpdateAnswer?]>(
  resumeUpdate.name,
);

/** Query `controlState`: the {@link ControlState}, answered in every state. */
export const controlStateQuery = defineQuery<ControlState>('controlState');

/** What {@link callerControlStateQuery} answers: the state, or why the caller may not see it. */
export type CallerControlState = { state: ControlState } | { rejection: OwnershipRejection };

/**
 * Query `temporal-checkpoint.controlStateFor`: the {@link ControlState} as
 * `controlState` answers it, after the ownership check of the caller (one
 * round trip for a gateway). A refusal is an answer, not a failed query, so
 * that its type survives the trip.
 *
 * @internal Sent by the HTTP API through `TaskControl`.
 */
export const callerControlStateQuery = defineQuery<CallerControlState, [ControlCaller]>(
  'temporal-checkpoint.controlStateFor',
);

/**
 * Signal `temporal-checkpoint.childState`: sent by a child workflow started
 * through the interceptors to its parent on each of its transitions, so
 * that the parent knows when every child is parked.
 *
 * @internal Not part of the public surface: only the library sends and
 * handles it.
 */
export const childControlStateSignal = defineSignal<[ChildControlState]>('temporal-checkpoint.childState');
