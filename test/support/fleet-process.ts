/**
 * The server side of the fleet tests (test/dev-server/): a dev server of
 * their own and the worker process (`app/main.ts`) connected to it by
 * TEMPORAL_ADDRESS (it registers the stack's search attributes itself),
 * with the API keys of ./fleet-api and a restart that keeps the server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../app/embedded-server';
import { createDevServerEnvironment } from '../../src/testing';
import { fleet, KEY_CONFIG } from './fleet-api';
import { expectCleanReplays } from './process-replay';
import { spawnWorkerProcess, workerProcessEnv, type Spawned } from './processes';

/** The dev server and the worker process serving `fleet.http`. */
export class FleetServer {
  private worker: Spawned | undefined;
  /** The ready line of the worker process now serving. */
  ready: ReadyLine = { event: 'ready', http: '' };

  private constructor(
    /** The dev server. */
    readonly env: TestWorkflowEnvironment,
    /** The worker process's environment. */
    readonly processEnv: NodeJS.ProcessEnv,
  ) {}

  /**
   * Starts the dev server and the worker process, with `settings` over the
   * fleet's own; `fleet.http` is its API once this resolves.
   */
  static async start(settings: NodeJS.ProcessEnv = {}): Promise<FleetServer> {
    const env = await createDevServerEnvironment({
      server: {
        extraArgs: DEV_SERVER_DYNAMIC_CONFIG.flatMap((setting) => ['--dynamic-config-value', setting]),
      },
    });
    const processEnv = await workerProcessEnv({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_DATA_DIR: undefined,
      API_KEYS: JSON.stringify(KEY_CONFIG),
      API_RATE_LIMIT: 'off',
      // Each task stays in its first activity until cancelled: "running" holds still for the assertions.
      ACTIVITY_LATENCY_MS: '3600000',
      ...settings,
    });
    const server = new FleetServer(env, processEnv);
    await server.startWorkerProcess();
    return server;
  }

  /** Stops the worker process (gracefully: it must exit 0) and starts a new one on the same server. */
  async restartWorkerProcess(): Promise<void> {
    await this.stopWorkerProcess();
    await this.startWorkerProcess();
  }

  /** Stops the worker process, then the dev server. */
  async stop(): Promise<void> {
    await this.stopWorkerProcess().catch(() => this.worker?.child.kill('SIGKILL'));
    await this.env.teardown();
  }

  private async startWorkerProcess(): Promise<void> {
    this.worker = spawnWorkerProcess(this.processEnv);
    this.ready = await this.worker.jsonLine<ReadyLine>('stdout', (line) => line.event === 'ready');
    fleet.http = this.ready.http;
  }

  private async stopWorkerProcess(): Promise<void> {
    if (!this.worker) return;
    this.worker.child.kill('SIGTERM');
    expect((await this.worker.finished).code).toBe(0);
    this.worker = undefined;
  }
}

/** What the worker process says once it serves: its API and, with `METRICS_BIND_ADDRESS`, its scrape URL. */
export interface ReadyLine {
  event: string;
  http: string;
  metrics?: string;
}

/**
 * A {@link FleetServer} for the calling test file, with `settings` over the
 * fleet's own: started before its tests and stopped after them. Returns the
 * server's getter.
 */
export function useFleetServer(settings?: () => Promise<NodeJS.ProcessEnv>): () => FleetServer {
  let server: FleetServer | undefined;
  beforeAll(async () => {
    server = await FleetServer.start(await settings?.());
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('The fleet server is not started yet');
    return server;
  };
}

/** The test that replays every history the file submitted (`fleet.workflowIds`): declare it last. */
export function itReplaysEveryHistory(server: () => FleetServer): void {
  it('replays every history this file produced without a nondeterminism error', async () => {
    expect(fleet.workflowIds.length).toBeGreaterThan(0);
    await expectCleanReplays(server().env.client, fleet.workflowIds);
  }, 180_000);
}
