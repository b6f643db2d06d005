/**
 * `createWorker()`: a Temporal worker for the workflows and activities it is
 * given, with every workflow made pausable by the control interceptors.
 *
 * Node zone.
 *
 * @module
 */
import type { Duration } from '@temporalio/common';
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { Tracing } from './tracing';
import { activityProgressInterceptors } from '../activity';

/**
 * The workflow interceptor modules every workflow of the worker runs with,
 * resolved next to this file (`.ts` from the sources, `.js` when built).
 */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [require.resolve('../workflow-interceptors')];

/** Options of {@link createWorker}. */
export interface CreateWorkerOptions {
  /** A connection to the Temporal server. */
  connection: NativeConnection;
  /** The task queue to poll. */
  taskQueue: string;
  /**
   * The workflows module (`require.resolve('./workflows')`): the worker
   * bundles it with the control interceptors.
   */
  workflowsPath: string;
  /** The activities to register. */
  activities: object;
  /**
   * The namespace to poll.
   *
   * @default 'default'
   */
  namespace?: string;
  /**
   * How many workflow runs the worker keeps cached (sticky execution). `0`
   * disables the cache and sticky queues, so that another worker can take
   * over any workflow the moment this one stops: needed with the Java test
   * server, which never moves tasks off a stopped worker's sticky queue.
   *
   * @default the SDK's default (derived from memory)
   */
  maxCachedWorkflows?: number;
  /**
   * How long a workflow task waits on this worker's sticky queue before the
   * server hands it to any worker of the task queue. When a worker dies
   * without a goodbye (SIGKILL, lost host), this is how long its cached
   * workflows' next tasks (a pause, a query for the control state) stall.
   * Shorter means faster failover. The cost: a task this worker is too busy
   * to start within the timeout is handed on as well, which records a
   * `WorkflowTaskTimedOut` event in the history and makes the worker that
   * takes it replay the whole history.
   *
   * @default the SDK's 10 seconds
   */
  stickyQueueScheduleToStartTimeout?: Duration;
  /**
   * How long `worker.shutdown()` lets in-flight activities finish before it
   * cancels them.
   *
   * @default '30 seconds'
   */
  shutdownGraceTime?: Duration;
  /**
   * The control interceptor modules, by path, in place of the default
   * (`temporal-checkpoint/workflow-interceptors`): a module of your own that
   * exports `createControlInterceptors({ ... })` as `interceptors`.
   *
   * @default WORKFLOW_INTERCEPTOR_MODULES
   */
  workflowInterceptorModules?: readonly string[];
  /**
   * OpenTelemetry: workflow and activity spans that continue the caller's
   * trace. Pass the result of `installTracing()`.
   *
   * @default no tracing interceptors
   */
  tracing?: Tracing;
}

/**
 * Creates (and bundles the workflows of) a worker that runs the workflows of
 * `workflowsPath` with the control interceptors. Run it with `worker.run()`
 * and stop it with `worker.shutdown()`, which drains in-flight activities first.
 *
 * @example
 * ```ts
 * const connection = await NativeConnection.connect({ address: 'localhost:7233' });
 * const worker = await createWorker({
 *   connection,
 *   taskQueue: 'orders',
 *   workflowsPath: require.resolve('./workflows'),
 *   activities: { chargeCard, shipOrder },
 * });
 * await worker.run();
 * ```
 */
export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowsPath: options.workflowsPath,
    interceptors: {
      workflowModules: [
        ...(options.workflowInterceptorModules ?? WORKFLOW_INTERCEPTOR_MODULES),
        ...(options.tracing?.workflowModules ?? []),
      ],
      // Carries the progress of interruptible activities (temporal-checkpoint/activity).
      activity: [activityProgressInterceptors, ...(options.tracing?.activityInterceptors ?? [])],
    },
    sinks: options.tracing?.sinks,
    activities: options.activities,
    maxCachedWorkflows: options.maxCachedWorkflows,
    stickyQueueScheduleToStartTimeout: options.stickyQueueScheduleToStartTimeout,
    shutdownGraceTime: options.shutdownGraceTime ?? '30 seconds',
  });
}
