/**
 * The local Temporal server the worker process starts when no address is
 * configured: Temporal's dev server (`temporal server start-dev`, with
 * visibility, search attributes, batch operations and the Web UI), kept in a
 * SQLite database in a data directory; or, only when no Temporal CLI can be
 * found or obtained, the Java test server, which loses all of that. Every
 * listener is on 127.0.0.1.
 *
 * Node zone.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { STACK_SEARCH_ATTRIBUTES } from '../src';
import { startServerProcess } from './server-process';
import {
  freePort,
  resolveTemporalCli,
  type ResolveTemporalCliOptions,
  type TemporalCliSource,
} from '../src/testing';

/** A running embedded server. */
export interface EmbeddedServer {
  /** Which server runs. */
  kind: 'dev-server' | 'test-server';
  /** Where it came from: how the CLI was found, or `java-test-server`. */
  source: TemporalCliSource | 'java-test-server';
  /** `127.0.0.1:<port>` */
  address: string;
  /** The Web UI (dev server only). */
  uiUrl: string | undefined;
  /** The SQLite database (dev server with a data directory only). */
  databaseFile: string | undefined;
  /** Why the Java test server runs instead of the dev server, and what is lost. */
  warning: string | undefined;
  /** Resolves when the server's process has exited, however: with how it ended (`signal SIGKILL`). */
  exited: Promise<string>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of {@link startEmbeddedServer}. */
export interface EmbeddedServerOptions {
  /** The folder of the dev server's SQLite database (created if missing); `undefined` keeps everything in memory. */
  dataDir: string | undefined;
  /** The gRPC port; `0` picks a free one. */
  port: number;
  /** The Web UI's port; `0` picks a free one. */
  uiPort: number;
  /** How to find the Temporal CLI. */
  cli?: ResolveTemporalCliOptions;
  /**
   * The Java test server's launcher (`<port>` as its argument), for when no
   * CLI is found; resolves `undefined` when there is none either.
   *
   * @default no fallback: the start fails
   */
  javaTestServer?: () => Promise<string | undefined>;
}

/**
 * Dynamic configuration of the dev server: bulk actions run as Temporal
 * batch operations, of which the server allows one at a time per namespace
 * and 50 signals a second by default; the stack allows 10 at once, 1000 a second.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: readonly string[] = [
  'frontend.MaxConcurrentBatchOperationPerNamespace=10',
  'worker.batcherRPS=1000',
];

/** How long a server may take to accept connections (a first start on a busy machine is slow). */
const START_TIMEOUT_MS = 60_000;
/** How long a stopping server may take before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts the embedded server and resolves once it accepts connections.
 *
 * @example
 * ```ts
 * const server = await startEmbeddedServer({ dataDir: '.data/temporal', port: 7233, uiPort: 8233 });
 * console.log(`Temporal at ${server.address}, Web UI at ${server.uiUrl}`);
 * await server.stop();
 * ```
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const port = options.port || (await freePort());
  const address = `127.0.0.1:${port}`;
  const resolution = await resolveTemporalCli(options.cli);
  if (resolution.found) {
    const uiPort = options.uiPort || (await freePort());
    const databaseFile = options.dataDir ? path.resolve(options.dataDir, 'temporal.db') : undefined;
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const server = await startServerProcess({
      command: resolution.found.path,
      args: [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--ui-ip',
        '127.0.0.1',
        '--ui-port',
        String(uiPort),
        ...(databaseFile ? ['--db-filename', databaseFile] : []),
        '--log-level',
        'error',
        ...STACK_SEARCH_ATTRIBUTES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
        ...DEV_SERVER_DYNAMIC_CONFIG.flatMap((setting) => ['--dynamic-config-value', setting]),
      ],
      port,
      startTimeoutMs: START_TIMEOUT_MS,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      name: 'the Temporal dev server',
    });
    return {
      kind: 'dev-server',
      source: resolution.found.source,
      address,
      uiUrl: `http://127.0.0.1:${uiPort}`,
      databaseFile,
      warning: undefined,
      exited: server.exited,
      stop: () => server.stop(),
    };
  }
  const launcher = await options.javaTestServer?.();
  if (!launcher) {
    throw new Error(
      `No Temporal server to embed: ${resolution.reasons.join('; ')}; set TEMPORAL_ADDRESS or TEMPORAL_CLI_PATH`,
    );
  }
  const server = await startServerProcess({
    command: launcher,
    args: [String(port)],
    port,
    startTimeoutMs: START_TIMEOUT_MS,
    stopTimeoutMs: STOP_TIMEOUT_MS,
    name: 'the Java test server',
  });
  return {
    kind: 'test-server',
    source: 'java-test-server',
    address,
    uiUrl: undefined,
    databaseFile: undefined,
    warning:
      `running the Java test server because no Temporal CLI was found (${resolution.reasons.join('; ')}): ` +
      'nothing persists across restarts, there is no Web UI, no visibility (list/count queries), no search attributes ' +
      'and no batch operations; run `npm run build:temporal-cli` or set TEMPORAL_CLI_PATH for the dev server',
    exited: server.exited,
    stop: () => server.stop(),
  };
}
