/**
 * The worker process's own settings, read from the environment and checked
 * before anything starts, so that a typo fails at once with a message naming
 * the variable.
 *
 * Node zone.
 *
 * @module
 */

/** The settings of `src/worker/main.ts`. */
export interface ProcessSettings {
  /** `HOST`, default `127.0.0.1`. */
  host: string;
  /** `PORT`, default `8080`; `0` picks a free port. */
  port: number;
  /** `TASK_QUEUE`, default `temporal-checkpoint`. */
  taskQueue: string;
  /** `WORKER_MAX_CACHED_WORKFLOWS`; unset leaves the SDK default. */
  maxCachedWorkflows: number | undefined;
  /** `ACTIVITY_LATENCY_MS`, default `1000`: how long each demo activity works. */
  activityLatencyMs: number;
  /** `TEMPORAL_CLI_PATH`: run this Temporal CLI's dev server as the embedded server. */
  temporalCliPath: string | undefined;
  /** `OTEL_TRACES_EXPORTER`, default `none`: `console` writes each finished span as a JSON line to stderr. */
  tracesExporter: 'none' | 'console';
  /** `API_RATE_LIMIT`: `<burst>/<per second>` per API key, or `off`; default `60/10`. */
  rateLimit: { burst: number; perSecond: number } | false;
}

/** A setting with a value the process cannot use; the message names it. */
export class SettingError extends Error {
  constructor(
    /** The environment variable. */
    public readonly setting: string,
    expected: string,
    received: string,
  ) {
    super(`Invalid ${setting}: expected ${expected}, got \`${received}\``);
    this.name = 'SettingError';
  }
}

/** Reads and checks the process settings; throws a {@link SettingError} on the first bad one. */
export function readProcessSettings(env: NodeJS.ProcessEnv): ProcessSettings {
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65_535),
    taskQueue: env.TASK_QUEUE || 'temporal-checkpoint',
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS
      ? integer(env, 'WORKER_MAX_CACHED_WORKFLOWS', 0, 0, Number.MAX_SAFE_INTEGER)
      : undefined,
    activityLatencyMs: integer(env, 'ACTIVITY_LATENCY_MS', 1_000, 0, 3_600_000),
    temporalCliPath: env.TEMPORAL_CLI_PATH || undefined,
    tracesExporter: oneOf(env, 'OTEL_TRACES_EXPORTER', ['none', 'console'] as const),
    rateLimit: rateLimit(env.API_RATE_LIMIT),
  };
}

function rateLimit(raw: string | undefined): ProcessSettings['rateLimit'] {
  if (raw === undefined || raw === '') return { burst: 60, perSecond: 10 };
  if (raw.trim() === 'off') return false;
  const match = /^\s*(\d{1,9})\/(\d{1,9})\s*$/.exec(raw);
  const [burst, perSecond] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || burst < 1 || perSecond < 1) {
    throw new SettingError('API_RATE_LIMIT', '`<burst>/<per second>` (positive integers) or `off`', raw);
  }
  return { burst, perSecond };
}

/** The value of `name` if it is one of `values` (the first is the default). */
function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly [T, ...T[]]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return values[0];
  const value = values.find((candidate) => candidate === raw.trim());
  if (value === undefined) throw new SettingError(name, `one of ${values.join(', ')}`, raw);
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new SettingError(name, `an integer from ${min} to ${max}`, raw);
  }
  return value;
}
