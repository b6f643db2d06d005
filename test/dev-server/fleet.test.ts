/**
 * Fleet operations end to end on a real Temporal dev server (batch
 * operations and visibility need it; the Java test server has neither): the
 * worker process (`app/main.ts`) connects to it by TEMPORAL_ADDRESS,
 * registers the stack's search attributes itself, and serves the API that
 * these tests call over HTTP. Visibility is eventually consistent, so the
 * tests wait on conditions they poll (`until`), never on fixed sleeps.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { InvalidVisibilityQueryError, startControlBatch } from '../../src/client/batches';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../app/embedded-server';
import { createDevServerEnvironment } from '../../src/testing';
import {
  api,
  controlState,
  finishedBatch,
  fleet,
  KEY_CONFIG,
  listed,
  submit,
  TASKS_PER_TENANT,
  TENANTS,
  until,
  type Tenant,
} from '../support/fleet-api';
import { waitForEvent, waitForHistory } from '../support/control';
import { expectCleanReplays } from '../support/process-replay';
import { spawnWorkerProcess, workerProcessEnv, type Spawned } from '../support/processes';

let env: TestWorkflowEnvironment;
let processEnv: NodeJS.ProcessEnv;
let worker: Spawned | undefined;

async function startWorkerProcess(): Promise<void> {
  worker = spawnWorkerProcess(processEnv);
  const ready = await worker.jsonLine<{ event: string; http: string }>(
    'stdout',
    (line) => line.event === 'ready',
  );
  fleet.http = ready.http;
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
    // A list filter the server does not know is a 400 too: the pinned dev
    // server (Temporal 1.29) predates the `Paused` execution status.
    const unknownStatus = await api('north', 'GET', '/api/v1/tasks?workflow_status=Paused');
    expect(unknownStatus.status).toBe(400);
    expect(unknownStatus.body.error).toMatch(/^The server refused the list filters: .*Paused/);
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
        // Narrowed to the caller's own tasks: the key is not an admin.
        query:
          "(WorkflowType='research' AND ExecutionStatus='Running') AND CheckpointTenant='north' AND CheckpointOwner='north-ops'",
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
    await waitForEvent(env.client, `north/${taskId}`, 'workflow.paused');
    expect(await controlState('north', taskId)).toMatchObject({
      status: 'paused',
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
    const events = await waitForHistory(env.client, `north/${taskId}`, (history) =>
      history.some((event) => event.activityTaskScheduledEventAttributes),
    );
    const first = events.findIndex((event) => event.activityTaskScheduledEventAttributes);
    const resumedAt = events.findIndex((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    expect(resumedAt).toBeGreaterThan(-1);
    expect(first).toBeGreaterThan(resumedAt);
    await handle.cancel();
  });

  it('holds 20 submissions across a process restart; its release resumes exactly those still in its pause', async () => {
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
      await waitForEvent(env.client, `north/${taskId}`, 'workflow.paused');
      expect(await controlState('north', taskId)).toMatchObject({
        status: 'paused',
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

    // Held, resumed by hand, then paused again by hand: the release must not end that second pause.
    const secondLook = await submit('north');
    await waitForEvent(env.client, `north/${secondLook}`, 'workflow.paused');
    expect((await api('north', 'POST', `/api/v1/tasks/${secondLook}/resume`)).status).toBe(202);
    expect(
      (await api('north', 'POST', `/api/v1/tasks/${secondLook}/pause`, { reason: 'second look' })).status,
    ).toBe(202);
    await until('the second look in visibility', async () =>
      (await listed('north', 'control_status=pausing')).includes(secondLook) ? true : undefined,
    );

    const release = await api('north', 'DELETE', `/api/v1/holds/${holdId}`);
    expect(release).toEqual({ status: 200, body: { hold_id: holdId, released: 20 } });
    expect(await controlState('north', secondLook)).toMatchObject({
      status: 'pausing',
      pause_reason: 'second look',
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
  await expectCleanReplays(env.client, fleet.workflowIds);
}, 180_000);
