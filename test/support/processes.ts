/**
 * Child processes for end-to-end tests: the CLI and the worker process run
 * from the TypeScript sources, observed through their output lines (never
 * through sleeps).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** Runs a TypeScript entry point without a build (types are checked by `tsc`, not here). */
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

/** How a finished process ended and what it wrote. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running child process whose output lines can be awaited. */
export class Spawned {
  readonly child: ChildProcess;
  /** Resolves when the process has exited and its output is closed. */
  readonly finished: Promise<Finished>;
  private readonly lines = { stdout: [] as string[], stderr: [] as string[] };
  private readonly waiters: Array<{
    stream: 'stdout' | 'stderr';
    match: (line: string) => boolean;
    resolve: (line: string) => void;
  }> = [];

  /** `detached`: the process leads a process group of its own, as a shell's foreground job does. */
  constructor(command: string, args: string[], env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}) {
    // A variable set to `undefined` is removed (spawn would pass the string "undefined").
    const definedEnv = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
    this.child = spawn(command, args, {
      cwd: ROOT,
      env: definedEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached ?? false,
    });
    const closed = new Promise<Finished>((resolve) =>
      this.child.once('close', (code, signal) =>
        resolve({ code, signal, stdout: this.lines.stdout.join('\n'), stderr: this.lines.stderr.join('\n') }),
      ),
    );
    this.finished = closed;
    for (const stream of ['stdout', 'stderr'] as const) {
      let partial = '';
      this.child[stream]?.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.addLine(stream, line);
      });
      this.child[stream]?.on('end', () => partial && this.addLine(stream, partial));
    }
  }

  /** Resolves with the first line (seen so far or later) of `stream` that `match` accepts; rejects if the process ends first. */
  line(stream: 'stdout' | 'stderr', match: (line: string) => boolean): Promise<string> {
    const seen = this.lines[stream].find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ stream, match, resolve });
      void this.finished.then((result) =>
        reject(
          new Error(
            `Process exited (${result.code ?? result.signal}) before the expected ${stream} line\n${result.stderr.slice(-3000)}`,
          ),
        ),
      );
    });
  }

  /** Resolves with the first JSON line of `stream` for which `match` holds. */
  async jsonLine<T = Record<string, unknown>>(
    stream: 'stdout' | 'stderr',
    match: (value: T) => boolean,
  ): Promise<T> {
    const line = await this.line(stream, (text) => {
      const value = parseJson<T>(text);
      return value !== undefined && match(value);
    });
    return JSON.parse(line) as T;
  }

  /** Every JSON line written to `stream` so far. */
  jsonLines<T = Record<string, unknown>>(stream: 'stdout' | 'stderr'): T[] {
    return this.lines[stream].flatMap((line) => {
      const value = parseJson<T>(line);
      return value === undefined ? [] : [value];
    });
  }

  private addLine(stream: 'stdout' | 'stderr', line: string): void {
    this.lines[stream].push(line);
    for (const waiter of [...this.waiters]) {
      if (waiter.stream === stream && waiter.match(line)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }
}

function parseJson<T>(text: string): T | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Starts `app/cli/main.ts` with `args`. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): Spawned {
  return new Spawned(process.execPath, [...TS_NODE, 'app/cli/main.ts', ...args], { ...process.env, ...env });
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return spawnCli(args, env).finished;
}

/** Starts the worker process `app/main.ts`. */
export function spawnWorkerProcess(env: NodeJS.ProcessEnv): Spawned {
  return new Spawned(process.execPath, [...TS_NODE, 'app/main.ts'], { ...process.env, ...env });
}

/**
 * Settings for a worker process of a test: no inherited Temporal or key
 * settings, an embedded dev server in memory on free ports, HTTP on a free
 * loopback port, a task queue of its own; `overrides` win.
 */
export async function workerProcessEnv(overrides: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  return {
    TEMPORAL_ADDRESS: undefined,
    TEMPORAL_NAMESPACE: undefined,
    TEMPORAL_PROFILE: undefined,
    TEMPORAL_CONFIG_FILE: undefined,
    TEMPORAL_CLI_PATH: undefined,
    TEMPORAL_DATA_DIR: ':memory:',
    TEMPORAL_PORT: '0',
    TEMPORAL_UI_PORT: '0',
    API_KEYS: undefined,
    API_KEYS_FILE: undefined,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    TASK_QUEUE: `tq-${randomUUID()}`,
    ACTIVITY_LATENCY_MS: '1000',
    ...overrides,
  };
}

/**
 * Runs `npm start` as a shell would run it in the foreground: in a process
 * group of its own, so that a test can send the whole group a Ctrl-C.
 */
export function spawnNpmStart(env: NodeJS.ProcessEnv): Spawned {
  return new Spawned('npm', ['start', '--silent'], { ...process.env, ...env }, { detached: true });
}

/** Starts the fixture worker `test/fixtures/worker-process.ts`, which prints `ready` once it polls `taskQueue`. */
export function spawnFixtureWorker(address: string, taskQueue: string): Spawned {
  return new Spawned(process.execPath, [...TS_NODE, 'test/fixtures/worker-process.ts'], {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TASK_QUEUE: taskQueue,
  });
}

import { freePort } from '../../src/testing/ports';

export { freePort };
