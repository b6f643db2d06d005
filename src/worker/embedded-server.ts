/**
 * The local Temporal server the worker process starts when no address is
 * configured: the Java test server in normal-time mode (from Maven, see
 * `ensureTestServer`), or the Temporal CLI's dev server when
 * `TEMPORAL_CLI_PATH` names one (see `scripts/build-temporal-cli.sh`).
 *
 * Node zone.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureTestServer, freePort, waitForPort } from '../testing';

/** A running embedded server. */
export interface EmbeddedServer {
  /** Which server runs. */
  kind: 'test-server' | 'dev-server';
  /** `127.0.0.1:<port>` */
  address: string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of {@link startEmbeddedServer}. */
export interface EmbeddedServerOptions {
  /** The Temporal CLI to run `server start-dev` with, instead of the Java test server. */
  temporalCliPath?: string;
}

/** How long the server may take to accept connections (a first JVM start on a busy machine is slow). */
const START_TIMEOUT_MS = 60_000;
/** How long a stopping server may take before it is killed. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * Starts a local Temporal server on a free loopback port and resolves once it
 * accepts connections. Its output goes to this process's stderr.
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const port = await freePort();
  let kind: EmbeddedServer['kind'];
  let command: string;
  let args: string[];
  if (options.temporalCliPath) {
    kind = 'dev-server';
    command = options.temporalCliPath;
    args = [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--headless',
      '--log-level',
      'warn',
    ];
  } else {
    const server = await ensureTestServer();
    if (server.source === 'sdk-download') {
      throw new Error(
        `Cannot start the embedded test server: ${server.reason}; set TEMPORAL_ADDRESS, or TEMPORAL_CLI_PATH to a Temporal CLI`,
      );
    }
    kind = 'test-server';
    command = server.path;
    // No --enable-time-skipping: the server runs in normal time.
    args = [String(port)];
  }
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  // The server never outlives this process, however it ends (a second signal, a
  // failed start-up, a signal that arrives while the server is still starting).
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`Cannot run the embedded server \`${command}\`: ${error.message}`)),
    );
    void exited.then(() => reject(new Error(`The embedded server \`${command}\` exited during start-up`)));
  });
  try {
    await Promise.race([waitForPort(port, START_TIMEOUT_MS), failed]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    kind,
    address: `127.0.0.1:${port}`,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
