/**
 * The worker process's own settings, read from the environment and checked
 * before any server starts, so that a typo fails at once with a message
 * naming the variable.
 *
 * Node zone.
 *
 * @module
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { parseApiKeys, type ApiKeyConfig } from '../src/http';

/** The settings of the worker process (`app/main.ts`). */
export interface ProcessSettings {
  /** `HOST`, default `127.0.0.1`. */
  host: string;
  /** `PORT`, default `8080`; `0` picks a free port. */
  port: number;
  /** `TASK_QUEUE`, default `temporal-checkpoint`. */
  taskQueue: string;
  /** `WORKER_MAX_CACHED_WORKFLOWS`; unset leaves the SDK default. */
  maxCachedWorkflows: number | undefined;
  /**
   * `WORKER_STICKY_QUEUE_TIMEOUT_MS`, default `3000`: how long a workflow
   * task waits on this worker's sticky queue before any worker may take it,
   * so a crashed copy's cached tasks stall for about this long (a second
   * more to replay them on another copy).
   */
  stickyQueueTimeoutMs: number;
  /**
   * `SHUTDOWN_DELAY_MS`, default `0`: after a stop signal, how long the
   * process keeps serving with `/readyz` at 503 before it stops accepting,
   * so that a load balancer takes it out of rotation first.
   */
  shutdownDelayMs: number;
  /** `ACTIVITY_LATENCY_MS`, default `1000`: how long each demo activity works. */
  activityLatencyMs: number;
  /**
   * `TEMPORAL_DATA_DIR`, default `.data/temporal` in the project: the folder
   * of the embedded dev server's SQLite database. `:memory:` keeps
   * everything in memory (`undefined` here).
   */
  temporalDataDir: string | undefined;
  /** `TEMPORAL_PORT`, default `7233`: the embedded server's gRPC port (loopback); `0` picks a free one. */
  temporalPort: number;
  /** `TEMPORAL_UI_PORT`, default `8233`: the embedded dev server's Web UI port (loopback); `0` picks a free one. */
  temporalUiPort: number;
  /**
   * `HTTP_SHUTDOWN_TIMEOUT_MS`, default `10000`: how long requests in flight
   * when a stop begins may take; later ones get 503.
   */
  httpShutdownTimeoutMs: number;
  /**
   * `TEMPORAL_TIMEOUT_MS`, default `10000`: the deadline of the Temporal
   * calls an API request makes; a server that does not answer within it
   * gets the request a 503 `Temporal is unavailable` with `Retry-After`.
   */
  temporalTimeoutMs: number;
  /** `API_KEYS`: the keys given inline (a JSON array); `[]` when unset. */
  apiKeys: ApiKeyConfig[];
  /** `API_KEYS_FILE`: a file that holds more keys. */
  apiKeysFile: string | undefined;
  /** `OTEL_TRACES_EXPORTER`, default `none`: `console` writes each finished span as a JSON line to stderr. */
  tracesExporter: 'none' | 'console';
  /**
   * `ALLOWED_HOSTS`: host names, comma-separated, that the API answers on in
   * development mode besides the loopback names; `[]` when unset.
   */
  allowedHosts: string[];
  /** `API_RATE_LIMIT`: `<burst>/<per second>` per API key and per process, or `off`; default `60/10`. */
  rateLimit: { burst: number; perSecond: number } | false;
  /**
   * `METRICS_BIND_ADDRESS`: `<ip>:<port>` of a Prometheus endpoint (`/metrics`) with
   * the SDK's worker metrics and the control metrics; unset, no metrics are exported.
   */
  metricsBindAddress: string | undefined;
  /**
   * `METRICS_FLEET_INTERVAL_MS`, default `30000`: how often the fleet gauges
   * (open tasks by control status) are sampled from visibility, with metrics on.
   */
  fleetSampleIntervalMs: number;
}

/** A setting with a value the process cannot use; the message names it. */
export class SettingError extends Error {
  constructor(
    /** The environment variable. */
    public readonly setting: string,
    expected: string,
    received: string,
    /** What exactly is wrong, when the expectation alone does not say. */
    detail?: string,
  ) {
    super(`Invalid ${setting}: expected ${expected}, got \`${received}\`${detail ? ` (${detail})` : ''}`);
    this.name = 'SettingError';
  }
}

/**
 * Reads and checks the process settings; throws a {@link SettingError} on the
 * first bad one. `projectRoot` anchors the default data directory.
 */
export function readProcessSettings(env: NodeJS.ProcessEnv, projectRoot: string): ProcessSettings {
  const dataDir = env.TEMPORAL_DATA_DIR || path.join(projectRoot, '.data', 'temporal');
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65_535),
    taskQueue: env.TASK_QUEUE || 'temporal-checkpoint',
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS
      ? integer(env, 'WORKER_MAX_CACHED_WORKFLOWS', 0, 0, Number.MAX_SAFE_INTEGER)
      : undefined,
    stickyQueueTimeoutMs: integer(env, 'WORKER_STICKY_QUEUE_TIMEOUT_MS', 3_000, 1, 3_600_000),
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', 0, 0, 3_600_000),
    activityLatencyMs: integer(env, 'ACTIVITY_LATENCY_MS', 1_000, 0, 3_600_000),
    temporalDataDir: dataDir.trim() === ':memory:' ? undefined : path.resolve(projectRoot, dataDir),
    temporalPort: integer(env, 'TEMPORAL_PORT', 7233, 0, 65_535),
    temporalUiPort: integer(env, 'TEMPORAL_UI_PORT', 8233, 0, 65_535),
    httpShutdownTimeoutMs: integer(env, 'HTTP_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 3_600_000),
    temporalTimeoutMs: integer(env, 'TEMPORAL_TIMEOUT_MS', 10_000, 1, 600_000),
    apiKeys: inlineApiKeys(env.API_KEYS),
    apiKeysFile: env.API_KEYS_FILE || undefined,
    tracesExporter: oneOf(env, 'OTEL_TRACES_EXPORTER', ['none', 'console'] as const),
    rateLimit: rateLimit(env.API_RATE_LIMIT),
    allowedHosts: allowedHosts(env.ALLOWED_HOSTS),
    metricsBindAddress: bindAddress(env, 'METRICS_BIND_ADDRESS'),
    fleetSampleIntervalMs: integer(env, 'METRICS_FLEET_INTERVAL_MS', 30_000, 100, 3_600_000),
  };
}

/** An `<ip>:<port>` socket address (`[<ipv6>]:<port>`), as the Temporal runtime's exporter binds it. */
function bindAddress(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(raw);
  const ip = match?.[1] ?? match?.[2] ?? '';
  if (!match || isIP(ip) !== (match[1] ? 6 : 4) || Number(match[3]) > 65_535) {
    throw new SettingError(name, '`<ip>:<port>` (an IPv6 address in brackets)', raw);
  }
  return raw;
}

function inlineApiKeys(raw: string | undefined): ApiKeyConfig[] {
  if (raw === undefined || raw.trim() === '') return [];
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  try {
    return parseApiKeys(JSON.parse(raw), 'API_KEYS');
  } catch (error) {
    throw new SettingError('API_KEYS', 'a JSON array of keys', shown, (error as Error).message);
  }
}

function allowedHosts(raw: string | undefined): string[] {
  const names = (raw ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const bad = names.find((name) => !/^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i.test(name));
  if (bad !== undefined) {
    throw new SettingError(
      'ALLOWED_HOSTS',
      'host names separated by commas, without ports',
      raw ?? '',
      `\`${bad}\``,
    );
  }
  return names;
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
