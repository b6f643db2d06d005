/**
 * The control state a run starts with when it starts paused: a pending
 * pause, which the workflow's first checkpoint (`pre_execution`) turns into
 * a park before any activity is scheduled. The one rule for a task submitted
 * paused and for a child its pausing parent starts (`children.ts`); handed
 * to the new run in the start's memo, so the start and the pause are one
 * request that cannot race.
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
