/**
 * Whether a pause or resume request is accepted: its shape and its caller,
 * then what the state makes of it (`accepts.ts`, the rule the machine also
 * follows). The update validators reject with these answers (leaving no
 * history); the signal handlers log and ignore.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { AccessTarget } from '../common/access-policy';
import { INVALID_CONTROL_REQUEST, type ControlErrorType } from '../common/errors';
import { ownershipRejection, type TaskOwner } from '../common/ownership';
import type { PauseRequest, ResumeRequest } from '../common/types';
import { pauseRequestProblem, resumeRequestProblem } from '../common/validation';
import { accepts } from './accepts';
import type { MachineState } from './state';

/** Why a request is refused: the `type` of the `ApplicationFailure` and its message. */
export interface Rejection {
  type: ControlErrorType;
  message: string;
}

/** Checks a resume's `input`: returns what is wrong with it, or `undefined`. */
export type ResumeInputCheck = (input: unknown) => string | undefined;

/**
 * Why a pause is refused in `state` of a task owned by `owner`, or
 * `undefined` when it is accepted. A request's `caller` that may not act on
 * the task is refused first; a repeated `requestId` is accepted (it changes
 * nothing).
 */
export function pauseRejection(
  state: MachineState,
  request: unknown,
  owner?: TaskOwner | AccessTarget,
): Rejection | undefined {
  const problem = pauseRequestProblem(request);
  if (problem) return { type: INVALID_CONTROL_REQUEST, message: problem };
  const refused = ownershipRejection(owner, (request as PauseRequest | undefined)?.caller);
  if (refused) return refused;
  return stateRefusal(
    accepts(state, { kind: 'pause', request: (request as PauseRequest | undefined) ?? {} }),
  );
}

/**
 * Why a resume is refused in `state` of a task owned by `owner`, or
 * `undefined` when it is accepted. Ownership is checked as for a pause; a
 * repeated `requestId` is accepted (it changes nothing).
 */
export function resumeRejection(
  state: MachineState,
  request: unknown,
  checkInput: ResumeInputCheck | undefined,
  owner?: TaskOwner | AccessTarget,
): Rejection | undefined {
  const problem = resumeProblem(request, checkInput);
  if (problem) return { type: INVALID_CONTROL_REQUEST, message: problem };
  const refused = ownershipRejection(owner, (request as ResumeRequest | undefined)?.caller);
  if (refused) return refused;
  return stateRefusal(
    accepts(state, { kind: 'resume', request: (request as ResumeRequest | undefined) ?? {} }),
  );
}

function stateRefusal(verdict: ReturnType<typeof accepts>): Rejection | undefined {
  return verdict === 'take' || verdict === 'repeat' ? undefined : verdict;
}

/** What is wrong with a resume request, its `input` included, whatever the state. */
export function resumeProblem(
  request: unknown,
  checkInput: ResumeInputCheck | undefined,
): string | undefined {
  const problem = resumeRequestProblem(request);
  const input = (request as ResumeRequest | undefined)?.input;
  if (problem || input === undefined || !checkInput) return problem;
  const inputProblem = checkInput(input);
  return inputProblem && `Invalid resume \`input\`: ${inputProblem}`;
}

/**
 * Why a pause signal is ignored (signals cannot be refused, so the workflow
 * logs this and drops the signal), or `undefined` when it is taken: a
 * malformed request, or a `caller` who may not act on a task of `owner`.
 * Readers that derive events from the history ask the same question.
 */
export function pauseSignalProblem(
  request: unknown,
  owner: TaskOwner | AccessTarget | undefined,
): string | undefined {
  return pauseSignalRejection(request, owner)?.message;
}

/** {@link pauseSignalProblem} with the error type a pause update would be refused with. */
export function pauseSignalRejection(
  request: unknown,
  owner: TaskOwner | AccessTarget | undefined,
): Rejection | undefined {
  const problem = pauseRequestProblem(request);
  if (problem) return { type: INVALID_CONTROL_REQUEST, message: problem };
  return ownershipRejection(owner, (request as PauseRequest | undefined)?.caller);
}

/** Why a resume signal is ignored, as {@link pauseSignalProblem} for a pause; `input` is checked by `checkInput`. */
export function resumeSignalProblem(
  request: unknown,
  checkInput: ResumeInputCheck | undefined,
  owner: TaskOwner | AccessTarget | undefined,
): string | undefined {
  return (
    resumeProblem(request, checkInput) ??
    ownershipRejection(owner, (request as ResumeRequest | undefined)?.caller)?.message ??
    ((request as ResumeRequest | undefined)?.ifPauseRequestId === undefined
      ? undefined
      : '`ifPauseRequestId` is decided by the resume update only')
  );
}

/**
 * The request as the control machine keeps it: who sent it is checked, not
 * recorded (so that a request with a caller changes the state exactly as one
 * without, and every older history replays the same).
 */
export function withoutCaller<R extends { caller?: unknown }>(request: R | undefined): Omit<R, 'caller'> {
  if (!request) return {} as Omit<R, 'caller'>;
  const kept: Partial<R> = { ...request };
  delete kept.caller;
  return kept as Omit<R, 'caller'>;
}
