/**
 * Request, state and event types shared by workflows, clients and the HTTP API.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */
import type { Duration } from '@temporalio/common';
import type { CheckpointName } from './checkpoints';
import type { ControlCaller } from './ownership';

/** What a pause does when its timeout runs out while the workflow is parked. */
export type OnPauseTimeout = 'resume' | 'fail' | 'cancel';

/**
 * How a pause treats the activities in flight: `finish` waits for them;
 * `interrupt` asks those that opted in (see `temporal-checkpoint/activity`)
 * to stop at their next safe point and continues them from their progress
 * after the resume, and waits for the others.
 */
export type DrainPolicy = 'finish' | 'interrupt';

/** Argument of `pauseSignal` and `pauseUpdate`. Every field is optional. */
export interface PauseRequest {
  /** Why the workflow is paused; at most {@link MAX_REASON_LENGTH} characters. */
  reason?: string;
  /** Who asked for the pause (a user id, a service name). */
  requestedBy?: string;
  /** Idempotency key: a repeated request with the same id is a success that changes nothing. */
  requestId?: string;
  /**
   * How long the workflow may stay parked before `onTimeout` applies, counted
   * from the moment it parks. A Temporal `Duration` (`'7 days'`, `60_000`).
   */
  timeout?: Duration;
  /**
   * What happens when `timeout` runs out.
   *
   * @default 'resume'
   */
  onTimeout?: OnPauseTimeout;
  /** W3C trace id of the caller, copied into the events of this pause. */
  traceId?: string;
  /**
   * How the activities in flight are drained.
   *
   * @default 'finish'
   */
  drain?: DrainPolicy;
  /** The authenticated caller, set by a gateway: the workflow refuses it unless it may act on the task. */
  caller?: ControlCaller;
}

/** Argument of `resumeSignal` and `resumeUpdate`. Every field is optional. */
export interface ResumeRequest {
  /** Who asked for the resume. */
  requestedBy?: string;
  /** Idempotency key: a repeated request with the same id is a success that changes nothing. */
  requestId?: string;
  /** A payload for the workflow, read with `resumeInput()` after the checkpoint returns. */
  input?: unknown;
  /** W3C trace id of the caller, copied into the `workflow.resumed` event. */
  traceId?: string;
  /** The authenticated caller, set by a gateway: the workflow refuses it unless it may act on the task. */
  caller?: ControlCaller;
  /**
   * Resume only while the current pause is the one requested with this
   * `requestId`; otherwise the update is refused as not paused. Decided by
   * the update's validator, atomically: a signal carrying it is ignored.
   */
  ifPauseRequestId?: string;
}

/** The longest `reason` a pause request may carry. */
export const MAX_REASON_LENGTH = 1000;

/** Where the control state machine is: `running → pausing → paused → running`. */
export type ControlStatus = 'running' | 'pausing' | 'paused';

/** One past pause, kept in the bounded audit list of {@link ControlState}. */
export interface PauseRecord {
  reason?: string;
  requestedBy?: string;
  /** Where the workflow parked; absent when the pause was withdrawn before it parked. */
  checkpoint?: CheckpointName;
  /** ISO-8601 time of the pause request. */
  requestedAt: string;
  /** ISO-8601 time the workflow parked. */
  pausedAt?: string;
  /** ISO-8601 time the pause ended (resume, withdrawal or timeout). */
  endedAt: string;
  /** Milliseconds parked (0 when withdrawn). */
  pausedMs: number;
  /** Who ended it: the resume's `requestedBy`, `'timeout'`, or `'cancellation'`. */
  resumedBy?: string;
  /** How it ended. */
  outcome: 'resumed' | 'withdrawn' | 'timed_out' | 'cancelled';
}

/** What `controlStateQuery` returns, and the updates too. */
export interface ControlState {
  status: ControlStatus;
  /** Where the workflow is parked, or was parked last. */
  checkpoint?: CheckpointName;
  /** Reason of the current pause. */
  reason?: string;
  /** Who asked for the current pause. */
  requestedBy?: string;
  /** ISO-8601 time of the current pause request. */
  pauseRequestedAt?: string;
  /** ISO-8601 time the workflow parked for the current pause. */
  pausedAt?: string;
  /** ISO-8601 time the current pause times out, once parked with a timeout. */
  deadline?: string;
  /** What happens at `deadline`. */
  onTimeout?: OnPauseTimeout;
  /** Activities started through the interceptors that have not finished. */
  inFlightActivities: number;
  /** How many times the workflow parked (in this and earlier runs). */
  pauseCount: number;
  /** Milliseconds spent parked, over all finished pauses. */
  totalPausedMs: number;
  /** `seq` of the newest control event. */
  lastEventSeq: number;
  /** Past pauses, newest last, at most the configured limit. */
  history: PauseRecord[];
  /** Live children started through the interceptors, with their own status. */
  children?: ChildControlState[];
  /** Activities the current pause interrupted at a safe point; they continue after the resume. */
  interruptedActivities?: InterruptedActivity[];
}

/** An activity stopped at a safe point by a pause with `drain: 'interrupt'`. */
export interface InterruptedActivity {
  activityType: string;
  /** What the activity handed back at its last safe point; it continues from there. */
  progress: unknown;
  /** ISO-8601 time it stopped. */
  interruptedAt: string;
}

/** A child workflow as its parent tracks it. */
export interface ChildControlState {
  workflowId: string;
  /** The child's status as it last reported it (`starting` until it has started). */
  status: ControlStatus | 'starting';
  /** Where the child is parked, when it is. */
  checkpoint?: CheckpointName;
}

/** The types of the events the workflow's control emits (see docs/design.md, Events). */
export type WorkflowEventType =
  | 'workflow.pausing'
  | 'workflow.paused'
  | 'workflow.resumed'
  | 'workflow.cancelled'
  | 'workflow.completed'
  | 'workflow.failed';

/**
 * The types of the events readers derive from the Temporal server's own
 * pause and unpause of the workflow (history events the workflow never
 * sees; see docs/design.md, Events).
 */
export const SERVER_PAUSE_EVENT_TYPES = ['workflow.server_paused', 'workflow.server_unpaused'] as const;

/** One of {@link SERVER_PAUSE_EVENT_TYPES}. */
export type ServerPauseEventType = (typeof SERVER_PAUSE_EVENT_TYPES)[number];

/** Event type names (see docs/design.md, Events). */
export type ControlEventType = WorkflowEventType | ServerPauseEventType;

/** A durable control event, snake_case as it goes on the wire. */
export interface ControlEvent {
  /**
   * Monotonic per workflow, gap-free, from 1. A server pause event carries
   * the `seq` of the last event before it (0 when there is none) and its own
   * `server_seq`.
   */
  seq: number;
  /** On a server pause event: 1, 2, … counting the server pause events since event `seq`. */
  server_seq?: number;
  /** On a server pause event: the identity of the Temporal client that paused or unpaused the workflow. */
  identity?: string;
  workflow_id: string;
  run_id: string;
  type: ControlEventType;
  /** ISO-8601 (workflow time). */
  timestamp: string;
  checkpoint?: CheckpointName;
  reason?: string;
  requested_by?: string;
  paused_ms?: number;
  was_paused?: boolean;
  trace_id?: string;
  /** On `workflow.paused`: milliseconds from the pause request until the workflow parked. */
  drain_ms?: number;
  /** On `workflow.paused`: activities interrupted at a safe point, with their progress. */
  interrupted?: Array<{ activity_type: string; progress: unknown }>;
}
