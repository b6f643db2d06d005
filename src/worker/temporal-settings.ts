/**
 * Temporal connection settings for the worker process and the CLI, read
 * through `@temporalio/envconfig`: `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`,
 * `TEMPORAL_API_KEY`, `TEMPORAL_TLS_*`, `TEMPORAL_PROFILE` and the client
 * configuration file (`TEMPORAL_CONFIG_FILE`).
 *
 * Node zone.
 *
 * @module
 */
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

/** Where to reach Temporal, as configured. */
export interface TemporalSettings {
  /** The configured address, or `undefined` when neither the environment nor a profile sets one. */
  address: string | undefined;
  /** The namespace; `default` unless configured. */
  namespace: string;
  /** Connection options (address, TLS, API key, gRPC metadata), for `NativeConnection` and `Connection`. */
  connectionOptions: NativeConnectionOptions;
  /** Which setting supplied the address, for error messages. */
  addressSource: string;
}

/**
 * Reads the Temporal connection settings from `env` (and the client
 * configuration file it points at, if any).
 *
 * @example
 * ```ts
 * const settings = readTemporalSettings(process.env);
 * const connection = await NativeConnection.connect(settings.connectionOptions);
 * ```
 */
export function readTemporalSettings(env: NodeJS.ProcessEnv): TemporalSettings {
  const definedEnv = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const config = loadClientConnectConfig({ overrideEnvVars: definedEnv });
  return {
    address: config.connectionOptions.address,
    namespace: config.namespace ?? 'default',
    connectionOptions: config.connectionOptions,
    addressSource: env.TEMPORAL_ADDRESS
      ? 'TEMPORAL_ADDRESS'
      : `the address of profile \`${env.TEMPORAL_PROFILE ?? 'default'}\``,
  };
}
