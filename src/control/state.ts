/**
 * The control state of one workflow (across its continue-as-new chain): a
 * phase whose shape says what each status knows, the counters and the audit
 * list, and the run-local accounting of what is in flight. Plain data, so
 * that continue-as-new carries it by serialising it.
 *
 * Anywhere zone, pure: no Temporal API, no clock; time comes in with inputs.
 *
 * @module
 */
import type { CheckpointName } from '../common/checkpoints';
import type {
  ChildControlState,
  ControlState,
  InterruptedActivity,
  PauseRecord,
  PauseRequest,
} from '../common/types';
import { withoutUndefined } from '../common/objects';

/** A pause requested and not yet served: the workflow is draining towards a checkpoint. */
export interface PendingPause {
  request: PauseRequest;
  requestedAtMs: number;
}

/** A pause being served: the workflow is parked at `checkpoint`. */
export interface ParkedPause extends PendingPause {
  checkpoint: CheckpointName;
  pausedAtMs: number;
  /** When the pause times out; set only when the request has a `timeout`. */
  deadlineMs?: number;
  /** `pauseCount` at the moment it parked: names this pause for its timeout. */
  number: number;
}

/**
 * Where the machine is. Each status carries exactly what it knows: `running`
 * has no pause, `pausing` a pending one, `paused` a parked one with its
 * checkpoint.
 */
export type ControlPhase =
  | { status: 'running' }
  | { status: 'pausing'; pause: PendingPause }
  | { status: 'paused'; pause: ParkedPause };

/** The whole control state of a workflow run. */
export interface MachineState {
  phase: ControlPhase;
  /** Where the workflow parked last (kept after the resume). */
  lastCheckpoint?: CheckpointName;
  pauseCount: number;
  totalPausedMs: number;
  /** `seq` of the newest control event, gap-free across the continue-as-new chain. */
  lastEventSeq: number;
  /** Ended pauses, oldest first, at most the configured limit. */
  audit: PauseRecord[];
  /** Remembered `requestId`s of accepted pauses and resumes (bounded), for idempotency. */
  pauseIds: string[];
  resumeIds: string[];
  /** The `input` of the latest accepted resume of this run. */
  resumeInput?: unknown;
  /** Run-local: activities started and not yet settled. */
  inFlight: number;
  /** Run-local: live children started through the library, in start order. */
  children: ChildControlState[];
  /** Run-local: checkpoints waiting for the workflow to drain (while any waits, it parks there). */
  drainWaiters: number;
  /** Run-local: activities the current pause interrupted; they are scheduled again on resume. */
  interrupted: InterruptedActivity[];
}

/** The state of a workflow run that starts afresh. */
export function initialState(): MachineState {
  return {
    phase: { status: 'running' },
    pauseCount: 0,
    totalPausedMs: 0,
    lastEventSeq: 0,
    audit: [],
    pauseIds: [],
    resumeIds: [],
    inFlight: 0,
    children: [],
    drainWaiters: 0,
    interrupted: [],
  };
}

/**
 * What a run hands to the run it continues as: the state, with the run-local
 * parts reset. A pause stays as it is: a pending one is served at the next
 * run's first checkpoint, a parked one (another branch continued as new)
 * stays parked until it is resumed or times out.
 */
export function carryOver(state: MachineState): MachineState {
  return { ...state, resumeInput: undefined, inFlight: 0, children: [], drainWaiters: 0, interrupted: [] };
}

/** True when nothing the workflow started is still running: no activity in flight, every live child parked. */
export function isDrained(state: MachineState): boolean {
  return state.inFlight === 0 && state.children.every((child) => child.status === 'paused');
}

/** The state as the `controlState` query reports it. */
export function controlStateView(state: MachineState): ControlState {
  const { phase } = state;
  const pause = phase.status === 'running' ? undefined : phase.pause;
  const parked = phase.status === 'paused' ? phase.pause : undefined;
  return withoutUndefined({
    status: phase.status,
    checkpoint: state.lastCheckpoint,
    reason: pause?.request.reason,
    requestedBy: pause?.request.requestedBy,
    pauseRequestedAt: isoTime(pause?.requestedAtMs),
    pausedAt: isoTime(parked?.pausedAtMs),
    deadline: isoTime(parked?.deadlineMs),
    onTimeout: parked?.deadlineMs === undefined ? undefined : (parked.request.onTimeout ?? 'resume'),
    inFlightActivities: state.inFlight,
    pauseCount: state.pauseCount,
    totalPausedMs: state.totalPausedMs,
    lastEventSeq: state.lastEventSeq,
    history: state.audit.map((record) => ({ ...record })),
    children: state.children.length > 0 ? state.children.map((child) => ({ ...child })) : undefined,
    interruptedActivities:
      state.interrupted.length > 0 ? state.interrupted.map((activity) => ({ ...activity })) : undefined,
  });
}

/** An ISO-8601 time, or `undefined`. */
export function isoTime(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/**
 * The state a run was handed through its memo (by continue-as-new, or by a
 * parent starting it while pausing), or `undefined` when it starts afresh.
 * Also reads the shape written by version 0.1, whose runs may still be
 * continuing as new.
 */
export function fromCarried(carried: unknown): MachineState | undefined {
  if (typeof carried !== 'object' || carried === null) return undefined;
  if ('phase' in carried) return carryOver(carried as MachineState);
  const legacy = carried as LegacyCarryOver;
  return {
    ...initialState(),
    phase: legacy.pendingPause ? { status: 'pausing', pause: legacy.pendingPause } : { status: 'running' },
    lastCheckpoint: legacy.lastCheckpoint,
    pauseCount: legacy.pauseCount ?? 0,
    totalPausedMs: legacy.totalPausedMs ?? 0,
    lastEventSeq: legacy.lastEventSeq ?? 0,
    audit: legacy.audit ?? [],
    pauseIds: legacy.pauseIds ?? [],
    resumeIds: legacy.resumeIds ?? [],
  };
}

/** The carry-over memo of version 0.1. */
interface LegacyCarryOver {
  pendingPause?: PendingPause;
  lastCheckpoint?: CheckpointName;
  pauseCount?: number;
  totalPausedMs?: number;
  lastEventSeq?: number;
  audit?: PauseRecord[];
  pauseIds?: string[];
  resumeIds?: string[];
}
