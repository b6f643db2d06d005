/**
 * Bulk actions end to end on a real Temporal dev server (batch operations
 * and visibility need it; the Java test server has neither): the worker
 * process (`app/main.ts`) connects to it by TEMPORAL_ADDRESS, registers the
 * stack's search attributes itself, and serves the API that these tests
 * call over HTTP. Visibility is eventually consistent, so the tests wait on
 * conditions they poll (`until`), never on fixed sleeps. Holds are in
 * ./holds.test.ts.
 */
import { InvalidVisibilityQueryError, startControlBatch } from '../../src/client/batches';
import {
  api,
  controlState,
  finishedBatch,
  listed,
  submit,
  TASKS_PER_TENANT,
  TENANTS,
  until,
  type Tenant,
} from '../support/fleet-api';
import { itReplaysEveryHistory, useFleetServer } from '../support/fleet-process';

const server = useFleetServer();

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
      startControlBatch(server().env.client, {
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

itReplaysEveryHistory(server);
