/**
 * Reading and changing a tenant's holds, kept by its holds workflow
 * (`temporalCheckpointHolds`, see `temporal-checkpoint/workflow`): the first
 * hold starts it (update-with-start), later ones update it, and reads query it.
 * Its id is not the tenant's name but derived from it under a key (see
 * ./holds-key.ts).
 *
 * Node zone.
 *
 * @module
 */
import {
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  addHoldUpdate,
  HOLD_EXISTS,
  HOLDS_WORKFLOW_TYPE,
  holdsQuery,
  removeHoldUpdate,
  type Hold,
  type NewHold,
} from '../common/holds';
import { STACK_MEMO_KEY } from '../common/stack-workflows';
import { HoldsKey } from './holds-key';

/** `addHold` refused the hold: the workflow type is already held (`exists`), or the hold is malformed. */
export class HoldRejectedError extends Error {
  constructor(
    message: string,
    /** Whether the workflow type already has a hold. */
    public readonly exists: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HoldRejectedError';
  }
}

/**
 * The holds of each tenant, kept in Temporal.
 *
 * @example
 * ```ts
 * const holds = new HoldStore(client, 'research');
 * await holds.add('acme', { holdId: 'hold-1', workflow: 'research', reason: 'deploy', createdBy: 'ops' });
 * (await holds.list('acme')).map((hold) => hold.workflow); // ['research']
 * await holds.remove('acme', 'hold-1');
 * ```
 */
export class HoldStore {
  private readonly key: HoldsKey;

  constructor(
    private readonly client: Client,
    /** The task queue of the worker that runs the holds workflow. */
    private readonly taskQueue: string,
  ) {
    this.key = new HoldsKey(client, taskQueue);
  }

  /** The workflow id of `tenantId`'s holds workflow (not derivable from `tenantId` without the key). */
  workflowId(tenantId: string): Promise<string> {
    return this.key.workflowId(tenantId);
  }

  /** `tenantId`'s holds, oldest first; none when it never had one. */
  async list(tenantId: string): Promise<Hold[]> {
    const workflowId = await this.workflowId(tenantId);
    try {
      return await this.client.workflow.getHandle(workflowId).query(holdsQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return [];
      throw error;
    }
  }

  /** The hold on `workflow` of `tenantId`, if there is one. */
  async find(tenantId: string, workflow: string): Promise<Hold | undefined> {
    return (await this.list(tenantId)).find((hold) => hold.workflow === workflow);
  }

  /** Places `hold` for `tenantId`, starting its holds workflow if needed; rejects with a {@link HoldRejectedError}. */
  async add(tenantId: string, hold: NewHold): Promise<Hold> {
    const startWorkflowOperation = new WithStartWorkflowOperation(HOLDS_WORKFLOW_TYPE, {
      workflowId: await this.workflowId(tenantId),
      taskQueue: this.taskQueue,
      args: [{ holds: [] }],
      memo: { [STACK_MEMO_KEY]: 'holds' },
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    try {
      return await this.client.workflow.executeUpdateWithStart(addHoldUpdate, {
        args: [hold],
        startWorkflowOperation,
      });
    } catch (error) {
      const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if (cause instanceof ApplicationFailure) {
        throw new HoldRejectedError(cause.message, cause.type === HOLD_EXISTS, { cause: error });
      }
      throw error;
    }
  }

  /** Removes hold `holdId` of `tenantId`; resolves with it, or `undefined` when there is none. */
  async remove(tenantId: string, holdId: string): Promise<Hold | undefined> {
    const workflowId = await this.workflowId(tenantId);
    try {
      const removed = await this.client.workflow
        .getHandle(workflowId)
        .executeUpdate(removeHoldUpdate, { args: [holdId] });
      return removed ?? undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }
}
