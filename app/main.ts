/**
 * The worker process (`npm start`): a worker for the demo workflows plus the
 * HTTP control API, on an embedded local Temporal server unless
 * `TEMPORAL_ADDRESS` (or a client configuration profile) names one.
 *
 * Node zone. The only module of the worker that reads the environment, binds
 * ports and exits. Lifecycle lines go to stdout as JSON (`ready`, `stopping`,
 * `stopped`); logs and errors go to stderr.
 *
 * Environment: `HOST`, `PORT` (HTTP, default `127.0.0.1:8080`), `API_KEYS` or
 * `API_KEYS_FILE` (the API keys; the development key `sk_test_123456` exists
 * only on the embedded server with a loopback `HOST`), `TASK_QUEUE`
 * (default `temporal-checkpoint`), `ACTIVITY_LATENCY_MS` (default `1000`),
 * `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`,
 * `TEMPORAL_TLS_*`, `TEMPORAL_PROFILE`, `TEMPORAL_CONFIG_FILE`,
 * `TEMPORAL_CLI_PATH` (embedded dev server instead of the Java test server),
 * `API_RATE_LIMIT` (`<burst>/<per second>` per key, default `60/10`, or `off`),
 * `OTEL_TRACES_EXPORTER` (`none` or `console`: spans as JSON lines on stderr;
 * a `traceparent` sent to the API continues into the workflows either way),
 * and `WORKER_MAX_CACHED_WORKFLOWS`. Set the latter to `0` when workers are
 * restarted against the Java test server: that server never moves tasks off
 * the sticky queue of a worker that stopped, so a new worker would wait
 * forever for the workflows the old one had cached. Without a cache there are
 * no sticky queues, and any worker can take over at once.
 *
 * SIGINT/SIGTERM: stop polling, let in-flight activities finish, close HTTP,
 * stop the embedded server, exit 0. A second signal exits at once, non-zero.
 *
 * @module
 */
import {
  DefaultLogger,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  type LogEntry,
  type Worker,
} from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createActivities } from '../../activities';
import { WORKFLOW_TYPES } from '../../workflows/catalog';
import {
  createControlApi,
  DEVELOPMENT_API_KEY,
  developmentKeys,
  parseApiKeys,
  readApiKeysFile,
  type ApiKeyConfig,
} from '../http';
import { createWorker } from './create-worker';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server';
import { startHttpServer, type HttpEndpoint } from './http-server';
import { readProcessSettings, SettingError } from './process-settings';
import { readTemporalSettings } from './temporal-settings';
import { installTracing, JsonLinesSpanExporter, type Tracing } from './tracing';

/** What runs; `stop()` drains the worker first, then closes HTTP, the connection and the embedded server. */
const parts: {
  http?: HttpEndpoint;
  embedded?: EmbeddedServer;
  connection?: NativeConnection;
  client?: Client;
  worker?: Worker;
  running?: Promise<void>;
  tracing?: Tracing;
} = {};
let stopping = false;

async function start(): Promise<void> {
  const settings = readProcessSettings(process.env);
  let temporal;
  try {
    temporal = readTemporalSettings(process.env);
  } catch (error) {
    throw new Error(`Invalid Temporal client configuration: ${messageOf(error)}`);
  }
  Runtime.install({
    logger: new DefaultLogger('INFO', writeLogLine),
    // Core's own logs join ours on stderr, so stdout carries only the lifecycle lines.
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
    // This module handles the signals: a second one must exit at once.
    shutdownSignals: [],
  });

  let address = temporal.address;
  if (!address) {
    parts.embedded = await startEmbeddedServer({ temporalCliPath: settings.temporalCliPath });
    address = parts.embedded.address;
  }
  try {
    parts.connection = await NativeConnection.connect({ ...temporal.connectionOptions, address });
  } catch (error) {
    const source = parts.embedded ? 'the embedded server' : temporal.addressSource;
    throw new Error(`Cannot connect to Temporal at \`${address}\` (${source}): ${messageOf(error)}`);
  }

  // A `traceparent` sent to the API continues through the client into the workflows.
  parts.tracing = installTracing({
    spanProcessor:
      settings.tracesExporter === 'console'
        ? new SimpleSpanProcessor(new JsonLinesSpanExporter())
        : undefined,
  });
  parts.client = new Client({
    connection: await Connection.connect({ ...temporal.connectionOptions, address }),
    namespace: temporal.namespace,
    interceptors: { workflow: parts.tracing.workflowClientInterceptors },
  });
  const keys = await apiKeys(settings, Boolean(parts.embedded));
  try {
    parts.http = await startHttpServer({
      app: createControlApi({
        client: parts.client,
        auth: { keys },
        taskQueue: settings.taskQueue,
        rateLimit: settings.rateLimit,
        workflows: Object.fromEntries(WORKFLOW_TYPES.map((type) => [type, type])),
      }),
      host: settings.host,
      port: settings.port,
    });
  } catch (error) {
    throw new Error(`Cannot listen on HOST:PORT \`${settings.host}:${settings.port}\`: ${messageOf(error)}`);
  }

  parts.worker = await createWorker({
    connection: parts.connection,
    namespace: temporal.namespace,
    taskQueue: settings.taskQueue,
    activities: createActivities({ latencyMs: settings.activityLatencyMs }),
    maxCachedWorkflows: settings.maxCachedWorkflows,
    tracing: parts.tracing,
  });
  if (stopping) return;
  parts.running = parts.worker.run();
  announce('ready', {
    http: parts.http.url,
    temporal_address: address,
    namespace: temporal.namespace,
    task_queue: settings.taskQueue,
    embedded_server: parts.embedded?.kind ?? null,
  });
  await parts.running;
  if (!stopping) throw new Error('The worker stopped unexpectedly');
}

/** Graceful stop: the worker drains its in-flight activities before anything else closes. */
async function stop(signal: NodeJS.Signals): Promise<never> {
  announce('stopping', { signal });
  if (parts.running) {
    parts.worker?.shutdown();
    await parts.running.catch((error: unknown) =>
      logError(`The worker failed while stopping: ${messageOf(error)}`),
    );
  }
  await parts.http?.close();
  await parts.tracing?.shutdown();
  await parts.client?.connection.close();
  await parts.connection?.close();
  await parts.embedded?.stop();
  announce('stopped');
  process.exit(0);
}

/**
 * The API keys: `API_KEYS` (a JSON array of `{key_hash, user_id, tenant_id,
 * scopes}`) or the file `API_KEYS_FILE`; plus the development key
 * `sk_test_123456`, only on the embedded server and a loopback `HOST`.
 */
async function apiKeys(settings: { host: string }, embedded: boolean): Promise<ApiKeyConfig[]> {
  const keys: ApiKeyConfig[] = [];
  if (process.env.API_KEYS) keys.push(...parseApiKeys(JSON.parse(process.env.API_KEYS), '`API_KEYS`'));
  if (process.env.API_KEYS_FILE) keys.push(...(await readApiKeysFile(process.env.API_KEYS_FILE)));
  if (embedded && isLoopback(settings.host)) {
    keys.push(...developmentKeys());
    announce('development_key', {
      api_key: DEVELOPMENT_API_KEY,
      note: 'embedded development mode on loopback only; configure API_KEYS or API_KEYS_FILE otherwise',
    });
  }
  return keys;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    logError(`${signal} again: exiting without waiting for in-flight activities`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }
  stopping = true;
  void stop(signal);
}

function announce(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
}

/** One JSON object per line on stderr, so that log tools (and tests) can read it. */
function writeLogLine({ level, message, meta, timestampNanos }: LogEntry): void {
  const time = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
  const line = JSON.stringify({ time, level, message, ...meta }, (_, value: unknown) =>
    value instanceof Error ? { name: value.name, message: value.message } : value,
  );
  process.stderr.write(`${line}\n`);
}

function logError(message: string): void {
  process.stderr.write(`temporal-checkpoint: ${message}\n`);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
start().catch((error: unknown) => {
  if (stopping) return;
  logError(error instanceof SettingError ? error.message : messageOf(error));
  process.exit(1);
});
