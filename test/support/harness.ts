/**
 * One harness per test file: a time-skipping environment, a workflow bundle
 * built once, a task queue per test, and a worker factory. Every workflow
 * started through the harness is remembered so that the file can replay its
 * histories at the end.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle, WorkflowStartOptions } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  Worker,
  type BundlerPlugin,
  type WorkerOptions,
  type WorkerPlugin,
  type WorkflowBundle,
} from '@temporalio/worker';
import type { Workflow } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { resolveTemporalCli } from '../../src/testing/temporal-cli';
import {
  createDevServerEnvironment,
  createTimeSkippingEnvironment,
  TEMPORAL_CLI_PATH_ENV,
} from '../../src/testing';
import { startNativePauseServer, type NativePauseServer } from './native-pause-server';

/** What a test file asks of its harness. */
export interface HarnessOptions {
  /** Module that exports the workflows under test. */
  workflowsPath: string;
  /** Workflow interceptor modules bundled with the workflows. */
  workflowInterceptorModules?: string[];
  /** Plugins the bundle is built with and the histories are replayed with. */
  plugins?: Array<WorkerPlugin & BundlerPlugin>;
  /**
   * `'dev'`: run the file on the Temporal CLI dev server, for a file that
   * skips no time and needs a real server's histories (see the traps of the
   * Java test server in docs/testing.md). `HARNESS_SERVER=dev` does the same
   * for any file. `'native-pause'`: a server that has Temporal's native
   * workflow pause (see `native-pause-server.ts`).
   */
  server?: 'dev' | 'native-pause';
}

/** Per-file access to the test environment; valid after `beforeAll`. */
export interface Harness {
  readonly env: TestWorkflowEnvironment;
  readonly bundle: WorkflowBundle;
  /** A fresh task queue name, one per test. */
  taskQueue(): string;
  /** A worker on `taskQueue` running the bundle; run it with `worker.runUntil(...)`. */
  createWorker(taskQueue: string, options?: Partial<WorkerOptions>): Promise<Worker>;
  /** Starts a workflow with a random id through `env.client`; its history joins the replay set. */
  start<W extends Workflow>(
    workflow: W | string,
    options: Omit<WorkflowStartOptions<W>, 'workflowId'> & { workflowId?: string },
  ): Promise<WorkflowHandle<W>>;
  /** Adds workflows started some other way (children, say) to the replay set. */
  track(...workflowIds: string[]): void;
  /** Histories of every workflow started through the harness. */
  histories(): Promise<Array<{ workflowId: string; history: temporal.api.history.v1.IHistory }>>;
  /** Replays every recorded history against the bundle (and the plugins); rejects on the first failure. */
  replayAll(): Promise<number>;
}

/** Registers `beforeAll`/`afterAll` hooks for one test file and returns its harness. */
export function useHarness(options: HarnessOptions): Harness {
  let env: TestWorkflowEnvironment | undefined;
  let bundle: WorkflowBundle | undefined;
  let nativePauseServer: NativePauseServer | undefined;
  const startedIds: string[] = [];
  let closedUpTo = 0;

  beforeAll(async () => {
    const nativePause = async () => {
      nativePauseServer = await startNativePauseServer();
      return TestWorkflowEnvironment.createFromExistingServer(nativePauseServer);
    };
    [env, bundle] = await Promise.all([
      options.server === 'native-pause'
        ? nativePause()
        : options.server === 'dev' || process.env.HARNESS_SERVER === 'dev'
          ? devServerEnvironment()
          : createTimeSkippingEnvironment({
              onRetry: (attempt, error) =>
                process.stderr.write(`test server start attempt ${attempt} failed: ${String(error)}\n`),
            }),
      bundleWorkflowCode({
        workflowsPath: options.workflowsPath,
        workflowInterceptorModules: options.workflowInterceptorModules,
        plugins: options.plugins,
        logger: quietBundlerLogger,
      }),
    ]);
  }, 120_000);

  // A workflow task left scheduled with no worker to take it holds back the
  // test server's clock for every later test, so each test's leftovers end here.
  afterEach(async () => {
    const leftovers = startedIds.slice(closedUpTo);
    closedUpTo = startedIds.length;
    if (!env) return;
    const client = env.client;
    // Terminating a closed workflow is refused at once; only running ones change.
    await Promise.all(
      leftovers.map((workflowId) =>
        client.workflow
          .getHandle(workflowId)
          .terminate('test finished')
          .catch(() => undefined),
      ),
    );
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
    await nativePauseServer?.stop();
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use the harness inside tests only`);
    return value;
  };

  const harness: Harness = {
    get env() {
      return required(env, 'The test environment');
    },
    get bundle() {
      return required(bundle, 'The workflow bundle');
    },
    taskQueue: () => `tq-${randomUUID()}`,
    createWorker: (taskQueue, workerOptions = {}) =>
      Worker.create({
        connection: harness.env.nativeConnection,
        taskQueue,
        workflowBundle: harness.bundle,
        // Lets an activity whose gate a test opened at the end report its
        // completion: one the server still believes in flight holds back the
        // test server's clock for every later test.
        shutdownGraceTime: '2 seconds',
        ...workerOptions,
      }),
    async start(workflow, startOptions) {
      const workflowId = startOptions.workflowId ?? `wf-${randomUUID()}`;
      startedIds.push(workflowId);
      // The spread loses the conditional `args` type that `start` expects.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      return harness.env.client.workflow.start(workflow, {
        ...startOptions,
        workflowId,
      } as WorkflowStartOptions);
    },
    track: (...workflowIds) => {
      startedIds.push(...workflowIds);
    },
    async histories() {
      return Promise.all(
        startedIds.map(async (workflowId) => ({
          workflowId,
          history: await harness.env.client.workflow.getHandle(workflowId).fetchHistory(),
        })),
      );
    },
    async replayAll() {
      const histories = await harness.histories();
      let replayed = 0;
      for await (const result of Worker.runReplayHistories(
        { workflowBundle: harness.bundle, plugins: options.plugins },
        histories,
      )) {
        if (result.error) throw new Error(`Replay of ${result.workflowId} failed: ${String(result.error)}`);
        replayed++;
      }
      return replayed;
    },
  };
  return harness;
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  log: () => undefined,
  warn: (message: string) => process.stderr.write(`bundler: ${message}\n`),
  error: (message: string) => process.stderr.write(`bundler: ${message}\n`),
};

/**
 * Awaits the results one after the other. Through the time-skipping client
 * each `result()` unlocks time skipping and locks it again; many at once
 * unbalance the test server's lock count, and it then refuses the calls.
 */
export async function resultsOneAtATime<R>(handles: Array<{ result(): Promise<R> }>): Promise<R[]> {
  const results: R[] = [];
  for (const handle of handles) results.push(await handle.result());
  return results;
}

/** A dev server environment on the Temporal CLI the global setup resolved (downloaded or built). */
async function devServerEnvironment(): Promise<TestWorkflowEnvironment> {
  const cli = await resolveTemporalCli();
  if (cli.found) process.env[TEMPORAL_CLI_PATH_ENV] ??= cli.found.path;
  return createDevServerEnvironment();
}
