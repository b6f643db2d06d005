/**
 * The embedded Temporal server of the worker process: finding the Temporal
 * CLI, running its dev server (or the Java test server as a last resort),
 * loopback ports.
 *
 * Node zone. Internal to the package: the worker process uses it.
 *
 * @module
 */
export { startEmbeddedServer, type EmbeddedServer, type EmbeddedServerOptions } from './embedded-server';
export { freePort, waitForPort } from './ports';
export { userCacheDir } from './user-cache';
export {
  builtCliPath,
  resolveTemporalCli,
  TEMPORAL_CLI_VERSION,
  TemporalCliPathError,
  type ResolveTemporalCliOptions,
  type TemporalCli,
  type TemporalCliResolution,
  type TemporalCliSource,
} from './temporal-cli';
