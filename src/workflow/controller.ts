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
  getExternalWorkflowHandle,
  isCancellation,
  log,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { AWAITING_CHILDREN } from '../common/checkpoints';
import {
  childControlStateSignal,
  controlStateQuery,
  pauseSignal,
  pauseUpdate,
  resumeSignal,
  resumeUpdate,
} from '../common/definitions';
import { ALREADY_PAUSED, INVALID_CONTROL_REQUEST, NOT_PAUSED, PAUSE_TIMED_OUT } from '../common/errors';
import {
  CONTROL_CARRY_OVER_MEMO_KEY,
  CONTROL_EVENT_MEMO_KEY,
  CONTROL_PARENT_MEMO_KEY,
  CONTROL_STATE_MEMO_KEY,
  type ControlSummary,
} from '../common/memo';
import type {
  ChildControlState,
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
  /**
   * Name of a Keyword search attribute that receives the control status
   * (`running`, `pausing`, `paused`) whenever it changes, so that visibility
   * queries find paused tasks: `temporal workflow list --query
   * "TemporalCheckpointStatus='paused' AND ExecutionStatus='Running'"`. The
   * attribute must be registered on the namespace first (an unregistered one
   * fails the workflow task); each change adds one history event.
   *
   * @default none: the status is published in the memo only
   */
  statusSearchAttribute?: string;
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
  /** Live children started through the interceptors, by workflow id. */
  private readonly children = new Map<string, ChildControlState>();
  /** Checkpoints waiting for the workflow to drain; while any waits, it parks there. */
  private checkpointsWaiting = 0;
  /** The status last written to the status search attribute (it starts unset). */
  private publishedStatus: ControlStatus | undefined;

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
    setHandler(childControlStateSignal, (child) => {
      if (!this.children.has(child.workflowId)) return;
      this.children.set(child.workflowId, child);
      this.parkIfOnlyChildrenRemain();
    });
    CancellationScope.current().cancelRequested.catch((error: unknown) => {
      if (isCancellation(error)) this.cancelled();
    });
    // A child started while its parent was pausing inherits the pause; its
    // own event log starts by announcing it.
    if (this.active && this.lastEventSeq === 0) this.announcePausing(this.active.request);
  }

  /** The current status (a method, so that callers re-read it after awaiting). */
  status(): ControlStatus {
    return this.statusValue;
  }

  /** Called by the outbound interceptor when an activity is scheduled. */
  activityStarted(): void {
    this.inFlight++;
  }

  /** Called by the outbound interceptor when an activity settles, however it ends. */
  activityFinished(): void {
    this.inFlight--;
    this.parkIfOnlyChildrenRemain();
  }

  /**
   * True when nothing started through the interceptors is still running:
   * no activity in flight and every live child parked.
   */
  drained(): boolean {
    if (this.inFlight > 0) return false;
    for (const child of this.children.values()) if (child.status !== 'paused') return false;
    return true;
  }

  /** Counts a checkpoint that waits for the workflow to drain (see {@link parkIfOnlyChildrenRemain}). */
  async waitUntilDrained(): Promise<void> {
    this.checkpointsWaiting++;
    try {
      await condition(() => this.statusValue !== 'pausing' || this.drained());
    } finally {
      this.checkpointsWaiting--;
    }
  }

  /**
   * Memo for a child about to be started: it reports to this workflow and,
   * when this workflow is not running, it starts with the same pause pending.
   */
  childMemo(): Record<string, unknown> {
    const active = this.active;
    const pending: ControlCarryOver | undefined = active && {
      pendingPause: { request: this.childRequest(active.request), requestedAtMs: active.requestedAtMs },
      pauseCount: 0,
      totalPausedMs: 0,
      lastEventSeq: 0,
      audit: [],
      pauseIds: [],
      resumeIds: [],
    };
    return { [CONTROL_PARENT_MEMO_KEY]: true, ...(pending && { [CONTROL_CARRY_OVER_MEMO_KEY]: pending }) };
  }

  /** Tracks a child from the moment its start is requested. */
  childStarting(workflowId: string): void {
    this.children.set(workflowId, {
      workflowId,
      status: this.statusValue === 'running' ? 'starting' : 'pausing',
    });
  }

  /** A child has started: from now on it receives pause and resume. */
  childStarted(workflowId: string): void {
    const child = this.children.get(workflowId);
    if (child?.status !== 'starting') return;
    child.status = 'running';
    if (this.active) {
      // Paused while the child was starting: the pause reaches it now.
      const request = this.childRequest(this.active.request);
      this.cascadeTo(workflowId, () => getExternalWorkflowHandle(workflowId).signal(pauseSignal, request));
    }
  }

  /** Forgets a child that has closed. */
  childClosed(workflowId: string): void {
    this.children.delete(workflowId);
    this.parkIfOnlyChildrenRemain();
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
      children:
        this.children.size > 0 ? [...this.children.values()].map((child) => ({ ...child })) : undefined,
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
    const timeoutMs = this.enterPause(active, checkpoint);
    const released = (): boolean => this.active !== active;
    if (timeoutMs === undefined) {
      await condition(released);
      return;
    }
    if (await condition(released, timeoutMs)) return;
    this.timedOut(active, active.request.onTimeout ?? 'resume');
  }

  /** `pausing → paused` at `checkpoint`; returns the pause timeout in ms, if any. */
  private enterPause(active: ActivePause, checkpoint: string): number | undefined {
    const now = Date.now();
    const timeoutMs =
      active.request.timeout === undefined ? undefined : pauseTimeoutMs(active.request.timeout);
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
    return timeoutMs;
  }

  /**
   * A parent that waits only on children, all of them parked, is paused too
   * (at {@link AWAITING_CHILDREN}) even though it reached no checkpoint of its
   * own: it cannot start anything new through the interceptors. A pause
   * timeout applies only where the parent parks at a checkpoint of its own;
   * the children were asked to pause without one.
   */
  private parkIfOnlyChildrenRemain(): void {
    if (this.statusValue !== 'pausing' || !this.active) return;
    if (this.checkpointsWaiting > 0 || this.children.size === 0 || !this.drained()) return;
    this.enterPause(this.active, AWAITING_CHILDREN);
  }

  /** The request forwarded to children: the parent's, without timeout, with a fresh id. */
  private childRequest(request: PauseRequest): PauseRequest {
    return dropUndefined({
      reason: request.reason,
      requestedBy: request.requestedBy,
      traceId: request.traceId,
      requestId: `${workflowInfo().workflowId}#${this.lastEventSeq}`,
    });
  }

  /** Sends a signal to every live child that has started. */
  private cascade(send: (workflowId: string) => Promise<void>): void {
    for (const child of this.children.values()) {
      if (child.status !== 'starting') this.cascadeTo(child.workflowId, () => send(child.workflowId));
    }
  }

  private cascadeTo(workflowId: string, send: () => Promise<void>): void {
    send().catch((error: unknown) =>
      log.warn(`Could not reach child workflow ${workflowId}: ${String(error)}`),
    );
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
    this.announcePausing(request);
    const childRequest = this.childRequest(request);
    this.cascade((workflowId) => getExternalWorkflowHandle(workflowId).signal(pauseSignal, childRequest));
  }

  private announcePausing(request: PauseRequest): void {
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
    this.endPause(
      request.requestedBy,
      this.statusValue === 'paused' ? 'resumed' : 'withdrawn',
      request.traceId,
    );
  }

  private validatePause(request: PauseRequest | undefined): void {
    const problem = pauseRequestProblem(request);
    if (problem) throw failure(INVALID_CONTROL_REQUEST, problem);
    if (request?.requestId !== undefined && this.pauseIds.includes(request.requestId)) return;
    if (this.statusValue !== 'running')
      throw failure(ALREADY_PAUSED, `Workflow is already ${this.statusValue}`);
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
    const childRequest: ResumeRequest = dropUndefined({
      requestedBy: resumedBy,
      requestId: `${workflowInfo().workflowId}#${this.lastEventSeq + 1}`,
    });
    this.cascade((workflowId) => getExternalWorkflowHandle(workflowId).signal(resumeSignal, childRequest));
    this.emit('workflow.resumed', {
      checkpoint: active.pausedAtMs === undefined ? undefined : this.lastCheckpoint,
      paused_ms: pausedMs,
      requested_by: resumedBy,
      trace_id: traceId ?? active.request.traceId,
    });
  }

  /** Records the pause in the audit list and returns to `running`; returns the ms parked. */
  private closePause(
    active: ActivePause,
    resumedBy: string | undefined,
    outcome: PauseRecord['outcome'],
  ): number {
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
    this.publishStatusSearchAttribute();
    this.reportToParent();
  }

  /** Sets the status search attribute, when one is configured and the status changed since it was last set. */
  private publishStatusSearchAttribute(): void {
    const name = this.options.statusSearchAttribute;
    if (name === undefined || this.publishedStatus === this.statusValue) return;
    this.publishedStatus = this.statusValue;
    upsertSearchAttributes([
      { key: defineSearchAttributeKey(name, SearchAttributeType.KEYWORD), value: this.statusValue },
    ]);
  }

  /** Tells the parent this child's status, when the parent started it through the interceptors. */
  private reportToParent(): void {
    const { parent, memo } = workflowInfo();
    if (!parent || memo?.[CONTROL_PARENT_MEMO_KEY] !== true) return;
    const report: ChildControlState = dropUndefined({
      workflowId: workflowInfo().workflowId,
      status: this.statusValue,
      checkpoint: this.statusValue === 'paused' ? this.lastCheckpoint : undefined,
    });
    getExternalWorkflowHandle(parent.workflowId)
      .signal(childControlStateSignal, report)
      .catch((error: unknown) =>
        log.warn(`Could not report to parent ${parent.workflowId}: ${String(error)}`),
      );
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
