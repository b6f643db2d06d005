/**
 * Bulk pause, resume and cancel by visibility query, run by the Temporal
 * server's own batch operations (`StartBatchOperation`): the server walks
 * the matching workflows and sends each the `pause` or `resume` signal, or a
 * cancellation, at its own pace, so nothing loops in this process.
 *
 * Node zone. The caller builds the query; the HTTP API narrows it to the
 * caller's tenant first (see `narrowedQuery`).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { encodeToPayloads, optionalTsToDate } from '../sdk-internals';
import { temporal } from '@temporalio/proto';
import { pauseSignal, resumeSignal } from '../common/definitions';
import type { PauseRequest, ResumeRequest } from '../common/types';

/** What a batch may do to each task it matches. */
export const BATCH_ACTIONS = ['pause', 'resume', 'cancel'] as const;

/** What a batch does to each task it matches. */
export type BatchAction = (typeof BATCH_ACTIONS)[number];

/** Where a batch is. `stopped`: `stopControlBatch()` ended it early. */
export type BatchState = 'running' | 'completed' | 'failed' | 'stopped';

/** Options of {@link startControlBatch}. */
export interface StartBatchOptions {
  action: BatchAction;
  /** The visibility query that selects the tasks, exactly as the server is to run it. */
  query: string;
  /**
   * The batch job id (a workflow id of the server's batcher).
   *
   * @default a random UUID
   */
  jobId?: string;
  /** Why; the server requires one. Also the pause reason when `pause` has none. */
  reason: string;
  /** The pause request each task receives (`action: 'pause'`). */
  pause?: PauseRequest;
  /** The resume request each task receives (`action: 'resume'`). */
  resume?: ResumeRequest;
  /**
   * Who runs the batch, as the server records it.
   *
   * @default the client's identity
   */
  identity?: string;
}

/** Progress of a batch, from `DescribeBatchOperation`. */
export interface BatchProgress {
  jobId: string;
  state: BatchState;
  /** Tasks the batch matched (an estimate while it runs). */
  total: number;
  /** Tasks signalled or cancelled so far. */
  succeeded: number;
  /** Tasks it could not signal or cancel (closed meanwhile, say). */
  failed: number;
  reason: string;
  startedAt: Date | undefined;
  closedAt: Date | undefined;
}

/** The server rejected a visibility query; `message` says why, in the server's words. */
export class InvalidVisibilityQueryError extends Error {
  constructor(
    /** The query as sent. */
    public readonly query: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Invalid query \`${query}\`: ${reason}`, options);
    this.name = 'InvalidVisibilityQueryError';
  }
}

/** The server runs as many batches as it allows at once; try again when one has finished. */
export class BatchLimitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BatchLimitError';
  }
}

const GRPC_INVALID_ARGUMENT = 3;
const GRPC_NOT_FOUND = 5;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_INTERNAL = 13;
const { BatchOperationState } = temporal.api.enums.v1;
const { WorkflowExecutionStatus } = temporal.api.enums.v1;

/**
 * Checks `query` with the server's own parser (a count, which reads nothing
 * but the index); rejects with an {@link InvalidVisibilityQueryError} saying
 * why, also for a query the parser accepts but the server cannot run
 * (`a='1' UNION SELECT 1`, whose count fails with an internal error).
 */
export async function checkVisibilityQuery(client: Client, query: string): Promise<number> {
  try {
    const { count } = await client.workflowService.countWorkflowExecutions({
      namespace: client.options.namespace,
      query,
    });
    return Number(count ?? 0);
  } catch (error) {
    if (isGrpcServiceError(error) && Number(error.code) === GRPC_INTERNAL) {
      throw new InvalidVisibilityQueryError(query, `the server cannot run it (${error.details})`, {
        cause: error,
      });
    }
    throw queryError(error, query);
  }
}

/**
 * Starts a batch that sends the `pause` or `resume` signal (with `pause` or
 * `resume` as its argument), or a cancellation, to every workflow `query`
 * matches; resolves with the job id once the server has accepted it.
 * Rejects with an {@link InvalidVisibilityQueryError} for a query the
 * server's parser refuses.
 *
 * @example
 * ```ts
 * const jobId = await startControlBatch(client, {
 *   action: 'pause',
 *   query: "WorkflowType='research' AND ExecutionStatus='Running'",
 *   reason: 'provider outage',
 * });
 * ```
 */
export async function startControlBatch(client: Client, options: StartBatchOptions): Promise<string> {
  // The server starts a batch on a malformed query, which then never finishes: check it first.
  await checkVisibilityQuery(client, options.query);
  const jobId = options.jobId ?? randomUUID();
  const identity = options.identity ?? client.options.identity;
  const converter = client.options.loadedDataConverter;
  let operation: Partial<temporal.api.workflowservice.v1.IStartBatchOperationRequest>;
  switch (options.action) {
    case 'pause':
      operation = {
        signalOperation: {
          signal: pauseSignal.name,
          input: {
            payloads: await encodeToPayloads(converter, { reason: options.reason, ...options.pause }),
          },
          identity,
        },
      };
      break;
    case 'resume':
      operation = {
        signalOperation: {
          signal: resumeSignal.name,
          input: { payloads: await encodeToPayloads(converter, options.resume ?? {}) },
          identity,
        },
      };
      break;
    case 'cancel':
      operation = { cancellationOperation: { identity } };
      break;
  }
  try {
    await client.workflowService.startBatchOperation({
      namespace: client.options.namespace,
      jobId,
      visibilityQuery: options.query,
      reason: options.reason,
      ...operation,
    });
  } catch (error) {
    if (isGrpcServiceError(error) && Number(error.code) === GRPC_RESOURCE_EXHAUSTED) {
      throw new BatchLimitError(`The server runs as many batches as it allows: ${error.details}`, {
        cause: error,
      });
    }
    throw queryError(error, options.query);
  }
  return jobId;
}

/** The progress of batch `jobId`, or `undefined` when there is no such batch. */
export async function describeControlBatch(
  client: Client,
  jobId: string,
): Promise<BatchProgress | undefined> {
  const namespace = client.options.namespace;
  let described: temporal.api.workflowservice.v1.DescribeBatchOperationResponse;
  try {
    described = await client.workflowService.describeBatchOperation({ namespace, jobId });
  } catch (error) {
    if (isGrpcServiceError(error) && Number(error.code) === GRPC_NOT_FOUND) return undefined;
    throw error;
  }
  let state: BatchState =
    described.state === BatchOperationState.BATCH_OPERATION_STATE_RUNNING
      ? 'running'
      : described.state === BatchOperationState.BATCH_OPERATION_STATE_COMPLETED
        ? 'completed'
        : 'failed';
  if (state === 'failed') {
    // A stopped batch is a terminated batcher workflow, which the server reports as failed.
    const { workflowExecutionInfo } = await client.workflowService.describeWorkflowExecution({
      namespace,
      execution: { workflowId: jobId },
    });
    if (workflowExecutionInfo?.status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
      state = 'stopped';
    }
  }
  return {
    jobId,
    state,
    total: Number(described.totalOperationCount ?? 0),
    succeeded: Number(described.completeOperationCount ?? 0),
    failed: Number(described.failureOperationCount ?? 0),
    reason: described.reason ?? '',
    startedAt: optionalTsToDate(described.startTime),
    closedAt: optionalTsToDate(described.closeTime),
  };
}

/** Stops batch `jobId` where it is; resolves `false` when there is no such running batch. */
export async function stopControlBatch(client: Client, jobId: string, reason: string): Promise<boolean> {
  try {
    await client.workflowService.stopBatchOperation({
      namespace: client.options.namespace,
      jobId,
      reason,
      identity: client.options.identity,
    });
    return true;
  } catch (error) {
    if (isGrpcServiceError(error) && Number(error.code) === GRPC_NOT_FOUND) return false;
    throw error;
  }
}

function queryError(error: unknown, query: string): unknown {
  const reason = refusedQueryReason(error);
  return reason === undefined ? error : new InvalidVisibilityQueryError(query, reason, { cause: error });
}

/**
 * The server's reason when `error` is its refusal of a visibility query
 * (`INVALID_ARGUMENT`: a malformed query, or a name or value it does not
 * know), else `undefined`.
 */
export function refusedQueryReason(error: unknown): string | undefined {
  return isGrpcServiceError(error) && Number(error.code) === GRPC_INVALID_ARGUMENT
    ? error.details
    : undefined;
}
