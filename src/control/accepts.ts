/**
 * The one rule of whether the control state takes a pause or a resume, asked
 * by the update validators and the signal checks (through `rejections.ts`)
 * and by the machine itself (`transitions.ts`), so that what a validator
 * admits is exactly what the machine then does.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import { ALREADY_PAUSED, NOT_PAUSED, type ControlErrorType } from '../common/errors';
import type { PauseRequest, ResumeRequest } from '../common/types';
import type { MachineState } from './state';

/** A pause or resume, as far as the state judges it (its shape and caller are checked before). */
export type ControlRequestInput =
  | { kind: 'pause'; request: Pick<PauseRequest, 'requestId'> }
  | { kind: 'resume'; request: Pick<ResumeRequest, 'requestId' | 'ifPauseRequestId'> };

/** Why the state refuses a request: the `type` of the `ApplicationFailure` and its message. */
export interface StateRefusal {
  type: ControlErrorType;
  message: string;
}

/**
 * What `state` makes of `input`: `'take'` (it changes the state), `'repeat'`
 * (its `requestId` was taken before: accepted, and it changes nothing), or a
 * refusal (a pause while pausing or paused, a resume while running, a resume
 * whose `ifPauseRequestId` names another pause than the current one).
 *
 * @example
 * ```ts
 * accepts(initialState(), { kind: 'resume', request: {} }); // => { type: NOT_PAUSED, message: 'Workflow is not paused' }
 * ```
 */
export function accepts(state: MachineState, input: ControlRequestInput): 'take' | 'repeat' | StateRefusal {
  const { requestId } = input.request;
  const seen = input.kind === 'pause' ? state.pauseIds : state.resumeIds;
  if (requestId !== undefined && seen.includes(requestId)) return 'repeat';
  const { status } = state.phase;
  if (input.kind === 'pause' && status !== 'running')
    return { type: ALREADY_PAUSED, message: `Workflow is already ${status}` };
  if (input.kind === 'resume' && status === 'running')
    return { type: NOT_PAUSED, message: 'Workflow is not paused' };
  const only = input.kind === 'resume' ? input.request.ifPauseRequestId : undefined;
  if (only !== undefined && state.phase.status !== 'running' && state.phase.pause.request.requestId !== only)
    return { type: NOT_PAUSED, message: `Workflow is not paused by request \`${only}\`` };
  return 'take';
}
