/**
 * `TaskControl`: pause, resume, cancel and inspect a workflow over a
 * Temporal `Client`, with typed errors.
 *
 * Node zone.
 *
 * @module
 */
import {
  QueryRejectedError,
  WorkflowClient,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import {
  callerControlStateQuery,
  controlStateQuery,
  pauseSignal,
  pauseUpdate,
  resumeUpdate,
} from '../common/definitions';
import { ALREADY_PAUSED, INVALID_CONTROL_REQUEST, NOT_PAUSED } from '../common/errors';
import { ownershipRejection, type ControlCaller } from '../common/ownership';
import { accessTargetOf } from '../common/stack-workflows';
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
import { currentControl } from './memo-summary';
import { createOneAtATime } from './one-at-a-time';
import { ownershipError } from './ownership-errors';
import { cancelRequested, taskLifecycle, workflowStatusName, type TaskLifecycle } from './task-state';

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
 * the workflow, atomically, in one round trip; a request's `caller` is
 * checked there too (see `ownershipRejection`). A closed workflow is
 * reported with how it closed (a describe, on that path only). The handle
 * always targets the newest run, so continue-as-new is followed.
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
  /** The same client, with queries refused by the server once the workflow has closed (made on first use). */
  private openOnlyClient: WorkflowClient | undefined;

  constructor(private readonly client: Client) {}

  /**
   * Asks the workflow to park at its next checkpoint; returns the new control
   * state. `checked`: the request was already validated (by a gateway's own
   * checks); the workflow's validator stays the authority either way.
   *
   * A workflow the Temporal server holds paused takes no update: unless a
   * pause of ours is already pending there ({@link TaskAlreadyPausedError}),
   * the pause goes as the signal a batch pause sends, and this rejects with a
   * {@link TaskServerPausedError} whose `pauseSent` is true.
   */
  async pause(workflowId: string, request: PauseRequest = {}, checked = false): Promise<ControlState> {
    const problem = checked ? undefined : pauseRequestProblem(request);
    if (problem) throw new InvalidControlRequestError(problem, workflowId);
    try {
      return await this.update(workflowId, request.caller, () =>
        this.client.workflow.getHandle(workflowId).executeUpdate(pauseUpdate, { args: [request] }),
      );
    } catch (error) {
      if (!(error instanceof TaskServerPausedError)) throw error;
      throw await this.pauseHeld(workflowId, request, error);
    }
  }

  /** Resumes a paused workflow or withdraws a pending pause; returns the new control state. */
  async resume(workflowId: string, request: ResumeRequest = {}, checked = false): Promise<ControlState> {
    const problem = checked ? undefined : resumeRequestProblem(request);
    if (problem) throw new InvalidControlRequestError(problem, workflowId);
    return this.update(workflowId, request.caller, () =>
      this.client.workflow.getHandle(workflowId).executeUpdate(resumeUpdate, { args: [request] }),
    );
  }

  /**
   * Requests cancellation of the workflow (paused or not). The workflow is
   * described first (a cancellation reaches no validator): a closed one is
   * reported as such, and a `caller` who may not act on it changes nothing.
   * A cancellation already requested (one the Temporal server holds while
   * it holds the workflow paused) is not requested again: the result says so.
   */
  async cancel(workflowId: string, caller?: ControlCaller): Promise<{ alreadyRequested: boolean }> {
    const description = await this.describe(workflowId);
    const refused = ownershipError(workflowId, ownershipRejection(accessTargetOf(description), caller));
    if (refused) throw refused;
    const { state } = taskLifecycle(description.status.name);
    if (state !== 'running') throw new TaskClosedError(workflowId, state);
    if (cancelRequested(description)) return { alreadyRequested: true };
    try {
      await this.client.workflow.getHandle(workflowId).cancel();
    } catch (error) {
      throw await this.explain(workflowId, error, caller);
    }
    return { alreadyRequested: false };
  }

  /** The control state, from the `controlState` query. */
  async state(workflowId: string): Promise<ControlState> {
    try {
      return await this.client.workflow.getHandle(workflowId).query(controlStateQuery);
    } catch (error) {
      throw await this.explain(workflowId, error);
    }
  }

  /**
   * The control state as `caller` may see it, in one round trip: the
   * workflow checks the caller, and the server refuses the query of a closed
   * workflow, which throws a {@link TaskClosedError} (its owner unchecked: read
   * its description for that).
   */
  async stateFor(workflowId: string, caller: ControlCaller): Promise<ControlState> {
    let answer;
    try {
      answer = await this.openOnly().getHandle(workflowId).query(callerControlStateQuery, caller);
    } catch (error) {
      if (error instanceof QueryRejectedError) {
        const { state } = taskLifecycle(workflowStatusName(error.status));
        // The server refuses only once closed; an open status here is an end it did not name.
        throw new TaskClosedError(workflowId, state === 'running' ? 'terminated' : state, { cause: error });
      }
      throw await this.explain(workflowId, error, caller);
    }
    if ('rejection' in answer) {
      const { rejection } = answer;
      throw ownershipError(workflowId, rejection) ?? new TaskControlError(rejection.message, workflowId);
    }
    return answer.state;
  }

  /**
   * The Temporal status of the task, with its control state while it runs.
   * `description`: the workflow's, if the caller has just read it (saves a
   * round trip).
   */
  async status(workflowId: string, description?: WorkflowExecutionDescription): Promise<TaskStatus> {
    description ??= await this.describe(workflowId);
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

  /**
   * A pause of a workflow the server holds paused (the caller was checked
   * when the update was refused): refused if a pause of ours is pending or
   * parked, else sent as a signal, which the workflow takes once released.
   */
  private async pauseHeld(
    workflowId: string,
    request: PauseRequest,
    refused: TaskServerPausedError,
  ): Promise<TaskControlError> {
    const { summary } = await currentControl(this.client, workflowId, await this.describe(workflowId));
    if (summary !== undefined && summary.status !== 'running') {
      return new TaskAlreadyPausedError(`Task \`${workflowId}\` is already ${summary.status}`, workflowId, {
        cause: refused,
      });
    }
    await this.client.workflow.getHandle(workflowId).signal(pauseSignal, request);
    return new TaskServerPausedError(workflowId, { cause: refused, pauseSent: true });
  }

  private openOnly(): WorkflowClient {
    this.openOnlyClient ??= new WorkflowClient({
      connection: this.client.connection,
      namespace: this.client.options.namespace,
      dataConverter: this.client.options.dataConverter,
      identity: this.client.options.identity,
      interceptors: this.client.options.interceptors.workflow,
      queryRejectCondition: 'NOT_OPEN',
    });
    return this.openOnlyClient;
  }

  private async update(
    workflowId: string,
    caller: ControlCaller | undefined,
    send: () => Promise<ControlState>,
  ): Promise<ControlState> {
    try {
      return await this.oneAtATime(workflowId, send);
    } catch (error) {
      throw await this.explain(workflowId, error, caller);
    }
  }

  /**
   * Turns an SDK error into one of ours. A refusal of the workflow's
   * validator says why by itself; anything else (a closed or missing
   * workflow) is told by describing the workflow, whose owner `caller` must
   * then be allowed to see.
   */
  private async explain(workflowId: string, error: unknown, caller?: ControlCaller): Promise<Error> {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const { type, message } = error.cause;
      if (type === ALREADY_PAUSED) return new TaskAlreadyPausedError(message, workflowId, { cause: error });
      if (type === NOT_PAUSED) return new TaskNotPausedError(message, workflowId, { cause: error });
      if (type === INVALID_CONTROL_REQUEST)
        return new InvalidControlRequestError(message, workflowId, { cause: error });
      const refused = ownershipError(workflowId, { type: type ?? undefined, message }, error);
      if (refused) return refused;
    }
    let description: WorkflowExecutionDescription;
    try {
      description = await this.describe(workflowId);
    } catch (describeError) {
      return describeError instanceof TaskControlError ? describeError : (describeError as Error);
    }
    const refused = ownershipError(
      workflowId,
      ownershipRejection(accessTargetOf(description), caller),
      error,
    );
    if (refused) return refused;
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

  private async describe(workflowId: string): Promise<WorkflowExecutionDescription> {
    try {
      return await this.client.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new TaskNotFoundError(workflowId, { cause: error });
      throw error;
    }
  }
}
