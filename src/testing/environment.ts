/**
 * Starts a time-skipping `TestWorkflowEnvironment` on the offline test server.
 *
 * Node zone.
 *
 * @module
 */
import {
  TestWorkflowEnvironment,
  type TimeSkippingTestWorkflowEnvironmentOptions,
} from '@temporalio/testing';
import { ensureTestServer, type TestServerLocation } from './java-test-server';

/** Options of {@link createTimeSkippingEnvironment}. */
export interface TimeSkippingEnvironmentOptions {
  /**
   * How many times a failed server start-up is tried again. Only the start-up
   * is retried, never anything that runs on the server.
   *
   * @default 2
   */
  startRetries?: number;
  /** Passed through to `TestWorkflowEnvironment.createTimeSkipping`, less `server.executable`. */
  environment?: TimeSkippingTestWorkflowEnvironmentOptions;
  /** Called before each retry with the failed attempt's number and error. */
  onRetry?: (attempt: number, error: unknown) => void;
}

/** Thrown when the test server did not start in any attempt. */
export class TestServerStartError extends Error {
  constructor(
    message: string,
    /** Where the server executable came from. */
    public readonly server: TestServerLocation,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TestServerStartError';
  }
}

/**
 * Creates a time-skipping test environment backed by the Maven-fetched Java
 * test server (see {@link ensureTestServer}), retrying the server start-up.
 *
 * @example
 * ```ts
 * let env: TestWorkflowEnvironment;
 * beforeAll(async () => {
 *   env = await createTimeSkippingEnvironment();
 * });
 * afterAll(() => env?.teardown());
 * ```
 */
export async function createTimeSkippingEnvironment(
  options: TimeSkippingEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  const server = await ensureTestServer();
  const retries = options.startRetries ?? 2;
  const environment = options.environment ?? {};
  const executable =
    server.source === 'sdk-download'
      ? {}
      : { executable: { type: 'existing-path' as const, path: server.path } };
  let lastError: unknown;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        ...environment,
        server: { ...environment.server, ...executable },
      });
    } catch (error) {
      lastError = error;
      if (attempt <= retries) options.onRetry?.(attempt, error);
    }
  }
  const origin = server.source === 'sdk-download' ? `the SDK download (${server.reason})` : server.path;
  throw new TestServerStartError(
    `The time-skipping test server (${origin}) did not start after ${retries + 1} attempts: ${String(lastError)}`,
    server,
    { cause: lastError },
  );
}
