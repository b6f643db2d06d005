import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { TaskControl } from '../src/client';
import { ensureTestServer, waitForPort } from '../src/testing';
import type { research } from '../workflows';
import { waitForEvent } from './support/control';
import { freePort, spawnWorkerProcess, type Spawned } from './support/processes';

/** The ready line the worker process prints on stdout. */
interface Ready {
  event: 'ready';
  http: string;
  temporal_address: string;
  namespace: string;
  task_queue: string;
  embedded_server: string | null;
  server_source: string | null;
  web_ui: string | null;
  database: string | null;
}

/** A stderr log line of the worker process. */
interface LogLine {
  message: string;
  workflowId?: string;
}

/** Settings every worker process of these tests gets: no inherited Temporal settings. */
async function processEnv(overrides: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
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

function ready(worker: Spawned): Promise<Ready> {
  return worker.jsonLine<Ready>('stdout', (line) => line.event === 'ready');
}

/** Resolves when the worker process logs `message…` for `workflowId`. */
function logged(worker: Spawned, workflowId: string, message: string): Promise<LogLine> {
  return worker.jsonLine<LogLine>(
    'stderr',
    (line) => line.workflowId === workflowId && line.message?.startsWith(message),
  );
}

async function connectClient(address: string): Promise<Client> {
  return new Client({ connection: await Connection.connect({ address }) });
}

/** Resolves true once nothing accepts connections on `address` (a killed server's port closes shortly after it dies). */
async function stopsAcceptingConnections(address: string, timeoutMs = 5_000): Promise<boolean> {
  const [host, port] = address.split(':');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection(Number(port), host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused || Date.now() > deadline) return refused;
  }
}

const running: Spawned[] = [];
function start(env: NodeJS.ProcessEnv): Spawned {
  const worker = spawnWorkerProcess(env);
  running.push(worker);
  return worker;
}

afterEach(() => {
  // A failed test must not leave a worker process (or its embedded server) behind.
  for (const worker of running.splice(0)) worker.child.kill('SIGKILL');
});

describe('worker process', () => {
  it('starts an embedded server, serves /healthz, runs research through pause and resume, and stops on SIGTERM', async () => {
    const env = await processEnv({});
    const worker = start(env);
    const line = await ready(worker);
    expect(line).toMatchObject({
      http: `http://127.0.0.1:${env.PORT}`,
      namespace: 'default',
      task_queue: env.TASK_QUEUE,
      embedded_server: 'dev-server',
      database: ':memory:',
    });
    expect(line.web_ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line.temporal_address).toMatch(/^127\.0\.0\.1:\d+$/);

    const health = await fetch(`${line.http}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const devKey = { 'x-api-key': 'sk_test_123456' };
    expect((await fetch(`${line.http}/nothing-here`)).status).toBe(401);
    expect((await fetch(`${line.http}/nothing-here`, { headers: devKey })).status).toBe(404);

    const client = await connectClient(line.temporal_address);
    try {
      const workflowId = `research-${randomUUID()}`;
      const handle = await client.workflow.start<typeof research>('research', {
        taskQueue: line.task_queue,
        workflowId,
        args: [{ topic: 'grid storage', iterations: 1 }],
      });
      await logged(worker, workflowId, 'activity started: analyzing');
      const control = new TaskControl(client);
      const pause = await fetch(`${line.http}/api/v1/tasks/${workflowId}/pause`, {
        method: 'POST',
        headers: { ...devKey, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'check the analysis' }),
      });
      expect(pause.status).toBe(202);
      expect(await pause.json()).toEqual({
        success: true,
        message: 'Pause signal sent',
        task_id: workflowId,
      });
      const paused = await waitForEvent(client, workflowId, 'workflow.paused');
      expect(paused.checkpoint).toBe('iteration_1');
      expect(await control.state(workflowId)).toMatchObject({ status: 'paused', checkpoint: 'iteration_1' });
      await control.resume(workflowId, { input: { focus: 'batteries' } });
      const report = await handle.result();
      expect(report).toMatchObject({ topic: 'grid storage', guidance: ['batteries'] });
      expect(report.findings).toHaveLength(1);
    } finally {
      await client.connection.close();
    }

    worker.child.kill('SIGTERM');
    const exit = await worker.finished;
    expect(exit.code).toBe(0);
    expect(worker.jsonLines('stdout').map((event) => event.event)).toEqual([
      'development_key',
      'ready',
      'stopping',
      'stopped',
    ]);
    expect(await stopsAcceptingConnections(line.temporal_address, 0)).toBe(true);
  });

  it('drains the in-flight activity on SIGTERM, exits 0, and a new process finishes the workflow', async () => {
    const server = await ensureTestServer();
    if (server.source === 'sdk-download') throw new Error(`No test server launcher: ${server.reason}`);
    const serverPort = await freePort();
    // Normal time (no --enable-time-skipping), as a real deployment would run.
    const external = spawn(server.path, [String(serverPort)], { stdio: 'ignore' });
    const serverExited = new Promise((resolve) => external.once('exit', resolve));
    try {
      await waitForPort(serverPort, 30_000);
      const address = `127.0.0.1:${serverPort}`;
      // No workflow cache: the Java test server would keep the first process's
      // workflows on its sticky queue, where the second process never looks.
      const env = await processEnv({
        TEMPORAL_ADDRESS: address,
        WORKER_MAX_CACHED_WORKFLOWS: '0',
        ACTIVITY_LATENCY_MS: '1000',
      });
      const first = start(env);
      const client = await connectClient(address);
      try {
        expect(await ready(first)).toMatchObject({ temporal_address: address, embedded_server: null });
        const workflowId = `research-${randomUUID()}`;
        const handle = await client.workflow.start<typeof research>('research', {
          taskQueue: env.TASK_QUEUE as string,
          workflowId,
          args: [{ topic: 'heat pumps', iterations: 1 }],
        });
        await logged(first, workflowId, 'activity started: searching');
        first.child.kill('SIGTERM');
        await first.jsonLine('stdout', (line) => line.event === 'stopping');
        const exit = await first.finished;
        expect(exit.code).toBe(0);
        expect(
          first
            .jsonLines<LogLine>('stderr')
            .some(
              (line) =>
                line.workflowId === workflowId && line.message.startsWith('activity finished: searching'),
            ),
        ).toBe(true);

        const history = await handle.fetchHistory();
        const eventKinds = (history.events ?? []).map((event) =>
          Object.keys(event).find((key) => key.endsWith('EventAttributes')),
        );
        expect(eventKinds).toContain('activityTaskCompletedEventAttributes');
        expect(eventKinds).not.toContain('activityTaskFailedEventAttributes');
        expect(eventKinds).not.toContain('activityTaskTimedOutEventAttributes');
        expect(eventKinds).not.toContain('workflowExecutionCompletedEventAttributes');

        const second = start({ ...env, PORT: String(await freePort()) });
        await ready(second);
        const report = await handle.result();
        expect(report.findings).toHaveLength(1);
        second.child.kill('SIGTERM');
        expect((await second.finished).code).toBe(0);
      } finally {
        await client.connection.close();
      }
    } finally {
      external.kill('SIGTERM');
      await serverExited;
    }
  });

  it('exits at once, non-zero, on a second signal while it drains', async () => {
    // Activities that work for a minute: a graceful stop would wait for them.
    const worker = start(await processEnv({ ACTIVITY_LATENCY_MS: '60000' }));
    const line = await ready(worker);
    const client = await connectClient(line.temporal_address);
    try {
      const workflowId = `research-${randomUUID()}`;
      await client.workflow.start<typeof research>('research', {
        taskQueue: line.task_queue,
        workflowId,
        args: [{ topic: 'tides' }],
      });
      await logged(worker, workflowId, 'activity started: searching');
    } finally {
      await client.connection.close();
    }
    worker.child.kill('SIGTERM');
    await worker.jsonLine('stdout', (event) => event.event === 'stopping');
    worker.child.kill('SIGTERM');
    const exit = await worker.finished;
    expect(exit.code).toBe(143);
    expect(exit.stderr).toContain('SIGTERM again: exiting without waiting for in-flight work');
    expect(worker.jsonLines('stdout').map((event) => event.event)).toEqual([
      'development_key',
      'ready',
      'stopping',
    ]);
    expect(await stopsAcceptingConnections(line.temporal_address)).toBe(true);
  });

  it('fails fast with a message naming the setting on an unreachable TEMPORAL_ADDRESS or a bad PORT', async () => {
    const [unreachable, portWord, portRange] = await Promise.all([
      processEnv({ TEMPORAL_ADDRESS: '127.0.0.1:1' }).then((env) => start(env).finished),
      processEnv({ PORT: 'abc' }).then((env) => start(env).finished),
      processEnv({ PORT: '99999' }).then((env) => start(env).finished),
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Cannot connect to Temporal at `127.0.0.1:1` (TEMPORAL_ADDRESS)');
    expect(portWord.code).toBe(1);
    expect(portWord.stderr).toContain('Invalid PORT: expected an integer from 0 to 65535, got `abc`');
    expect(portRange.code).toBe(1);
    expect(portRange.stderr).toContain('got `99999`');
    for (const result of [unreachable, portWord, portRange]) expect(result.stdout).toBe('');
  });
});
