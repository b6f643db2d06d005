/**
 * The control state a task starts with when it is submitted paused: a
 * pending pause, which the workflow's first checkpoint (`pre_execution`)
 * turns into a park before any activity is scheduled. Handed to the new run
 * the way continue-as-new and parents hand theirs, in the start's memo, so
 * the start and the pause are one request that cannot race.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { PauseRequest } from '../common/types';
import { initialState, type MachineState } from './state';

/** The state of a run that starts pausing with `request`, requested at `requestedAtMs` (epoch ms). */
export function startPausedState(request: PauseRequest, requestedAtMs: number): MachineState {
  return { ...initialState(), phase: { status: 'pausing', pause: { request, requestedAtMs } } };
}
