import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TaskControl } from '../src/client';
import { OWNER_MEMO_KEY } from '../src/common/ownership';
import { hashApiKey } from '../src/http';
import { ensureTestServer, waitForPort } from '../src/testing';
import type { research } from '../workflows';
import { waitForEvent } from './support/control';
import { isAlive, isLoopbackAddress, listeningAddresses, processTree } from './support/process-tree';
import {
  freePort,
  spawnNpmStart,
  spawnWorkerProcess,
  workerProcessEnv,
  type Spawned,
} from './support/processes';

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

/** The lifecycle lines of a run with the development key that stopped gracefully. */
const WHOLE_LIFE = ['development_key', 'ready', 'stopping', 'stopped'];

/** The lifecycle events a worker process printed so far. */
function lifecycle(worker: Spawned): unknown[] {
  return worker.jsonLines('stdout').map((event) => event.event);
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
function npmStart(env: NodeJS.ProcessEnv): Spawned {
  const npm = spawnNpmStart(env);
  running.push(npm);
  return npm;
}

/** The history events of a workflow, by kind (`activityTaskCompleted`, ...). */
async function eventKinds(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).map(
    (event) =>
      Object.keys(event)
        .find((key) => key.endsWith('EventAttributes'))
        ?.replace(/EventAttributes$/, '') ?? '',
  );
}

/** Calls the worker process's API with the development key. */
async function api(line: Ready, method: 'GET' | 'POST', url: string, body?: unknown, key = 'sk_test_123456') {
  const response = await fetch(`${line.http}${url}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const dataDirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'temporal-data-'));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  // A failed test must not leave a worker process (or its embedded server) behind.
  for (const worker of running.splice(0)) {
    for (const pid of worker.child.pid ? processTree(worker.child.pid).reverse() : [])
      process.kill(pid, 'SIGKILL');
  }
});

describe('worker process', () => {
  it('starts an embedded server, serves /healthz, runs research through pause and resume, and stops on SIGTERM', async () => {
    const env = await workerProcessEnv({});
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
    expect(lifecycle(worker)).toEqual(WHOLE_LIFE);
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
      const env = await workerProcessEnv({
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
    const worker = start(await workerProcessEnv({ ACTIVITY_LATENCY_MS: '60000' }));
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
    // The same signal delivered twice is one stop; the process says when another one is a request of its own.
    await worker.line('stderr', (text) => text.includes('SIGTERM again exits at once'));
    worker.child.kill('SIGTERM');
    const exit = await worker.finished;
    expect(exit.code).toBe(143);
    expect(exit.stderr).toContain('SIGTERM again: exiting without waiting for in-flight work');
    expect(lifecycle(worker)).toEqual(WHOLE_LIFE.slice(0, 3));
    expect(await stopsAcceptingConnections(line.temporal_address)).toBe(true);
  });

  it('ends non-zero, saying so, when its embedded server exits under it', async () => {
    const worker = start(await workerProcessEnv({}));
    const line = await ready(worker);
    const port = line.temporal_address.split(':')[1];
    const [server] = processTree(worker.child.pid as number).filter((pid) =>
      listeningAddresses([pid]).some((address) => address.endsWith(`:${port}`)),
    );
    process.kill(server, 'SIGKILL');
    const exit = await worker.finished;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('the embedded Temporal dev server exited (signal SIGKILL): exiting');
    expect(lifecycle(worker)).toEqual(['development_key', 'ready']);
  });

  it('fails fast with a message naming the setting on an unreachable TEMPORAL_ADDRESS or a bad PORT', async () => {
    const [unreachable, portWord, portRange] = await Promise.all([
      workerProcessEnv({ TEMPORAL_ADDRESS: '127.0.0.1:1' }).then((env) => start(env).finished),
      workerProcessEnv({ PORT: 'abc' }).then((env) => start(env).finished),
      workerProcessEnv({ PORT: '99999' }).then((env) => start(env).finished),
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

describe('npm start as a service', () => {
  it('listens on loopback only, leaves no process after SIGTERM to npm, and keeps a paused task paused across a restart', async () => {
    const env = await workerProcessEnv({ TEMPORAL_DATA_DIR: dataDir(), ACTIVITY_LATENCY_MS: '200' });
    const first = npmStart(env);
    const line = await ready(first);
    expect(line).toMatchObject({
      embedded_server: 'dev-server',
      database: path.join(env.TEMPORAL_DATA_DIR as string, 'temporal.db'),
    });
    const tree = processTree(first.child.pid as number);
    // npm, node (the worker process, exec'd by npm's shell) and the dev server.
    expect(tree.length).toBeGreaterThanOrEqual(3);
    const listening = listeningAddresses(tree);
    expect(listening).toContain(line.temporal_address);
    expect(listening.filter((address) => !isLoopbackAddress(address))).toEqual([]);

    const taskId = `research-${randomUUID()}`;
    expect(
      await api(line, 'POST', '/api/v1/tasks', {
        workflow: 'research',
        task_id: taskId,
        input: { topic: 'wind', iterations: 2 },
      }),
    ).toMatchObject({ status: 202 });
    expect(await api(line, 'POST', `/api/v1/tasks/${taskId}/pause`, { reason: 'overnight' })).toMatchObject({
      status: 202,
    });
    let client = await connectClient(line.temporal_address);
    // The task lives in the development tenant's id space.
    await waitForEvent(client, `dev/${taskId}`, 'workflow.paused');
    await client.connection.close();

    process.kill(first.child.pid as number, 'SIGTERM');
    expect((await first.finished).code).toBe(0);
    expect(tree.filter(isAlive)).toEqual([]);

    const second = npmStart({ ...env, PORT: String(await freePort()) });
    const again = await ready(second);
    const state = await api(again, 'GET', `/api/v1/tasks/${taskId}/control-state`);
    expect(state).toMatchObject({ status: 200, body: { status: 'paused', pause_reason: 'overnight' } });
    expect(await api(again, 'POST', '/api/v1/tasks', { workflow: 'research', task_id: taskId })).toEqual({
      status: 409,
      body: { error: 'task already exists' },
    });
    expect(await api(again, 'POST', `/api/v1/tasks/${taskId}/resume`, {})).toMatchObject({ status: 202 });
    client = await connectClient(again.temporal_address);
    try {
      const report = await client.workflow.getHandle<typeof research>(`dev/${taskId}`).result();
      expect(report.findings).toHaveLength(2);
    } finally {
      await client.connection.close();
    }
    process.kill(second.child.pid as number, 'SIGTERM');
    expect((await second.finished).code).toBe(0);
  }, 240_000);

  it.each([
    ['Ctrl-C (a SIGINT to the whole process group)', 'SIGINT'],
    ['a SIGTERM to the whole process group, as systemd and other supervisors send it', 'SIGTERM'],
  ] as const)(
    'drains the in-flight activity on %s and loses no result',
    async (_, signal) => {
      const env = await workerProcessEnv({ TEMPORAL_DATA_DIR: dataDir(), ACTIVITY_LATENCY_MS: '3000' });
      const npm = npmStart(env);
      const line = await ready(npm);
      const workflowId = `research-${randomUUID()}`;
      const client = await connectClient(line.temporal_address);
      try {
        await client.workflow.start<typeof research>('research', {
          taskQueue: line.task_queue,
          workflowId,
          args: [{ topic: 'tides', iterations: 1 }],
        });
      } finally {
        await client.connection.close();
      }
      await logged(npm, workflowId, 'activity started: searching');
      // The signal goes to every process of the group: npm forwards it to the worker process, which gets it twice.
      process.kill(-(npm.child.pid as number), signal);
      const exit = await npm.finished;
      expect(exit.code).toBe(0);
      expect(lifecycle(npm)).toEqual(WHOLE_LIFE);

      const after = start({ ...env, PORT: String(await freePort()) });
      const again = await ready(after);
      const reader = await connectClient(again.temporal_address);
      try {
        const kinds = await eventKinds(reader, workflowId);
        expect(kinds).toContain('activityTaskCompleted');
        expect(kinds).not.toContain('activityTaskFailed');
        expect(kinds).not.toContain('activityTaskTimedOut');
      } finally {
        await reader.connection.close();
      }
    },
    240_000,
  );

  it('answers a request still in flight at the shutdown deadline with 503 and exits 0', async () => {
    const worker = start(await workerProcessEnv({ HTTP_SHUTDOWN_TIMEOUT_MS: '1000' }));
    const line = await ready(worker);
    const client = await connectClient(line.temporal_address);
    const workflowId = `stalled-${randomUUID()}`;
    try {
      // No worker polls this queue: a pause waits for a workflow task that never runs.
      await client.workflow.start('research', {
        taskQueue: `nobody-${randomUUID()}`,
        workflowId,
        args: [{ topic: 'none' }],
        memo: { [OWNER_MEMO_KEY]: { user_id: 'dev', tenant_id: 'dev' } },
      });
    } finally {
      await client.connection.close();
    }
    const pause = api(line, 'POST', `/api/v1/tasks/${workflowId}/pause`, {});
    // Sent after the pause and answered: the pause has reached the server by now.
    expect((await fetch(`${line.http}/healthz`)).status).toBe(200);
    worker.child.kill('SIGTERM');
    expect(await pause).toEqual({ status: 503, body: { error: 'The server is shutting down' } });
    expect((await worker.finished).code).toBe(0);
  });

  it('refuses the development key once keys are configured, and refuses bad key settings at start', async () => {
    const key = `sk_${randomUUID()}`;
    const keys = JSON.stringify([
      { key_hash: hashApiKey(key), user_id: 'ann', tenant_id: 'acme', scopes: ['tasks:read'] },
    ]);
    const worker = start(await workerProcessEnv({ API_KEYS: keys }));
    const line = await ready(worker);
    expect((await api(line, 'GET', '/openapi.json')).status).toBe(401);
    expect((await api(line, 'GET', '/openapi.json', undefined, key)).status).toBe(200);
    expect(lifecycle(worker)).toEqual(['ready']);

    const [open, malformed] = await Promise.all([
      workerProcessEnv({ HOST: '0.0.0.0' }).then((env) => start(env).finished),
      workerProcessEnv({ API_KEYS: '[{"key_hash": "nope"' }).then((env) => start(env).finished),
    ]);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('Invalid HOST: expected a loopback address');
    expect(open.stderr).toContain('set API_KEYS or API_KEYS_FILE');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('Invalid API_KEYS: expected a JSON array of keys');
    worker.child.kill('SIGTERM');
    expect((await worker.finished).code).toBe(0);
  });

  it('falls back to the Java test server, on loopback, with a warning, when no Temporal CLI can be had', async () => {
    const empty = dataDir();
    const worker = start(
      await workerProcessEnv({
        // No `temporal` and no `go` on this PATH; no cached CLI under these folders.
        PATH: '/usr/bin:/bin',
        TEMPORAL_CLI_DIR: empty,
        XDG_CACHE_HOME: empty,
      }),
    );
    const line = await ready(worker);
    expect(line).toMatchObject({
      embedded_server: 'test-server',
      server_source: 'java-test-server',
      web_ui: null,
    });
    const listening = listeningAddresses(processTree(worker.child.pid as number));
    const temporalPort = line.temporal_address.split(':')[1];
    expect(listening.some((address) => address.endsWith(`:${temporalPort}`))).toBe(true);
    expect(listening.filter((address) => !isLoopbackAddress(address))).toEqual([]);
    worker.child.kill('SIGTERM');
    const exit = await worker.finished;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('warning: running the Java test server because no Temporal CLI was found');
    expect(exit.stderr).toContain('nothing persists across restarts');
    expect(exit.stderr).not.toContain('activity_failure_include_heartbeat');
  });
});
