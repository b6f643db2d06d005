/**
 * What a parent hands its children: the pause request it forwards, and the
 * state a child starts with when the parent is pausing.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import { withoutUndefined } from '../common/objects';
import type { PauseRequest } from '../common/types';
import { startPausedState } from './start-paused';
import type { MachineState } from './state';

/** The request forwarded to children: the parent's, without timeout, with an id of its own. */
export function childPauseRequest(
  request: PauseRequest,
  workflowId: string,
  lastEventSeq: number,
): PauseRequest {
  return withoutUndefined({
    reason: request.reason,
    requestedBy: request.requestedBy,
    traceId: request.traceId,
    drain: request.drain,
    requestId: `${workflowId}#${lastEventSeq}`,
  });
}

/**
 * The state a child starts with when its parent (in `state`) starts it: the
 * parent's pause, pending, when the parent is not running; else none.
 */
export function childStartState(state: MachineState, workflowId: string): MachineState | undefined {
  if (state.phase.status === 'running') return undefined;
  const { request, requestedAtMs } = state.phase.pause;
  return startPausedState(childPauseRequest(request, workflowId, state.lastEventSeq), requestedAtMs);
}
