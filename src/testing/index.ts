/**
 * `temporal-checkpoint/testing`: helpers for testing workflows that use
 * temporal-checkpoint, including a time-skipping test server obtained from
 * Maven Central for machines that cannot reach the SDK's download site.
 *
 * Node zone.
 *
 * @module
 */
import { assertPeersInstalled } from '../peers';

export { MissingPeerDependencyError } from '../peers';

// Before anything below loads them, so that a missing one is named.
assertPeersInstalled('temporal-checkpoint/testing', ['@temporalio/testing', '@temporalio/worker']);

export {
  ensureTestServer,
  testServerVersion,
  TestServerSetupError,
  TEST_SERVER_PATH_ENV,
  type EnsureTestServerOptions,
  type TestServerLocation,
} from './java-test-server';
export { freePort, waitForPort } from './ports';
export {
  createTimeSkippingEnvironment,
  TestServerStartError,
  type TimeSkippingEnvironmentOptions,
} from './environment';
export { createDevServerEnvironment } from './dev-server';
export {
  locateTemporalCli,
  resolveTemporalCli,
  TEMPORAL_CLI_PATH_ENV,
  TemporalCliPathError,
  type ResolveTemporalCliOptions,
  type TemporalCli,
  type TemporalCliResolution,
  type TemporalCliSource,
} from './temporal-cli';
