/**
 * Starts a real Temporal development server (the Temporal CLI's
 * `server start-dev`, the CLI found by `locateTemporalCli`) as a
 * `TestWorkflowEnvironment`.
 *
 * Node zone.
 *
 * @module
 */
import { TestWorkflowEnvironment, type LocalTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { builtCliPath, locateTemporalCli, TEMPORAL_CLI_PATH_ENV } from './temporal-cli';

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
      `No Temporal CLI: set \`${TEMPORAL_CLI_PATH_ENV}\`, put \`temporal\` on PATH or run \`sh scripts/build-temporal-cli.sh\` (it builds ${builtCliPath()})`,
    );
  }
  return TestWorkflowEnvironment.createLocal({
    ...options,
    server: {
      ip: '127.0.0.1',
      // The dev server warns about every large history page a test reads.
      log: { format: 'pretty', level: 'error' },
      ...options.server,
      executable: { type: 'existing-path', path: cli.path },
    },
  });
}
