/**
 * The operations a control transition is made of: start, end and park a
 * pause, time it out, cancel, tell children, emit events. The rulebook
 * (./rules.ts) says which input runs which operation in which phase;
 * `transition()` (./transitions.ts) executes it.
 *
 * Anywhere zone, pure: no Temporal API, no clock.
 *
 * @module
 */
import { AWAITING_CHILDREN, type CheckpointName } from '../common/checkpoints';
import { PAUSE_TIMED_OUT } from '../common/errors';
import { withoutUndefined } from '../common/objects';
import type { PauseRecord, PauseRequest, ResumeRequest, WorkflowEventType } from '../common/types';
import { pauseTimeoutMs } from '../common/validation';
import { accepts } from './accepts';
import { pauseRecord } from './audit';
import { childPauseRequest } from './children';
import type { ControlEffect, EmittedEvent, TransitionContext } from './inputs';
import { isDrained, type MachineState, type PendingPause } from './state';

/** How many request ids are remembered for idempotency, per kind. */
export const REMEMBERED_REQUEST_IDS = 100;

/**
 * One transition being built: a copy of the state and the effects so far,
 * and the operations the rules (./rules.ts) are made of. Each operation
 * checks what it needs beyond the phase its rule acts in.
 */
export class Step {
  readonly state: MachineState;
  readonly effects: ControlEffect[] = [];

  constructor(
    state: MachineState,
    private readonly context: TransitionContext,
  ) {
    this.state = { ...state };
  }

  /** Changes the fields of an input that only counts. */
  set(fields: Partial<MachineState>): void {
    Object.assign(this.state, fields);
  }

  /** The workflow time of the input, in ms since the epoch. */
  get atMs(): number {
    return this.context.atMs;
  }

  /** A run started paused announces its pause, once, as its first event. */
  runStarted(): void {
    const state = this.state;
    if (state.phase.status === 'pausing' && state.lastEventSeq === 0) this.announcePausing(state.phase.pause);
  }

  /** A parent that waits only on children, all parked, is paused at {@link AWAITING_CHILDREN}. */
  parkIfOnlyChildrenRemain(): void {
    const state = this.state;
    if (state.phase.status !== 'pausing' || state.drainWaiters > 0 || state.children.length === 0) return;
    if (isDrained(state)) this.park(AWAITING_CHILDREN);
  }

  /** Starts a pause if `accepts()` takes it; a refused request's id is still remembered. */
  pause(request: PauseRequest): void {
    const verdict = accepts(this.state, { kind: 'pause', request });
    if (verdict === 'repeat') return;
    this.rememberRequest('pauseIds', request.requestId);
    if (verdict !== 'take') return;
    const state = this.state;
    const pause: PendingPause = { request, requestedAtMs: this.context.atMs };
    state.phase = { status: 'pausing', pause };
    state.resumeInput = undefined;
    this.announcePausing(pause);
    if (request.drain === 'interrupt') this.effects.push({ kind: 'interruptActivities' });
    const workflowIds = this.startedChildren();
    if (workflowIds.length > 0)
      this.effects.push({ kind: 'pauseChildren', request: this.childPauseRequest(request), workflowIds });
  }

  /** Ends the pause if `accepts()` takes it, keeping the resume's input for the checkpoint. */
  resume(request: ResumeRequest): void {
    const verdict = accepts(this.state, { kind: 'resume', request });
    if (verdict === 'repeat') return;
    this.rememberRequest('resumeIds', request.requestId);
    if (verdict !== 'take') return;
    this.state.resumeInput = request.input;
    // A pause that never parked is recorded as withdrawn (the audit's rule, `pauseRecord`).
    this.endPause(request.requestedBy, 'resumed', request.traceId);
  }

  /** Parks the pending pause at `checkpoint` once nothing is in flight. */
  park(checkpoint: CheckpointName): void {
    const state = this.state;
    if (state.phase.status !== 'pausing' || !isDrained(state)) return;
    const { pause } = state.phase;
    const atMs = this.context.atMs;
    const timeoutMs = pause.request.timeout === undefined ? undefined : pauseTimeoutMs(pause.request.timeout);
    state.pauseCount++;
    state.lastCheckpoint = checkpoint;
    state.phase = {
      status: 'paused',
      pause: withoutUndefined({
        ...pause,
        checkpoint,
        pausedAtMs: atMs,
        deadlineMs: timeoutMs === undefined ? undefined : atMs + timeoutMs,
        number: state.pauseCount,
      }),
    };
    this.emit('workflow.paused', {
      checkpoint,
      reason: pause.request.reason,
      requested_by: pause.request.requestedBy,
      trace_id: pause.request.traceId,
      drain_ms: atMs - pause.requestedAtMs,
      interrupted:
        state.interrupted.length > 0
          ? state.interrupted.map(({ activityType, progress }) => ({ activity_type: activityType, progress }))
          : undefined,
    });
  }

  /** Applies the parked pause's `onTimeout`, if `pauseNumber` names it. */
  timeout(pauseNumber: number): void {
    const state = this.state;
    if (state.phase.status !== 'paused' || state.phase.pause.number !== pauseNumber) return;
    const { pause } = state.phase;
    const checkpoint = pause.checkpoint;
    switch (pause.request.onTimeout ?? 'resume') {
      case 'resume':
        return this.endPause('timeout', 'timed_out');
      case 'fail':
        this.closePause('timeout', 'timed_out');
        this.effects.push({
          kind: 'fail',
          errorType: PAUSE_TIMED_OUT,
          message: `Workflow stayed paused at \`${checkpoint}\` past its timeout of ${String(pause.request.timeout)}`,
        });
        return;
      case 'cancel':
        this.closePause('timeout', 'timed_out');
        this.emit('workflow.cancelled', { checkpoint, was_paused: true, reason: 'pause timed out' });
        this.effects.push({ kind: 'cancelRun', message: `Pause at \`${checkpoint}\` timed out` });
        return;
    }
  }

  /** The run is cancelled: a pause ends as `cancelled`. */
  cancel(): void {
    const state = this.state;
    const wasPaused = state.phase.status === 'paused';
    if (state.phase.status !== 'running') this.closePause('cancellation', 'cancelled');
    this.emit('workflow.cancelled', { checkpoint: state.lastCheckpoint, was_paused: wasPaused });
  }

  /** A child has started: from now on it receives pause and resume, and a pause requested meanwhile reaches it. */
  childStarted(workflowId: string): void {
    const state = this.state;
    const child = state.children.find((candidate) => candidate.workflowId === workflowId);
    if (child?.status !== 'starting') return;
    state.children = state.children.map((candidate) =>
      candidate === child ? { workflowId, status: 'running' } : candidate,
    );
    if (state.phase.status !== 'running') {
      const request = this.childPauseRequest(state.phase.pause.request);
      this.effects.push({ kind: 'pauseChildren', request, workflowIds: [workflowId] });
    }
  }

  /** Ends the current pause and tells the world (resume, withdrawal, timeout). */
  private endPause(resumedBy: string | undefined, outcome: PauseRecord['outcome'], traceId?: string): void {
    const state = this.state;
    if (state.phase.status === 'running') return;
    const { pause } = state.phase;
    const parkedAt = state.phase.status === 'paused' ? state.phase.pause.checkpoint : undefined;
    const pausedMs = this.closePause(resumedBy, outcome);
    const workflowIds = this.startedChildren();
    if (workflowIds.length > 0) {
      const requestId = `${this.context.workflowId}#${state.lastEventSeq + 1}`;
      const request = withoutUndefined({ requestedBy: resumedBy, requestId });
      this.effects.push({ kind: 'resumeChildren', request, workflowIds });
    }
    this.emit('workflow.resumed', {
      checkpoint: parkedAt,
      paused_ms: pausedMs,
      requested_by: resumedBy,
      trace_id: traceId ?? pause.request.traceId,
    });
  }

  /** Records the ended pause in the audit list and returns to `running`; returns the ms parked. */
  private closePause(resumedBy: string | undefined, outcome: PauseRecord['outcome']): number {
    const state = this.state;
    if (state.phase.status === 'running') return 0;
    const atMs = this.context.atMs;
    const parked = state.phase.status === 'paused' ? state.phase.pause : undefined;
    const pausedMs = parked ? atMs - parked.pausedAtMs : 0;
    state.totalPausedMs += pausedMs;
    const record = pauseRecord(state.phase.pause, parked, { atMs, resumedBy, outcome });
    state.audit = [...state.audit, record].slice(-this.context.auditLimit);
    state.phase = { status: 'running' };
    state.interrupted = [];
    return pausedMs;
  }

  private announcePausing(pause: PendingPause): void {
    this.emit('workflow.pausing', {
      reason: pause.request.reason,
      requested_by: pause.request.requestedBy,
      trace_id: pause.request.traceId,
    });
  }

  private childPauseRequest(request: PauseRequest): PauseRequest {
    return childPauseRequest(request, this.context.workflowId, this.state.lastEventSeq);
  }

  /** Children that have started, and so receive pause and resume. */
  private startedChildren(): string[] {
    return this.state.children
      .filter((child) => child.status !== 'starting')
      .map((child) => child.workflowId);
  }

  private emit(type: WorkflowEventType, fields: Partial<EmittedEvent>): void {
    const state = this.state;
    state.lastEventSeq++;
    const event: EmittedEvent = withoutUndefined({
      seq: state.lastEventSeq,
      type,
      timestamp: new Date(this.context.atMs).toISOString(),
      ...fields,
    });
    this.effects.push({ kind: 'emit', event });
  }

  /** Remembers a request id, so that the same request again changes nothing. */
  private rememberRequest(kind: 'pauseIds' | 'resumeIds', requestId: string | undefined): void {
    if (requestId === undefined) return;
    this.state[kind] = [...this.state[kind], requestId].slice(-REMEMBERED_REQUEST_IDS);
  }
}
