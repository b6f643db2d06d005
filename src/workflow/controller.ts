/**
 * The control state machine of one workflow run: `running → pausing →
 * paused → running`, its handlers, its audit list and its events.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  condition,
  isCancellation,
  log,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import { controlStateQuery, pauseSignal, pauseUpdate, resumeSignal, resumeUpdate } from '../common/definitions';
import { ALREADY_PAUSED, INVALID_CONTROL_REQUEST, NOT_PAUSED, PAUSE_TIMED_OUT } from '../common/errors';
import { CONTROL_EVENT_MEMO_KEY, CONTROL_STATE_MEMO_KEY, type ControlSummary } from '../common/memo';
import type {
  ControlEvent,
  ControlEventType,
  ControlState,
  ControlStatus,
  OnPauseTimeout,
  PauseRecord,
  PauseRequest,
  ResumeRequest,
} from '../common/types';
import { pauseRequestProblem, pauseTimeoutMs, resumeRequestProblem } from '../common/validation';
import type { ControlCarryOver } from './carry-over';

/** Options of `installControl()`. */
export interface ControlOptions {
  /**
   * How many past pauses the audit list keeps (oldest dropped first).
   *
   * @default 50
   */
  auditLimit?: number;
  /**
   * Checks a resume's `input` before the resume is accepted; returns what is
   * wrong with it, or `undefined`. A `requestResume` update with bad input is
   * rejected; a `resume` signal with bad input is logged and ignored.
   */
  validateResumeInput?: (input: unknown) => string | undefined;
}

/** The pause being requested or served. */
interface ActivePause {
  request: PauseRequest;
  requestedAtMs: number;
  pausedAtMs?: number;
  deadlineMs?: number;
}

/** How many request ids are remembered for idempotency, per kind. */
const REMEMBERED_REQUEST_IDS = 100;

/**
 * One per workflow run, created by `installControl()`. Workflow code reaches
 * it through `checkpoint()` and the interceptors; it is not exported.
 */
export class Controller {
  private statusValue: ControlStatus = 'running';
  private lastCheckpoint: string | undefined;
  private active: ActivePause | undefined;
  private inFlight = 0;
  private pauseCount = 0;
  private totalPausedMs = 0;
  private lastEventSeq = 0;
  private audit: PauseRecord[] = [];
  private pauseIds: string[] = [];
  private resumeIds: string[] = [];
  private lastResumeInput: unknown;
  private readonly auditLimit: number;

  constructor(
    private readonly options: ControlOptions,
    carried: ControlCarryOver | undefined,
  ) {
    this.auditLimit = options.auditLimit ?? 50;
    if (carried) this.restore(carried);
  }

  /** Registers the signal, update and query handlers and watches for cancellation. */
  register(): void {
    setHandler(pauseSignal, (request) => {
      const problem = pauseRequestProblem(request);
      if (problem) log.warn(`Ignored a pause signal: ${problem}`);
      else this.pause(request ?? {});
    });
    setHandler(resumeSignal, (request) => {
      const problem = this.resumeProblem(request);
      if (problem) log.warn(`Ignored a resume signal: ${problem}`);
      else this.resume(request ?? {});
    });
    setHandler(
      pauseUpdate,
      (request: PauseRequest | undefined) => {
        this.pause(request ?? {});
        return this.state();
      },
      { validator: (request: PauseRequest | undefined) => this.validatePause(request) },
    );
    setHandler(
      resumeUpdate,
      (request: ResumeRequest | undefined) => {
        this.resume(request ?? {});
        return this.state();
      },
      { validator: (request: ResumeRequest | undefined) => this.validateResume(request) },
    );
    setHandler(controlStateQuery, () => this.state());
    CancellationScope.current().cancelRequested.catch((error: unknown) => {
      if (isCancellation(error)) this.cancelled();
    });
  }

  /** The current status (a method, so that callers re-read it after awaiting). */
  status(): ControlStatus {
    return this.statusValue;
  }

  /** Activities and child workflows in flight; the workflow parks only at zero. */
  inFlightActivities(): number {
    return this.inFlight;
  }

  /** Called by the outbound interceptor when an activity is scheduled. */
  activityStarted(): void {
    this.inFlight++;
  }

  /** Called by the outbound interceptor when an activity settles, however it ends. */
  activityFinished(): void {
    this.inFlight--;
  }

  /** The input of the latest accepted resume. */
  resumeInput(): unknown {
    return this.lastResumeInput;
  }

  /** A snapshot for the query, the updates and workflow code. */
  state(): ControlState {
    const active = this.active;
    return dropUndefined({
      status: this.statusValue,
      checkpoint: this.lastCheckpoint,
      reason: active?.request.reason,
      requestedBy: active?.request.requestedBy,
      pauseRequestedAt: iso(active?.requestedAtMs),
      pausedAt: iso(active?.pausedAtMs),
      deadline: iso(active?.deadlineMs),
      onTimeout: active?.deadlineMs === undefined ? undefined : (active.request.onTimeout ?? 'resume'),
      inFlightActivities: this.inFlight,
      pauseCount: this.pauseCount,
      totalPausedMs: this.totalPausedMs,
      lastEventSeq: this.lastEventSeq,
      history: this.audit.map((record) => ({ ...record })),
    });
  }

  /** What continue-as-new carries into the next run. */
  carryOver(): ControlCarryOver {
    const active = this.active;
    return {
      pendingPause: active && { request: active.request, requestedAtMs: active.requestedAtMs },
      lastCheckpoint: this.lastCheckpoint,
      pauseCount: this.pauseCount,
      totalPausedMs: this.totalPausedMs,
      lastEventSeq: this.lastEventSeq,
      audit: this.audit,
      pauseIds: this.pauseIds,
      resumeIds: this.resumeIds,
    };
  }

  /**
   * Parks at `checkpoint` until resumed, the pause times out or the workflow
   * is cancelled. Called by `checkpoint()` once the workflow is drained.
   */
  async park(checkpoint: string): Promise<void> {
    const active = this.active;
    if (this.statusValue !== 'pausing' || !active) return;
    const now = Date.now();
    const timeoutMs = active.request.timeout === undefined ? undefined : pauseTimeoutMs(active.request.timeout);
    active.pausedAtMs = now;
    active.deadlineMs = timeoutMs === undefined ? undefined : now + timeoutMs;
    this.statusValue = 'paused';
    this.lastCheckpoint = checkpoint;
    this.pauseCount++;
    this.emit('workflow.paused', {
      checkpoint,
      reason: active.request.reason,
      requested_by: active.request.requestedBy,
      trace_id: active.request.traceId,
    });
    const released = (): boolean => this.active !== active;
    if (timeoutMs === undefined) {
      await condition(released);
      return;
    }
    if (await condition(released, timeoutMs)) return;
    this.timedOut(active, active.request.onTimeout ?? 'resume');
  }

  private pause(request: PauseRequest): void {
    if (request.requestId !== undefined) {
      if (this.pauseIds.includes(request.requestId)) return;
      remember(this.pauseIds, request.requestId);
    }
    if (this.statusValue !== 'running') return;
    this.lastResumeInput = undefined;
    this.active = { request, requestedAtMs: Date.now() };
    this.statusValue = 'pausing';
    this.emit('workflow.pausing', {
      reason: request.reason,
      requested_by: request.requestedBy,
      trace_id: request.traceId,
    });
  }

  private resume(request: ResumeRequest): void {
    if (request.requestId !== undefined) {
      if (this.resumeIds.includes(request.requestId)) return;
      remember(this.resumeIds, request.requestId);
    }
    if (this.statusValue === 'running') return;
    this.lastResumeInput = request.input;
    this.endPause(request.requestedBy, this.statusValue === 'paused' ? 'resumed' : 'withdrawn', request.traceId);
  }

  private validatePause(request: PauseRequest | undefined): void {
    const problem = pauseRequestProblem(request);
    if (problem) throw failure(INVALID_CONTROL_REQUEST, problem);
    if (request?.requestId !== undefined && this.pauseIds.includes(request.requestId)) return;
    if (this.statusValue !== 'running') throw failure(ALREADY_PAUSED, `Workflow is already ${this.statusValue}`);
  }

  private validateResume(request: ResumeRequest | undefined): void {
    const problem = this.resumeProblem(request);
    if (problem) throw failure(INVALID_CONTROL_REQUEST, problem);
    if (request?.requestId !== undefined && this.resumeIds.includes(request.requestId)) return;
    if (this.statusValue === 'running') throw failure(NOT_PAUSED, 'Workflow is not paused');
  }

  private resumeProblem(request: ResumeRequest | undefined): string | undefined {
    const problem = resumeRequestProblem(request);
    if (problem || request?.input === undefined || !this.options.validateResumeInput) return problem;
    const inputProblem = this.options.validateResumeInput(request.input);
    return inputProblem && `Invalid resume \`input\`: ${inputProblem}`;
  }

  private timedOut(active: ActivePause, policy: OnPauseTimeout): void {
    const checkpoint = this.lastCheckpoint;
    if (policy === 'resume') {
      this.endPause('timeout', 'timed_out');
      return;
    }
    this.closePause(active, 'timeout', 'timed_out');
    if (policy === 'fail') {
      throw failure(
        PAUSE_TIMED_OUT,
        `Workflow stayed paused at \`${checkpoint}\` past its timeout of ${String(active.request.timeout)}`,
      );
    }
    // A workflow cannot request its own cancellation (the server refuses
    // it), so 'cancel' raises the cancellation inside the workflow: cleanup
    // written for cancellation runs, and an uncaught one fails the run.
    this.emit('workflow.cancelled', { checkpoint, was_paused: true, reason: 'pause timed out' });
    throw new CancelledFailure(`Pause at \`${checkpoint}\` timed out`);
  }

  private cancelled(): void {
    const wasPaused = this.statusValue === 'paused';
    const checkpoint = this.lastCheckpoint;
    if (this.active) this.closePause(this.active, 'cancellation', 'cancelled');
    this.emit('workflow.cancelled', { checkpoint, was_paused: wasPaused });
  }

  /** Ends the current pause and tells the world (resume, withdrawal, timeout). */
  private endPause(resumedBy: string | undefined, outcome: PauseRecord['outcome'], traceId?: string): void {
    const active = this.active;
    if (!active) return;
    const pausedMs = this.closePause(active, resumedBy, outcome);
    this.emit('workflow.resumed', {
      checkpoint: active.pausedAtMs === undefined ? undefined : this.lastCheckpoint,
      paused_ms: pausedMs,
      requested_by: resumedBy,
      trace_id: traceId ?? active.request.traceId,
    });
  }

  /** Records the pause in the audit list and returns to `running`; returns the ms parked. */
  private closePause(active: ActivePause, resumedBy: string | undefined, outcome: PauseRecord['outcome']): number {
    const now = Date.now();
    const pausedMs = active.pausedAtMs === undefined ? 0 : now - active.pausedAtMs;
    this.totalPausedMs += pausedMs;
    this.audit.push(
      dropUndefined({
        reason: active.request.reason,
        requestedBy: active.request.requestedBy,
        checkpoint: active.pausedAtMs === undefined ? undefined : this.lastCheckpoint,
        requestedAt: iso(active.requestedAtMs) as string,
        pausedAt: iso(active.pausedAtMs),
        endedAt: iso(now) as string,
        pausedMs,
        resumedBy,
        outcome: active.pausedAtMs === undefined && outcome === 'resumed' ? 'withdrawn' : outcome,
      }),
    );
    if (this.audit.length > this.auditLimit) this.audit.splice(0, this.audit.length - this.auditLimit);
    this.active = undefined;
    this.statusValue = 'running';
    return pausedMs;
  }

  /**
   * Publishes a transition: one memo upsert that carries both the summary
   * (for describe and list) and the event (durable in the history).
   */
  private emit(type: ControlEventType, fields: Partial<ControlEvent>): void {
    const { workflowId, runId } = workflowInfo();
    const event: ControlEvent = dropUndefined({
      seq: ++this.lastEventSeq,
      workflow_id: workflowId,
      run_id: runId,
      type,
      timestamp: new Date().toISOString(),
      ...fields,
    });
    const summary: ControlSummary = dropUndefined({
      status: this.statusValue,
      checkpoint: this.lastCheckpoint,
      reason: this.active?.request.reason,
      pausedAt: iso(this.active?.pausedAtMs),
      lastEventSeq: this.lastEventSeq,
    });
    upsertMemo({ [CONTROL_STATE_MEMO_KEY]: summary, [CONTROL_EVENT_MEMO_KEY]: event });
  }

  private restore(carried: ControlCarryOver): void {
    this.lastCheckpoint = carried.lastCheckpoint;
    this.pauseCount = carried.pauseCount;
    this.totalPausedMs = carried.totalPausedMs;
    this.lastEventSeq = carried.lastEventSeq;
    this.audit = [...carried.audit];
    this.pauseIds = [...carried.pauseIds];
    this.resumeIds = [...carried.resumeIds];
    if (carried.pendingPause) {
      this.active = { ...carried.pendingPause };
      this.statusValue = 'pausing';
    }
  }
}

function failure(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

function remember(ids: string[], id: string): void {
  ids.push(id);
  if (ids.length > REMEMBERED_REQUEST_IDS) ids.shift();
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** Drops `undefined` fields so that states and events stay small on the wire. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
