/**
 * `TaskControl`: pause, resume, cancel and inspect a workflow over a
 * Temporal `Client`, with typed errors.
 *
 * Node zone.
 *
 * @module
 */
import {
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { controlStateQuery, pauseUpdate, resumeUpdate } from '../common/definitions';
import { ALREADY_PAUSED, INVALID_CONTROL_REQUEST, NOT_PAUSED } from '../common/errors';
import type { ControlState, PauseRequest, ResumeRequest } from '../common/types';
import { pauseRequestProblem, resumeRequestProblem } from '../common/validation';
import {
  ControlNotInstalledError,
  InvalidControlRequestError,
  TaskAlreadyPausedError,
  TaskClosedError,
  TaskControlError,
  TaskNotFoundError,
  TaskNotPausedError,
  TaskServerPausedError,
} from './errors';
import { createOneAtATime } from './one-at-a-time';
import { taskLifecycle, type TaskLifecycle } from './task-state';

/** A task's Temporal status and, while it runs, its control state. */
export interface TaskStatus {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** `running` (also while the server holds it paused), or how it closed. */
  status: TaskLifecycle['state'];
  /** True while the Temporal server holds the workflow paused (native pause, server 1.30+). */
  serverPaused: boolean;
  startTime: Date;
  closeTime?: Date;
  /** The control state; absent once closed (queries need a worker) or while the server holds it paused. */
  control?: ControlState;
}

/**
 * Controls tasks (workflows) by id. Pause and resume go through the
 * validated updates, so "already paused" and "not paused" are decided inside
 * the workflow, atomically; a closed workflow is reported with how it closed.
 * The handle always targets the newest run, so continue-as-new is followed.
 *
 * @example
 * ```ts
 * const control = new TaskControl(client);
 * await control.pause('research-42', { reason: 'review the sources', timeout: '7 days' });
 * console.log((await control.state('research-42')).status); // 'pausing', then 'paused'
 * await control.resume('research-42', { input: { focus: 'primary sources' } });
 * ```
 */
export class TaskControl {
  /**
   * Pause and resume of one workflow are sent one at a time from this
   * instance: concurrent updates of one workflow make the server abort and
   * retry them (its "workflow update was aborted"), which slows every one of
   * them down; one after another, each is answered in one workflow task.
   */
  private readonly oneAtATime = createOneAtATime();

  constructor(private readonly client: Client) {}

  /** Asks the workflow to park at its next checkpoint; returns the new control state. */
  async pause(workflowId: string, request: PauseRequest = {}): Promise<ControlState> {
    const problem = pauseRequestProblem(request);
    if (problem) throw new InvalidControlRequestError(problem, workflowId);
    return this.update(workflowId, () =>
      this.client.workflow.getHandle(workflowId).executeUpdate(pauseUpdate, { args: [request] }),
    );
  }

  /** Resumes a paused workflow or withdraws a pending pause; returns the new control state. */
  async resume(workflowId: string, request: ResumeRequest = {}): Promise<ControlState> {
    const problem = resumeRequestProblem(request);
    if (problem) throw new InvalidControlRequestError(problem, workflowId);
    return this.update(workflowId, () =>
      this.client.workflow.getHandle(workflowId).executeUpdate(resumeUpdate, { args: [request] }),
    );
  }

  /** Requests cancellation of the workflow (paused or not). */
  async cancel(workflowId: string): Promise<void> {
    await this.requireRunning(workflowId);
    try {
      await this.client.workflow.getHandle(workflowId).cancel();
    } catch (error) {
      throw await this.explain(workflowId, error);
    }
  }

  /** The control state, from the `controlState` query. */
  async state(workflowId: string): Promise<ControlState> {
    try {
      return await this.client.workflow.getHandle(workflowId).query(controlStateQuery);
    } catch (error) {
      throw await this.explain(workflowId, error);
    }
  }

  /** The Temporal status of the task, with its control state while it runs. */
  async status(workflowId: string): Promise<TaskStatus> {
    const description = await this.describe(workflowId);
    const { state, serverPaused } = taskLifecycle(description.status.name);
    return {
      workflowId,
      runId: description.runId,
      workflowType: description.type,
      status: state,
      serverPaused,
      startTime: description.startTime,
      closeTime: description.closeTime,
      control: state === 'running' && !serverPaused ? await this.state(workflowId) : undefined,
    };
  }

  private async update(workflowId: string, send: () => Promise<ControlState>): Promise<ControlState> {
    try {
      return await this.oneAtATime(workflowId, send);
    } catch (error) {
      throw await this.explain(workflowId, error);
    }
  }

  /** Turns an SDK error into one of ours, describing the workflow to tell why. */
  private async explain(workflowId: string, error: unknown): Promise<Error> {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const { type, message } = error.cause;
      if (type === ALREADY_PAUSED) return new TaskAlreadyPausedError(message, workflowId, { cause: error });
      if (type === NOT_PAUSED) return new TaskNotPausedError(message, workflowId, { cause: error });
      if (type === INVALID_CONTROL_REQUEST)
        return new InvalidControlRequestError(message, workflowId, { cause: error });
    }
    let description: WorkflowExecutionDescription;
    try {
      description = await this.describe(workflowId);
    } catch (describeError) {
      return describeError instanceof TaskControlError ? describeError : (describeError as Error);
    }
    const { state, serverPaused } = taskLifecycle(description.status.name);
    if (state !== 'running') return new TaskClosedError(workflowId, state, { cause: error });
    if (serverPaused) return new TaskServerPausedError(workflowId, { cause: error });
    if (/not found|unknown|no handler/i.test(String((error as Error).cause ?? error))) {
      return new ControlNotInstalledError(
        `Task \`${workflowId}\` does not answer the control handlers; call installControl() or register the interceptors`,
        workflowId,
        { cause: error },
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  private async requireRunning(workflowId: string): Promise<void> {
    const { state } = taskLifecycle((await this.describe(workflowId)).status.name);
    if (state !== 'running') throw new TaskClosedError(workflowId, state);
  }

  private async describe(workflowId: string): Promise<WorkflowExecutionDescription> {
    try {
      return await this.client.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new TaskNotFoundError(workflowId, { cause: error });
      throw error;
    }
  }
}
