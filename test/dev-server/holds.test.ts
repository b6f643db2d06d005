/**
 * Start paused and holds end to end on a real Temporal dev server (the
 * holds need visibility): the worker process (`app/main.ts`) serves the API
 * that these tests call over HTTP, and is restarted while a hold is on.
 * Visibility is eventually consistent, so the tests wait on conditions they
 * poll (`until`), never on fixed sleeps.
 */
import { HOLDS_WORKFLOW_TYPE, holdsQuery } from '../../src/common/holds';
import { waitForEvent, waitForHistory } from '../support/control';
import { api, controlState, finishedBatch, listed, submit, until } from '../support/fleet-api';
import { itReplaysEveryHistory, useFleetServer } from '../support/fleet-process';

const server = useFleetServer();

/** The id of the running holds workflow that keeps hold `holdId`, once visibility lists it. */
async function holdsWorkflowKeeping(holdId: string): Promise<string | undefined> {
  const { client } = server().env;
  const query = `WorkflowType='${HOLDS_WORKFLOW_TYPE}' AND ExecutionStatus='Running'`;
  for await (const workflow of client.workflow.list({ query })) {
    const holds = await client.workflow.getHandle(workflow.workflowId).query(holdsQuery);
    if (holds.some((hold) => hold.holdId === holdId)) return workflow.workflowId;
  }
  return undefined;
}

describe('start paused and holds', () => {
  it('starts a task paused at pre_execution: no activity is scheduled until it is resumed', async () => {
    const taskId = await submit('north', { start_paused: true, reason: 'check the input' });
    await waitForEvent(server().env.client, `north/${taskId}`, 'workflow.paused');
    expect(await controlState('north', taskId)).toMatchObject({
      status: 'paused',
      checkpoint: 'pre_execution',
      pause_reason: 'check the input',
      in_flight_activities: 0,
    });
    const handle = server().env.client.workflow.getHandle(`north/${taskId}`);
    const scheduled = async () =>
      ((await handle.fetchHistory()).events ?? []).findIndex(
        (event) => event.activityTaskScheduledEventAttributes,
      );
    expect(await scheduled()).toBe(-1);

    expect((await api('north', 'POST', `/api/v1/tasks/${taskId}/resume`)).status).toBe(202);
    const events = await waitForHistory(server().env.client, `north/${taskId}`, (history) =>
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
    // The tenant's holds workflow keeps the hold, and its id does not name the tenant.
    const holdsWorkflowId = await until('the holds workflow in visibility', () =>
      holdsWorkflowKeeping(holdId),
    );
    expect(holdsWorkflowId).not.toContain('north');
    expect((await api('north', 'POST', '/api/v1/holds', { workflow: 'research' })).status).toBe(409);

    const held = await Promise.all(Array.from({ length: 10 }, () => submit('north')));
    const southTask = await submit('south');
    await server().restartWorkerProcess();
    // The new process finds the same holds workflow: the key it derives the id with lives in Temporal.
    expect(await holdsWorkflowKeeping(holdId)).toBe(holdsWorkflowId);
    // The hold is still on: it lives in Temporal, not in the process.
    held.push(...(await Promise.all(Array.from({ length: 10 }, () => submit('north')))));

    for (const taskId of held) {
      await waitForEvent(server().env.client, `north/${taskId}`, 'workflow.paused');
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
    await waitForEvent(server().env.client, `north/${secondLook}`, 'workflow.paused');
    expect((await api('north', 'POST', `/api/v1/tasks/${secondLook}/resume`)).status).toBe(202);
    expect(
      (await api('north', 'POST', `/api/v1/tasks/${secondLook}/pause`, { reason: 'second look' })).status,
    ).toBe(202);
    await until('the second look in visibility', async () =>
      (await listed('north', 'control_status=pausing')).includes(secondLook) ? true : undefined,
    );
    // Its current pause is not the hold's: the hold does not count it.
    const { body: listedHolds } = await api('north', 'GET', '/api/v1/holds');
    expect(listedHolds).toMatchObject({ holds: [{ hold_id: holdId, held: 20 }] });

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

itReplaysEveryHistory(server);
