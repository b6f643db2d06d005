/**
 * What the control machine takes and gives: its inputs (what happens to a
 * workflow), the effects it returns (what the adapter must do), and the
 * context of one transition.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { CheckpointName } from '../common/checkpoints';
import type { PAUSE_TIMED_OUT } from '../common/errors';
import type { ChildControlState, ControlEvent, PauseRequest, ResumeRequest } from '../common/types';
import type { MachineState } from './state';

/** What can happen to a workflow's control state. */
export type ControlInput =
  | { kind: 'pause'; request: PauseRequest }
  | { kind: 'resume'; request: ResumeRequest }
  | { kind: 'park'; checkpoint: CheckpointName }
  | { kind: 'timeout'; pauseNumber: number }
  | { kind: 'cancel' }
  | { kind: 'runStarted' }
  | { kind: 'activityStarted' }
  | { kind: 'activityFinished' }
  | { kind: 'activityInterrupted'; activityType: string; progress: unknown }
  | { kind: 'drainWaitStarted' }
  | { kind: 'drainWaitEnded' }
  | { kind: 'childStarting'; workflowId: string }
  | { kind: 'childStarted'; workflowId: string }
  | { kind: 'childReported'; child: ChildControlState }
  | { kind: 'childClosed'; workflowId: string };

/** A control event as the machine emits it; the adapter adds the workflow and run ids. */
export type EmittedEvent = Omit<ControlEvent, 'workflow_id' | 'run_id'>;

/** What the adapter carries out after a transition. */
export type ControlEffect =
  | { kind: 'emit'; event: EmittedEvent }
  | { kind: 'pauseChildren'; request: PauseRequest; workflowIds: string[] }
  | { kind: 'resumeChildren'; request: ResumeRequest; workflowIds: string[] }
  | { kind: 'interruptActivities' }
  | { kind: 'fail'; errorType: typeof PAUSE_TIMED_OUT; message: string }
  | { kind: 'cancelRun'; message: string };

/** What a transition needs to know beyond the state. */
export interface TransitionContext {
  /** Workflow time of the input, in ms since the epoch. */
  atMs: number;
  /** The workflow's id, for the request ids forwarded to children. */
  workflowId: string;
  /** How many ended pauses the audit list keeps. */
  auditLimit: number;
}

/** The next state and the effects that go with it. */
export interface Transition {
  state: MachineState;
  effects: ControlEffect[];
}
