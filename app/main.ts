/**
 * The worker process (`npm start`): a worker for the demo workflows plus the
 * HTTP control API, on an embedded Temporal dev server unless
 * `TEMPORAL_ADDRESS` (or a client configuration profile) names a server.
 *
 * Node zone. The application, not the library: with the CLI (`app/cli/`),
 * the only code that reads its settings from the environment, binds ports and
 * exits (the library's testing helpers read only the paths of their servers). Lifecycle lines go to stdout as JSON
 * (`development_key`, `ready`, `stopping`, `stopped`); logs and errors go to
 * stderr. The settings are listed in `app/settings.ts` and the docs.
 *
 * Stop (SIGINT/SIGTERM): `/readyz` answers 503 (for `SHUTDOWN_DELAY_MS` before
 * anything else stops), stop accepting HTTP, let requests in flight finish
 * within `HTTP_SHUTDOWN_TIMEOUT_MS` (later: 503), let the worker drain its
 * in-flight activities, stop the embedded server last, exit 0. A signal
 * delivered twice at once (through npm and the process group) is one stop;
 * one a second later exits at once, non-zero. So does an embedded server's end.
 *
 * @module
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NativeConnection, type LogEntry, type Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { WORKFLOW_TYPES } from '../workflows/catalog';
import { STACK_CONTROL_OPTIONS } from '../src';
import { createControlApi, DEVELOPMENT_API_KEY, temporalReachable } from '../src/http';
import type { EmbeddedServer } from './embedded-server';
import { ensureStackSearchAttributes, SearchAttributeRegistrationError } from './search-attributes';
import {
  createWorker,
  installTracing,
  isMissingHeartbeatCapabilityWarning,
  JsonLinesSpanExporter,
  readTemporalSettings,
  type Tracing,
} from '../src/worker';
import { chooseApiKeys, configuredKeys } from './api-keys';
import { sampleFleetGauges } from './fleet-gauges';
import { installRuntime } from './runtime';
import { startHttpServer, type HttpEndpoint } from './http-server';
import { sdkDownload } from './sdk-download';
import { readProcessSettings, SettingError, type ProcessSettings } from './settings';
import { createSignalHandler, SAME_STOP_MS } from './signals';

/** The project: `app/..` from the sources, `dist/app/../..` when built. */
const PROJECT_ROOT =
  path.basename(path.resolve(__dirname, '..')) === 'dist'
    ? path.resolve(__dirname, '../..')
    : path.resolve(__dirname, '..');

/** What runs, stopped in the reverse order of {@link start}. */
const parts: {
  settings?: ProcessSettings;
  http?: HttpEndpoint;
  embedded?: EmbeddedServer;
  connection?: NativeConnection;
  client?: Client;
  worker?: Worker;
  running?: Promise<void>;
  tracing?: Tracing;
  stopSampling?: () => void;
} = {};
let stopping = false;

async function start(): Promise<void> {
  const settings = (parts.settings = readProcessSettings(process.env, PROJECT_ROOT));
  let temporal;
  try {
    temporal = readTemporalSettings(process.env);
  } catch (error) {
    throw new Error(`Invalid Temporal client configuration: ${messageOf(error)}`);
  }
  const embedded = !temporal.address;
  // Checked before any server starts: a refusal costs nothing.
  const keyChoice = chooseApiKeys({
    configured: await configuredKeys(settings),
    host: settings.host,
    embedded,
  });

  let address = temporal.address;
  if (!address) {
    // Loaded only here: `temporal-checkpoint/testing` needs `@temporalio/testing`, which an addressed server does not.
    const { startEmbeddedServer } = await import('./embedded-server');
    const { ensureTestServer } = await import('../src/testing');
    parts.embedded = await startEmbeddedServer({
      dataDir: settings.temporalDataDir,
      port: settings.temporalPort,
      uiPort: settings.temporalUiPort,
      cli: { download: sdkDownload, log: logError },
      javaTestServer: async () => {
        const server = await ensureTestServer();
        return server.source === 'sdk-download' ? undefined : server.path;
      },
    });
    if (parts.embedded.warning) logError(`warning: ${parts.embedded.warning}`);
    exitWithServer(parts.embedded);
    address = parts.embedded.address;
  }
  if (stopping) return;
  const connectionOptions = { ...temporal.connectionOptions, address };
  let clientConnection: Connection;
  try {
    clientConnection = await Connection.connect(connectionOptions);
  } catch (error) {
    const source = parts.embedded ? 'the embedded server' : temporal.addressSource;
    throw new Error(`Cannot connect to Temporal at \`${address}\` (${source}): ${messageOf(error)}`);
  }
  // The stack's search attributes, where missing (any server; an embedded one's older data directory).
  let visibility = parts.embedded?.kind !== 'test-server';
  if (visibility) {
    try {
      await ensureStackSearchAttributes(clientConnection, temporal.namespace);
    } catch (error) {
      if (!(error instanceof SearchAttributeRegistrationError && error.unsupported)) {
        throw new Error(`Cannot use Temporal at \`${address}\`: ${messageOf(error)}`);
      }
      visibility = false;
      logError(
        `warning: the server at \`${address}\` has no operator service (the Java test server?): ` +
          'no search attributes, so no task list, bulk actions or holds',
      );
    }
  }
  const meter = installRuntime({ writeLogLine, metricsBindAddress: settings.metricsBindAddress });
  parts.connection = await NativeConnection.connect(connectionOptions);

  // A `traceparent` sent to the API continues through the client into the workflows.
  parts.tracing = installTracing({
    spanProcessor:
      settings.tracesExporter === 'console'
        ? new SimpleSpanProcessor(new JsonLinesSpanExporter())
        : undefined,
  });
  parts.client = new Client({
    connection: clientConnection,
    namespace: temporal.namespace,
    interceptors: { workflow: parts.tracing.workflowClientInterceptors },
  });
  if (keyChoice.developmentKey) {
    announce('development_key', {
      api_key: DEVELOPMENT_API_KEY,
      note: 'embedded development mode on loopback only; configure API_KEYS or API_KEYS_FILE otherwise',
    });
  } else if (keyChoice.keys.length === 0) {
    logError('warning: no API keys configured (API_KEYS, API_KEYS_FILE): every API request gets 401');
  }
  try {
    parts.http = await startHttpServer({
      app: createControlApi({
        client: parts.client,
        auth: { keys: keyChoice.keys },
        taskQueue: settings.taskQueue,
        rateLimit: settings.rateLimit,
        allowedHosts: settings.allowedHosts,
        temporalTimeoutMs: settings.temporalTimeoutMs,
        readiness: {
          temporal: temporalReachable(parts.client),
          worker: () => workerProblem(parts.worker),
          process: () => (stopping ? 'shutting down' : undefined),
        },
        workflows: Object.fromEntries(WORKFLOW_TYPES.map((type) => [type, type])),
        logger: { level: 'warn', stream: process.stderr },
        visibility,
        meter,
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
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities({ latencyMs: settings.activityLatencyMs }),
    maxCachedWorkflows: settings.maxCachedWorkflows,
    stickyQueueScheduleToStartTimeout: settings.stickyQueueTimeoutMs,
    // Without an exporter no span leaves the process, so the workflows run without the
    // OpenTelemetry interceptors: with them, every cached run instantiates the OpenTelemetry
    // SDK in the workflow thread (see "Restart recovery" in docs/benchmarks.md).
    tracing: settings.tracesExporter === 'none' ? undefined : parts.tracing,
    // Keeps the control status and pause request search attributes current, where the server has them.
    control: visibility ? STACK_CONTROL_OPTIONS : undefined,
  });
  if (stopping) return;
  parts.running = parts.worker.run();
  if (meter && visibility) parts.stopSampling = sampleFleetGauges(parts.client, meter, settings);
  announce('ready', {
    http: parts.http.url,
    temporal_address: address,
    namespace: temporal.namespace,
    task_queue: settings.taskQueue,
    embedded_server: parts.embedded?.kind ?? null,
    server_source: parts.embedded?.source ?? null,
    web_ui: parts.embedded?.uiUrl ?? null,
    database: parts.embedded ? (parts.embedded.databaseFile ?? ':memory:') : null,
    metrics: settings.metricsBindAddress ? `http://${settings.metricsBindAddress}/metrics` : null,
    rate_limit: settings.rateLimit
      ? `${settings.rateLimit.burst}/${settings.rateLimit.perSecond} per API key, per process`
      : 'off',
  });
  await parts.running;
  if (!stopping) throw new Error('The worker stopped unexpectedly');
}

/**
 * Ends the process, non-zero and saying so, when its embedded server ends
 * unasked (not restarted: what killed it would likely do so again).
 */
function exitWithServer(server: EmbeddedServer): void {
  const name = server.kind === 'dev-server' ? 'Temporal dev server' : 'Java test server';
  void server.exited.then((how) => {
    if (stopping) return;
    logError(`the embedded ${name} exited (${how}): exiting, nothing can run without it`);
    process.exit(1);
  });
}

/** What keeps the worker from being ready, if anything: its state, or `starting` before it exists. */
function workerProblem(worker: Worker | undefined): string | undefined {
  const state = worker?.getState();
  return state === 'RUNNING' ? undefined : (state?.toLowerCase() ?? 'starting');
}

/**
 * Graceful stop, in order: `/readyz` answers 503 (already, through
 * `stopping`) for `SHUTDOWN_DELAY_MS` while everything else still serves, so
 * a load balancer takes the copy out first; then HTTP stops accepting and
 * answers what is in flight (within the deadline), the worker drains its
 * in-flight activities, and the connections close and the embedded server
 * stops last.
 */
async function stop(signal: NodeJS.Signals): Promise<never> {
  announce('stopping', { signal });
  const delayMs = parts.http ? (parts.settings?.shutdownDelayMs ?? 0) : 0;
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  await parts.http?.close(parts.settings?.httpShutdownTimeoutMs ?? 10_000);
  if (parts.running) {
    parts.worker?.shutdown();
    await parts.running.catch((error: unknown) =>
      logError(`The worker failed while stopping: ${messageOf(error)}`),
    );
  }
  parts.stopSampling?.();
  await parts.tracing?.shutdown();
  await parts.client?.connection.close();
  await parts.connection?.close();
  await parts.embedded?.stop();
  announce('stopped');
  process.exit(0);
}

function announce(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
}

/**
 * One JSON object per line on stderr, so that log tools (and tests) can read
 * it; less Core's capability warning about the embedded Java test server.
 */
function writeLogLine({ level, message, meta, timestampNanos }: LogEntry): void {
  if (parts.embedded?.kind === 'test-server' && isMissingHeartbeatCapabilityWarning(message)) return;
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

const onSignal = createSignalHandler({
  stop: (signal) => {
    stopping = true;
    void stop(signal);
    const hint = `stopping: waiting for work in flight; ${signal} again exits at once`;
    setTimeout(() => logError(hint), SAME_STOP_MS).unref();
  },
  exitNow: (signal) => {
    logError(`${signal} again: exiting without waiting for in-flight work`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  },
});
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
start().catch((error: unknown) => {
  if (stopping) return;
  logError(error instanceof SettingError ? error.message : messageOf(error));
  process.exit(1);
});
