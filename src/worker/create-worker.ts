/**
 * `createWorker()`: a Temporal worker for the workflows and activities it is
 * given, with every workflow made pausable by the plugin.
 *
 * Node zone.
 *
 * @module
 */
import type { Duration } from '@temporalio/common';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { CheckpointPlugin } from './plugin';
import type { CheckpointPluginOptions } from './plugin-options';
import type { Tracing } from './tracing';

/** Options of {@link createWorker}: the worker's, and the plugin's (automatic checkpoints, control defaults). */
export interface CreateWorkerOptions extends CheckpointPluginOptions {
  /** A connection to the Temporal server. */
  connection: NativeConnection;
  /** The task queue to poll. */
  taskQueue: string;
  /**
   * The workflows module (`require.resolve('./workflows')`): the worker
   * bundles it with the control interceptors, configured by the plugin's options.
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
   * OpenTelemetry: workflow and activity spans that continue the caller's
   * trace. Pass the result of `installTracing()`.
   *
   * @default no tracing interceptors
   */
  tracing?: Tracing;
}

/**
 * Creates (and bundles the workflows of) a worker that runs the workflows of
 * `workflowsPath`, wired by {@link CheckpointPlugin}. Run it with `worker.run()`
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
  const { automaticCheckpoints, workflowTypes, control } = options;
  return Worker.create({
    plugins: [new CheckpointPlugin({ automaticCheckpoints, workflowTypes, control })],
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowsPath: options.workflowsPath,
    interceptors: {
      workflowModules: options.tracing?.workflowModules,
      activity: options.tracing?.activityInterceptors,
    },
    sinks: options.tracing?.sinks,
    activities: options.activities,
    maxCachedWorkflows: options.maxCachedWorkflows,
    stickyQueueScheduleToStartTimeout: options.stickyQueueScheduleToStartTimeout,
    shutdownGraceTime: options.shutdownGraceTime ?? '30 seconds',
  });
}
