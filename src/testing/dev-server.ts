/**
 * Starts a real Temporal development server (the Temporal CLI's
 * `server start-dev`, built from Go module sources by
 * `scripts/build-temporal-cli.sh`) as a `TestWorkflowEnvironment`.
 *
 * Node zone.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { TestWorkflowEnvironment, type LocalTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { builtCliPath } from './temporal-cli';

/** Environment variable that names a Temporal CLI binary to use. */
export const TEMPORAL_CLI_PATH_ENV = 'TEMPORAL_CLI_PATH';

/** Where `scripts/build-temporal-cli.sh` puts the binary (a per-user cache). */
const BUILT_CLI = builtCliPath();

/** The Temporal CLI binary: `TEMPORAL_CLI_PATH`, else the one the build script made; `undefined` if neither exists. */
export function locateTemporalCli(): string | undefined {
  const candidate = process.env[TEMPORAL_CLI_PATH_ENV] ?? BUILT_CLI;
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * A `TestWorkflowEnvironment` on a real Temporal dev server, for tests that
 * need the server's own behaviour (sticky queues, persistence, speculative
 * workflow tasks) rather than the Java test server's.
 *
 * @example
 * ```ts
 * const env = await createDevServerEnvironment({ server: { dbFilename: '/tmp/temporal.db' } });
 * ```
 */
export async function createDevServerEnvironment(
  options: LocalTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  const cli = locateTemporalCli();
  if (!cli) {
    throw new Error(
      `No Temporal CLI: set \`${TEMPORAL_CLI_PATH_ENV}\` or run \`sh scripts/build-temporal-cli.sh\` (it builds ${BUILT_CLI})`,
    );
  }
  return TestWorkflowEnvironment.createLocal({
    ...options,
    server: {
      ip: '127.0.0.1',
      // The dev server warns about every large history page a test reads.
      log: { format: 'pretty', level: 'error' },
      ...options.server,
      executable: { type: 'existing-path', path: cli },
    },
  });
}
