/**
 * A real Temporal server that has native workflow pause (server 1.32.2, built
 * by `scripts/build-temporal-server.sh`), for the `native-pause` test project:
 * in-memory SQLite, every port on loopback, `frontend.WorkflowPauseEnabled`
 * on, namespace `default` with the stack's search attributes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Connection, isGrpcServiceError, type Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { freePort } from '../../src/testing/ports';
import { ensureStackSearchAttributes } from '../../app/search-attributes';
import { startServerProcess } from '../../app/server-process';

/** A started server; `stop` ends it and removes its files. */
export interface NativePauseServer {
  /** `127.0.0.1:<port>` of the frontend. */
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

/** Dynamic config: the pause itself, and what the fleet routes need of a dev server. */
const DYNAMIC_CONFIG = {
  'frontend.WorkflowPauseEnabled': true,
  'system.forceSearchAttributesCacheRefreshOnRead': true,
  'frontend.MaxConcurrentBatchOperationPerNamespace': 10,
  'worker.batcherRPS': 1000,
};

const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
const GRPC_ALREADY_EXISTS = 6;

/**
 * The server binary: built on a first call (minutes; progress on stderr),
 * found in the per-user cache afterwards. The build script is the one place
 * that knows the version and where it lives.
 */
export function nativePauseServerPath(): string {
  const script = path.join(__dirname, '..', '..', 'scripts', 'build-temporal-server.sh');
  const stdout = execFileSync('sh', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return stdout.trim().split('\n').at(-1) ?? '';
}

/**
 * Starts the server and resolves once namespace `default` answers, with the
 * stack's search attributes registered.
 *
 * @example
 * ```ts
 * const server = await startNativePauseServer();
 * const connection = await Connection.connect({ address: server.address });
 * ```
 */
export async function startNativePauseServer(): Promise<NativePauseServer> {
  const binary = nativePauseServerPath();
  const dir = mkdtempSync(path.join(tmpdir(), 'native-pause-server-'));
  const ports = await servicePorts();
  const dynamicConfigFile = path.join(dir, 'dynamic-config.yaml');
  writeFileSync(dynamicConfigFile, dynamicConfigYaml());
  const configFile = path.join(dir, 'config.yaml');
  writeFileSync(configFile, configYaml(ports, dynamicConfigFile));
  const server = await startServerProcess({
    command: binary,
    args: ['--config-file', configFile, '--allow-no-auth', 'start'],
    port: ports.frontend.grpc,
    startTimeoutMs: 120_000,
    stopTimeoutMs: 10_000,
    name: 'the Temporal server with native pause',
  });
  const address = `127.0.0.1:${ports.frontend.grpc}`;
  const namespace = 'default';
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const connection = await Connection.connect({ address });
    try {
      await registerNamespace(connection, namespace);
      await ensureStackSearchAttributes(connection, namespace);
    } finally {
      await connection.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, namespace, stop };
}

type Ports = Record<(typeof SERVICES)[number], { grpc: number; membership: number; http?: number }>;

async function servicePorts(): Promise<Ports> {
  const ports = {} as Ports;
  for (const service of SERVICES) ports[service] = { grpc: await freePort(), membership: await freePort() };
  ports.frontend.http = await freePort();
  return ports;
}

/** Registers `namespace` and waits until the frontend knows it (its cache reads it on a miss). */
async function registerNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
  } catch (error) {
    if (!(isGrpcServiceError(error) && Number(error.code) === GRPC_ALREADY_EXISTS)) throw error;
  }
  await connection.workflowService.describeNamespace({ namespace });
}

function dynamicConfigYaml(): string {
  return Object.entries(DYNAMIC_CONFIG)
    .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n`)
    .join('');
}

/** The server's static config: SQLite in memory (the schema is set up at start), loopback only. */
function configYaml(ports: Ports, dynamicConfigFile: string): string {
  const store = (name: string) => `
    ${name}:
      sql:
        pluginName: sqlite
        databaseName: ${name}
        connectAddr: localhost
        connectProtocol: tcp
        connectAttributes:
          mode: memory
          cache: private
        maxConns: 1
        maxIdleConns: 1
        maxConnLifetime: 1h`;
  const service = (name: keyof Ports) => `
  ${name}:
    rpc:
      grpcPort: ${ports[name].grpc}
      membershipPort: ${ports[name].membership}
      bindOnLocalHost: true${ports[name].http ? `\n      httpPort: ${ports[name].http}` : ''}`;
  return `log:
  stdout: true
  level: error
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 1
  datastores:${store('default')}${store('visibility')}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:${SERVICES.map(service).join('')}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:${ports.frontend.grpc}
      httpAddress: 127.0.0.1:${ports.frontend.http}
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: ${dynamicConfigFile}
  pollInterval: 10s
`;
}

/** Temporal's own pause or unpause of `workflowId`, as `temporal workflow pause` sends it (by `operator`, for `maintenance`). */
export async function nativePause(
  client: Client,
  action: 'pause' | 'unpause',
  workflowId: string,
): Promise<void> {
  const request = {
    namespace: client.options.namespace,
    workflowId,
    identity: 'operator',
    reason: 'maintenance',
    requestId: randomUUID(),
  };
  if (action === 'pause') await client.workflowService.pauseWorkflowExecution(request);
  else await client.workflowService.unpauseWorkflowExecution(request);
}
