/**
 * A local server as a child process in a process group of its own: Ctrl-C
 * in a terminal reaches it only through its parent, which stops it last,
 * after everything that uses it.
 *
 * Node zone.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { waitForPort } from '../src/testing';

/** A started server process. */
export interface ServerProcess {
  /** Resolves when the server's process has exited, however: with how it ended (`exit code 1`, `signal SIGKILL`). */
  exited: Promise<string>;
  /** Stops the server's process group (SIGTERM, then SIGKILL after `stopTimeoutMs`) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of {@link startServerProcess}. */
export interface ServerProcessOptions {
  /** The executable. */
  command: string;
  /** Its arguments. */
  args: readonly string[];
  /** The loopback port that accepts connections once the server is up. */
  port: number;
  /** How long the server may take to accept connections. */
  startTimeoutMs: number;
  /** How long a stopping server may take before it is killed. */
  stopTimeoutMs: number;
  /** A name for error messages, e.g. `the Temporal dev server`. */
  name: string;
}

/**
 * Spawns the server (its stderr joins this process's stderr) and resolves
 * once it accepts connections on `port`. The server never outlives this
 * process, however this process ends short of SIGKILL.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const { command, name } = options;
  const child = spawn(command, options.args, { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const killOnExit = (): void => killGroup('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(signal ? `signal ${signal}` : `exit code ${code}`);
    }),
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`Cannot run ${name} \`${command}\`: ${error.message}`)));
    void exited.then(() => reject(new Error(`${name} \`${command}\` exited during start-up`)));
  });
  try {
    await Promise.race([waitForPort(options.port, options.startTimeoutMs), failed]);
  } catch (error) {
    killGroup('SIGKILL');
    throw error;
  }
  return {
    exited,
    stop: async () => {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), options.stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
