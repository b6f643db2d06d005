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
  type Client,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  answeringPauseUpdate,
  answeringResumeUpdate,
  callerControlStateQuery,
  controlStateQuery,
  pauseSignal,
  pauseUpdate,
  resumeUpdate,
} from '../common/definitions';
import { ownershipRejection, type ControlCaller } from '../common/ownership';
import { accessTargetOf } from '../common/stack-workflows';
import type { ControlState, PauseRequest, ResumeRequest } from '../common/types';
import { pauseRequestProblem, resumeRequestProblem } from '../common/validation';
import {
  InvalidControlRequestError,
  TaskAlreadyPausedError,
  TaskClosedError,
  TaskControlError,
  TaskServerPausedError,
} from './errors';
import { describeTask, explainFailure } from './failures';
import { currentControl } from './memo-summary';
import { createOneAtATime } from './one-at-a-time';
import { ownershipError } from './ownership-errors';
import { cancelRequested, taskLifecycle, workflowStatusName, type TaskLifecycle } from './task-state';
import { firstFound, idsOf, type WorkflowIds } from './workflow-ids';

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
   * state. The request is checked here first (an {@link InvalidControlRequestError}
   * names the bad field); the workflow's validator stays the authority.
   * `workflowId` may be several ids, tried in order: the first that exists
   * takes the request (a gateway's tenant id, then the bare id).
   *
   * A workflow the Temporal server holds paused takes no update: unless a
   * pause of ours is already pending there ({@link TaskAlreadyPausedError}),
   * the pause goes as the signal a batch pause sends, and this rejects with a
   * {@link TaskServerPausedError} whose `pauseSent` is true.
   */
  async pause(workflowId: WorkflowIds, request: PauseRequest = {}): Promise<ControlState> {
    const problem = pauseRequestProblem(request);
    if (problem) throw new InvalidControlRequestError(problem, idsOf(workflowId)[0] ?? '');
    return this.pauseFirst(workflowId, request, (handle) =>
      handle.executeUpdate(pauseUpdate, { args: [request] }),
    );
  }

  /**
   * {@link pause} for a gateway whose answer is fixed: the request was
   * checked at its edge, and the workflow answers no state (nothing to
   * ship back and drop).
   */
  async sendPause(workflowIds: WorkflowIds, request: PauseRequest): Promise<void> {
    await this.pauseFirst(workflowIds, request, (handle) =>
      handle.executeUpdate(answeringPauseUpdate, { args: [request, 'none'] }),
    );
  }

  /** Resumes a paused workflow or withdraws a pending pause; returns the new control state. `workflowId` as for {@link pause}. */
  async resume(workflowId: WorkflowIds, request: ResumeRequest = {}): Promise<ControlState> {
    const problem = resumeRequestProblem(request);
    if (problem) throw new InvalidControlRequestError(problem, idsOf(workflowId)[0] ?? '');
    return this.update(workflowId, request.caller, (handle) =>
      handle.executeUpdate(resumeUpdate, { args: [request] }),
    );
  }

  /** {@link resume} for a gateway whose answer is fixed; see {@link sendPause}. */
  async sendResume(workflowIds: WorkflowIds, request: ResumeRequest): Promise<void> {
    await this.update(workflowIds, request.caller, (handle) =>
      handle.executeUpdate(answeringResumeUpdate, { args: [request, 'none'] }),
    );
  }

  /**
   * Requests cancellation of the workflow (paused or not). The workflow is
   * described first (a cancellation reaches no validator): a closed one is
   * reported as such, and a `caller` who may not act on it changes nothing.
   * A cancellation already requested (one the Temporal server holds while
   * it holds the workflow paused) is not requested again: the result says so.
   */
  async cancel(workflowId: WorkflowIds, caller?: ControlCaller): Promise<{ alreadyRequested: boolean }> {
    return firstFound(workflowId, async (id) => {
      const description = await describeTask(this.client, id);
      const refused = ownershipError(id, ownershipRejection(accessTargetOf(description), caller));
      if (refused) throw refused;
      const { state } = taskLifecycle(description.status.name);
      if (state !== 'running') throw new TaskClosedError(id, state);
      if (cancelRequested(description)) return { alreadyRequested: true };
      try {
        await this.client.workflow.getHandle(id).cancel();
      } catch (error) {
        throw await explainFailure(this.client, id, error, caller);
      }
      return { alreadyRequested: false };
    });
  }

  /** The control state, from the `controlState` query. */
  async state(workflowId: string): Promise<ControlState> {
    try {
      return await this.client.workflow.getHandle(workflowId).query(controlStateQuery);
    } catch (error) {
      throw await explainFailure(this.client, workflowId, error);
    }
  }

  /**
   * The control state as `caller` may see it, in one round trip: the
   * workflow checks the caller, and the server refuses the query of a closed
   * workflow, which throws a {@link TaskClosedError} (its owner unchecked: read
   * its description for that). `workflowId` as for {@link pause}.
   */
  async stateFor(workflowId: WorkflowIds, caller: ControlCaller): Promise<ControlState> {
    return firstFound(workflowId, async (id) => {
      let answer;
      try {
        answer = await this.openOnly().getHandle(id).query(callerControlStateQuery, caller);
      } catch (error) {
        if (error instanceof QueryRejectedError) {
          const { state } = taskLifecycle(workflowStatusName(error.status));
          // The server refuses only once closed; an open status here is an end it did not name.
          throw new TaskClosedError(id, state === 'running' ? 'terminated' : state, { cause: error });
        }
        throw await explainFailure(this.client, id, error, caller);
      }
      if (!('rejection' in answer)) return answer.state;
      throw ownershipError(id, answer.rejection) ?? new TaskControlError(answer.rejection.message, id);
    });
  }

  /**
   * The Temporal status of the task, with its control state while it runs.
   * `description`: the workflow's, if the caller has just read it (saves a
   * round trip).
   */
  async status(workflowId: string, description?: WorkflowExecutionDescription): Promise<TaskStatus> {
    description ??= await describeTask(this.client, workflowId);
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
    const { summary } = await currentControl(
      this.client,
      workflowId,
      await describeTask(this.client, workflowId),
    );
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

  /** Sends a pause by `send` (see {@link pause}); a workflow the server holds paused gets it as a signal. */
  private async pauseFirst<T>(
    workflowIds: WorkflowIds,
    request: PauseRequest,
    send: (handle: WorkflowHandle) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.update(workflowIds, request.caller, send);
    } catch (error) {
      if (!(error instanceof TaskServerPausedError)) throw error;
      throw await this.pauseHeld(error.workflowId, request, error);
    }
  }

  /** Sends an update by `send` to the first of `workflowIds` that exists, one at a time per workflow. */
  private async update<T>(
    workflowIds: WorkflowIds,
    caller: ControlCaller | undefined,
    send: (handle: WorkflowHandle) => Promise<T>,
  ): Promise<T> {
    return firstFound(workflowIds, async (id) => {
      try {
        return await this.oneAtATime(id, () => send(this.client.workflow.getHandle(id)));
      } catch (error) {
        throw await explainFailure(this.client, id, error, caller);
      }
    });
  }
}
