/**
 * Fleet operations end to end on a real Temporal dev server (batch
 * operations and visibility need it; the Java test server has neither): the
 * worker process (`app/main.ts`) connects to it by TEMPORAL_ADDRESS,
 * registers the stack's search attributes itself, and serves the API that
 * these tests call over HTTP. Visibility is eventually consistent, so the
 * tests wait on conditions they poll (`until`), never on fixed sleeps.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { InvalidVisibilityQueryError, startControlBatch } from '../../src/client/batches';
import { hashApiKey, type ApiKeyConfig } from '../../src/http';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../src/server/embedded-server';
import { createDevServerEnvironment } from '../../src/testing';
import { OPENTELEMETRY_WORKFLOW_INTERCEPTORS_MODULE } from '../../src/worker/tracing';
import { spawnWorkerProcess, workerProcessEnv, type Spawned } from '../support/processes';

const TENANTS = ['north', 'south'] as const;
type Tenant = (typeof TENANTS)[number];
const KEYS: Record<Tenant, string> = { north: `sk_north_${randomUUID()}`, south: `sk_south_${randomUUID()}` };
const KEY_CONFIG: ApiKeyConfig[] = TENANTS.map((tenant) => ({
  key_hash: hashApiKey(KEYS[tenant]),
  user_id: `${tenant}-ops`,
  tenant_id: tenant,
  scopes: ['tasks:read', 'tasks:submit', 'tasks:pause', 'tasks:resume', 'tasks:cancel'],
}));
const TASKS_PER_TENANT = 100;

let env: TestWorkflowEnvironment;
let processEnv: NodeJS.ProcessEnv;
let worker: Spawned | undefined;
let http = '';
const workflowIds: string[] = [];

interface Response<T = Record<string, unknown>> {
  status: number;
  body: T;
}

async function api<T = Record<string, unknown>>(
  tenant: Tenant,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<Response<T>> {
  const response = await fetch(`${http}${url}`, {
    method,
    headers: {
      'x-api-key': KEYS[tenant],
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Polls `check` until it returns a value other than `undefined` (visibility and batches settle on their own time). */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function submit(tenant: Tenant, extra: Record<string, unknown> = {}): Promise<string> {
  const taskId = `t-${randomUUID()}`;
  const { status, body } = await api(tenant, 'POST', '/api/v1/tasks', {
    workflow: 'research',
    input: { topic: 'tides', iterations: 1 },
    task_id: taskId,
    ...extra,
  });
  expect({ status, body }).toMatchObject({ status: 202 });
  workflowIds.push(`${tenant}/${taskId}`);
  return taskId;
}

async function controlState(tenant: Tenant, taskId: string): Promise<Record<string, unknown>> {
  const { status, body } = await api(tenant, 'GET', `/api/v1/tasks/${taskId}/control-state`);
  expect(status).toBe(200);
  return body;
}

async function finishedBatch(tenant: Tenant, batchId: string): Promise<Record<string, unknown>> {
  return until(`batch ${batchId}`, async () => {
    const { body } = await api(tenant, 'GET', `/api/v1/batches/${batchId}`);
    return body.state === 'running' ? undefined : body;
  });
}

/** Tasks of `tenant` that the list reports with `filter`, over every page. */
async function listed(tenant: Tenant, filter: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const page: Response<{ tasks: Array<{ task_id: string }>; next_page_token: string | null }> = await api(
      tenant,
      'GET',
      `/api/v1/tasks?${filter}&page_size=100${token ? `&page_token=${token}` : ''}`,
    );
    expect(page.status).toBe(200);
    ids.push(...page.body.tasks.map((task) => task.task_id));
    token = page.body.next_page_token;
  } while (token);
  return ids.sort();
}

async function startWorkerProcess(): Promise<void> {
  worker = spawnWorkerProcess(processEnv);
  const ready = await worker.jsonLine<{ event: string; http: string }>(
    'stdout',
    (line) => line.event === 'ready',
  );
  http = ready.http;
}

async function stopWorkerProcess(): Promise<void> {
  if (!worker) return;
  worker.child.kill('SIGTERM');
  expect((await worker.finished).code).toBe(0);
  worker = undefined;
}

beforeAll(async () => {
  env = await createDevServerEnvironment({
    server: {
      extraArgs: DEV_SERVER_DYNAMIC_CONFIG.flatMap((setting) => ['--dynamic-config-value', setting]),
    },
  });
  processEnv = await workerProcessEnv({
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_DATA_DIR: undefined,
    API_KEYS: JSON.stringify(KEY_CONFIG),
    API_RATE_LIMIT: 'off',
    // Each task stays in its first activity until cancelled: "running" holds still for the assertions.
    ACTIVITY_LATENCY_MS: '3600000',
  });
  await startWorkerProcess();
}, 180_000);

afterAll(async () => {
  await stopWorkerProcess().catch(() => worker?.child.kill('SIGKILL'));
  await env?.teardown();
});

describe('bulk pause and resume by visibility query', () => {
  it("pauses exactly the tenant's own running tasks, resumes them, refuses bad queries; counts add up", async () => {
    const ids: Record<Tenant, string[]> = { north: [], south: [] };
    for (let round = 0; round < TASKS_PER_TENANT / 10; round++) {
      for (const tenant of TENANTS)
        ids[tenant].push(...(await Promise.all(Array.from({ length: 10 }, () => submit(tenant)))));
    }
    for (const tenant of TENANTS) {
      await until(`${tenant}'s tasks in visibility`, async () =>
        (await listed(tenant, 'workflow_status=Running')).length === TASKS_PER_TENANT ? true : undefined,
      );
      expect(await listed(tenant, 'workflow=research')).toEqual([...ids[tenant]].sort());
    }

    // A query that is malformed, or that tries to leave its parentheses, is refused with the server's reason.
    const bad = await api('north', 'POST', '/api/v1/batches', {
      action: 'pause',
      query: "ExecutionStatus = 'Running",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^Invalid query `ExecutionStatus = 'Running`: /);
    const escape = await api('north', 'POST', '/api/v1/batches', {
      action: 'pause',
      query: "WorkflowType='research') OR (WorkflowType='research'",
    });
    expect(escape.status).toBe(400);
    // The server itself would start a batch on a malformed query, one that never finishes.
    await expect(
      startControlBatch(env.client, {
        action: 'pause',
        query: "ExecutionStatus='Running' AND",
        reason: 'bad',
      }),
    ).rejects.toThrow(InvalidVisibilityQueryError);

    const started = await api('north', 'POST', '/api/v1/batches', {
      action: 'pause',
      query: "WorkflowType='research' AND ExecutionStatus='Running'",
      reason: 'provider outage',
    });
    expect(started).toMatchObject({
      status: 202,
      body: {
        action: 'pause',
        state: 'running',
        query: "(WorkflowType='research' AND ExecutionStatus='Running') AND CheckpointTenant='north'",
      },
    });
    const batchId = started.body.batch_id as string;
    // Another tenant's batch is not found.
    expect((await api('south', 'GET', `/api/v1/batches/${batchId}`)).status).toBe(404);
    const paused = await finishedBatch('north', batchId);
    expect(paused).toMatchObject({
      state: 'completed',
      total: TASKS_PER_TENANT,
      succeeded: TASKS_PER_TENANT,
      failed: 0,
    });
    expect((paused.succeeded as number) + (paused.failed as number)).toBe(paused.total);

    for (const taskId of ids.north) {
      // The signal is in the history once the batch has sent it; the query answers after it.
      expect(await controlState('north', taskId)).toMatchObject({
        pause_reason: 'provider outage',
        paused_by: 'north-ops',
      });
      expect(['pausing', 'paused']).toContain((await controlState('north', taskId)).status);
    }
    for (const taskId of ids.south)
      expect(await controlState('south', taskId)).toMatchObject({ status: 'running' });

    // The workflows publish their status (pausing, or paused where no activity had started yet).
    await until('the pause in visibility', async () => {
      const count = (await listed('north', 'control_status=pausing')).length;
      return count + (await listed('north', 'control_status=paused')).length === TASKS_PER_TENANT
        ? true
        : undefined;
    });
    expect(await listed('south', 'control_status=running')).toEqual([...ids.south].sort());
    const resume = await api('north', 'POST', '/api/v1/batches', {
      action: 'resume',
      query: "CheckpointStatus IN ('pausing', 'paused')",
    });
    expect(resume.status).toBe(202);
    const resumed = await finishedBatch('north', resume.body.batch_id as string);
    expect(resumed).toMatchObject({
      state: 'completed',
      total: TASKS_PER_TENANT,
      succeeded: TASKS_PER_TENANT,
      failed: 0,
    });
    for (const taskId of ids.north)
      expect(await controlState('north', taskId)).toMatchObject({ status: 'running' });

    // Cancel by query too: every task of both tenants ends, nothing stays in flight.
    for (const tenant of TENANTS) {
      const cancel = await api(tenant, 'POST', '/api/v1/batches', {
        action: 'cancel',
        query: "ExecutionStatus='Running'",
      });
      expect(await finishedBatch(tenant, cancel.body.batch_id as string)).toMatchObject({
        state: 'completed',
        succeeded: TASKS_PER_TENANT,
      });
      await until(`${tenant}'s tasks cancelled`, async () =>
        (await listed(tenant, 'workflow_status=Canceled')).length === TASKS_PER_TENANT ? true : undefined,
      );
    }
  }, 300_000);
});

describe('start paused and holds', () => {
  it('starts a task paused at pre_execution: no activity is scheduled until it is resumed', async () => {
    const taskId = await submit('north', { start_paused: true, reason: 'check the input' });
    const parked = await until('the task to park', async () => {
      const state = await controlState('north', taskId);
      return state.status === 'paused' ? state : undefined;
    });
    expect(parked).toMatchObject({
      checkpoint: 'pre_execution',
      pause_reason: 'check the input',
      in_flight_activities: 0,
    });
    const handle = env.client.workflow.getHandle(`north/${taskId}`);
    const scheduled = async () =>
      ((await handle.fetchHistory()).events ?? []).findIndex(
        (event) => event.activityTaskScheduledEventAttributes,
      );
    expect(await scheduled()).toBe(-1);

    expect((await api('north', 'POST', `/api/v1/tasks/${taskId}/resume`)).status).toBe(202);
    const first = await until('the first activity', async () =>
      (await scheduled()) >= 0 ? scheduled() : undefined,
    );
    const events = (await handle.fetchHistory()).events ?? [];
    const resumedAt = events.findIndex((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    expect(resumedAt).toBeGreaterThan(-1);
    expect(first).toBeGreaterThan(resumedAt);
    await handle.cancel();
  });

  it('holds 20 submissions across a process restart; its release resumes exactly those 20', async () => {
    // Paused for another reason before the hold: the release must leave it alone.
    const other = await submit('north', { start_paused: true, reason: 'another reason' });
    const hold = await api('north', 'POST', '/api/v1/holds', {
      workflow: 'research',
      reason: 'deploying v2',
    });
    expect(hold).toMatchObject({
      status: 201,
      body: { workflow: 'research', reason: 'deploying v2', held: 0 },
    });
    const holdId = hold.body.hold_id as string;
    expect((await api('north', 'POST', '/api/v1/holds', { workflow: 'research' })).status).toBe(409);

    const held = await Promise.all(Array.from({ length: 10 }, () => submit('north')));
    const southTask = await submit('south');
    await stopWorkerProcess();
    await startWorkerProcess();
    // The hold is still on: it lives in Temporal, not in the process.
    held.push(...(await Promise.all(Array.from({ length: 10 }, () => submit('north')))));

    for (const taskId of held) {
      await until(`${taskId} to park`, async () =>
        (await controlState('north', taskId)).status === 'paused' ? true : undefined,
      );
      expect(await controlState('north', taskId)).toMatchObject({
        checkpoint: 'pre_execution',
        pause_reason: 'deploying v2',
      });
    }
    expect(await controlState('south', southTask)).toMatchObject({ status: 'running' });
    await until('the hold to count 20', async () => {
      const { body } = await api<{ holds: Array<{ hold_id: string; held: number }> }>(
        'north',
        'GET',
        '/api/v1/holds',
      );
      return body.holds.find((entry) => entry.hold_id === holdId)?.held === 20 ? true : undefined;
    });

    const release = await api('north', 'DELETE', `/api/v1/holds/${holdId}`);
    expect(release).toMatchObject({ status: 200, body: { hold_id: holdId, released: 20 } });
    expect(await finishedBatch('north', release.body.batch_id as string)).toMatchObject({
      state: 'completed',
      total: 20,
      succeeded: 20,
      failed: 0,
    });
    for (const taskId of held)
      expect(await controlState('north', taskId)).toMatchObject({ status: 'running' });
    expect(await controlState('north', other)).toMatchObject({
      status: 'paused',
      pause_reason: 'another reason',
    });
    expect((await api('north', 'GET', '/api/v1/holds')).body).toEqual({ holds: [] });
    expect((await api('north', 'DELETE', `/api/v1/holds/${holdId}`)).status).toBe(404);

    // A new task starts as usual once the hold is gone.
    const free = await submit('north');
    expect(await controlState('north', free)).toMatchObject({ status: 'running' });
    const cancel = await api('north', 'POST', '/api/v1/batches', {
      action: 'cancel',
      query: "ExecutionStatus='Running'",
    });
    await finishedBatch('north', cancel.body.batch_id as string);
    await api('south', 'POST', `/api/v1/tasks/${southTask}/cancel`);
  }, 180_000);
});

it('replays every history this file produced without a nondeterminism error', async () => {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({
      workflowId,
      history: await env.client.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    {
      workflowsPath: require.resolve('../../workflows'),
      // The worker process's own modules: the OpenTelemetry interceptors change when an update's result is sent.
      interceptors: {
        workflowModules: [
          require.resolve('../../workflows/interceptors'),
          OPENTELEMETRY_WORKFLOW_INTERCEPTORS_MODULE,
        ],
      },
      sinks: { exporter: { export: { fn: () => undefined } } },
    },
    histories,
  )) {
    expect(result.error).toBeUndefined();
    replayed++;
  }
  expect(replayed).toBe(workflowIds.length);
}, 180_000);
