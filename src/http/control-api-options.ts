/**
 * The options of `createControlApi()`, each with its default.
 *
 * Node zone.
 *
 * @module
 */
import type { Meter } from '@opentelemetry/api';
import type { Client } from '@temporalio/client';
import type { FastifyServerOptions } from 'fastify';
import type { ApiKeyConfig } from './gate/auth';
import type { ReadinessCheck } from './routes/probes';
import type { RateLimitOptions } from './gate/rate-limit';

/** Options of `createControlApi()`. */
export interface ControlApiOptions {
  /** The Temporal client the API acts through. */
  client: Client;
  /** The API keys. Build them with `parseApiKeys()`, `readApiKeysFile()` or `developmentKeys()`. */
  auth: {
    /** Configured keys (hashes only). With none, every request is refused with 401. */
    keys: readonly ApiKeyConfig[];
  };
  /** The task queue `POST /api/v1/tasks` starts workflows on: the worker's. */
  taskQueue: string;
  /**
   * The workflows `POST /api/v1/tasks` may start: HTTP name → Temporal workflow type.
   *
   * @default {}
   */
  workflows?: Readonly<Record<string, string>>;
  /**
   * The server has visibility and the stack's search attributes: submitted tasks carry
   * them and holds apply (the list, batch and hold routes need it). `false` for the Java test server.
   *
   * @default true
   */
  visibility?: boolean;
  /**
   * Host names the API answers on besides `localhost`, `127.0.0.1` and
   * `[::1]` while the development key is configured; with it, a request for
   * any other `Host` gets 421. Without the development key, any `Host` is
   * accepted.
   *
   * @default []
   */
  allowedHosts?: readonly string[];
  /**
   * Largest request body in bytes; a larger one gets 413.
   *
   * @default 16384
   */
  bodyLimit?: number;
  /**
   * What `GET /readyz` checks, by name; one that reports a problem makes it answer 503.
   *
   * @default { temporal: temporalReachable(client) }
   */
  readiness?: Readonly<Record<string, ReadinessCheck>>;
  /**
   * Serve the dashboard at `/` (the page and its files, no key needed); `false` leaves `/` to the API's 401/404.
   *
   * @default true
   */
  dashboard?: boolean;
  /**
   * Per-key request rate limit (token bucket, in memory): each process
   * limits on its own, so N copies behind a load balancer allow N times as
   * much; `false` turns it off.
   *
   * @default { burst: 60, perSecond: 10 }
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * The deadline of the Temporal calls a request makes, in milliseconds: a
   * server that does not answer within it gets the request a 503 `Temporal
   * is unavailable` with `Retry-After`. Above the usual stall of a
   * fail-over (a sticky queue's timeout and a replay), so that only a server
   * that is down answers 503. Event streams wait for new events without it.
   *
   * @default 10000
   */
  temporalTimeoutMs?: number;
  /**
   * How long a client may take to send a whole request (headers and body),
   * in milliseconds; a slower one gets 408 and its connection closes.
   *
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Longest request URL (path and query) in characters; a longer one gets 414.
   *
   * @default 2048
   */
  maxUrlLength?: number;
  /**
   * Event streams (`GET /api/v1/stream/sse`) one API key may hold open at
   * once; one more gets 429.
   *
   * @default 10
   */
  maxStreamsPerKey?: number;
  /**
   * Interval of the keep-alive comments of SSE streams, in milliseconds.
   *
   * @default 15000
   */
  sseKeepAliveMs?: number;
  /**
   * Fastify's logger option (`true`, or pino options such as `{ level:
   * 'warn', stream: process.stderr }`). Each failed request logs one line at
   * `warn` (a 500 at `error`, with its stack).
   *
   * @default false
   */
  logger?: FastifyServerOptions['logger'];
  /**
   * The OpenTelemetry meter of the API's metrics (requests, their duration,
   * open event streams, rate-limited requests; see `docs/operations.md`).
   *
   * @default the global meter `temporal-checkpoint`: a no-op until the application registers a `MeterProvider`
   */
  meter?: Meter;
}
