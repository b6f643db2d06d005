/**
 * What a reader of a run's history takes in: the history events decoded as
 * far as the control events need them, and how the workflow received the
 * control signals among them (the order of a run's first task, and which
 * signals it takes at all). The reader that turns them into events is
 * ./derivation.ts.
 *
 * Anywhere zone, pure: no Temporal API, no clock.
 *
 * @module
 */
import type { ControlDerivationRecord } from '../common/memo';
import type { TaskOwner } from '../common/ownership';
import type { ControlEvent, PauseRequest, ResumeRequest } from '../common/types';
import type { ControlInput } from './inputs';
import { pauseSignalProblem, resumeSignalProblem, withoutCaller } from './rejections';
import type { ServerPauseItem } from './server-pause-event';

/** One history event, decoded, as far as the control events need it. */
export type ControlHistoryItem =
  /** The run's start: the state it was handed, and the owner in its memo. */
  | { kind: 'runStarted'; carried?: unknown; owner?: TaskOwner }
  /**
   * The marker of a run that derives, among the commands of the task that
   * decided; `fromItsTask`: readers derive what that task processed too
   * (else from the next task on, as in runs of earlier versions).
   */
  | { kind: 'marker'; fromItsTask: boolean }
  /** A workflow task started at `atMs` (its attempt may still fail). */
  | { kind: 'taskStarted'; atMs: number }
  /** The last started task completed: the commands that follow are its own. */
  | { kind: 'taskCompleted' }
  /** A control signal received; `childReport` is a child's status report. */
  | { kind: 'signal'; name: 'pause' | 'resume' | 'childReport'; request?: unknown }
  /** A pause or resume update accepted by the last completed task. */
  | { kind: 'update'; name: 'pause' | 'resume'; request?: unknown }
  /** An event the workflow recorded, with what it carries for readers (runs that derive). */
  | { kind: 'recorded'; event: ControlEvent; derivation?: ControlDerivationRecord }
  | ServerPauseItem;

/** A control signal waiting for the task that processes it. */
export interface ReceivedSignal {
  name: 'pause' | 'resume' | 'childReport';
  request?: unknown;
}

/**
 * The order in which the control sets its signal handlers at install
 * (`registerControlHandlers`), and so the order in which the SDK hands it
 * the signals it buffered before the workflow started: all of one name, in
 * history order, before any of the next. The updates' handlers are set
 * between the resume and the report handlers; a first task that has both a
 * child's report and an update is not derived in that order.
 */
const FIRST_TASK_SIGNAL_ORDER: readonly ReceivedSignal['name'][] = ['pause', 'resume', 'childReport'];

/** `signals` in the order the control receives them in a run's first task. */
export function inFirstTaskOrder(signals: ReceivedSignal[]): ReceivedSignal[] {
  return FIRST_TASK_SIGNAL_ORDER.flatMap((name) => signals.filter((signal) => signal.name === name));
}

/**
 * The input `signal` feeds the machine in a run owned by `owner`, or
 * `undefined` when the workflow ignores it (a signal its checks refuse, a
 * child's report).
 */
export function signalInput(signal: ReceivedSignal, owner: TaskOwner | undefined): ControlInput | undefined {
  if (signal.name === 'pause') {
    if (pauseSignalProblem(signal.request, owner)) return undefined;
    return { kind: 'pause', request: withoutCaller(signal.request as PauseRequest | undefined) };
  }
  if (signal.name === 'resume') {
    const request = signal.request as ResumeRequest | undefined;
    // A resume with `input` is never derived: the workflow's own check decides it, and records it.
    if (request?.input === undefined && resumeSignalProblem(request, undefined, owner)) return undefined;
    return { kind: 'resume', request: withoutCaller(request) };
  }
  return undefined;
}
