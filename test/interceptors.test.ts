import { WorkflowFailedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import {
  AWAITING_CHILDREN,
  INVALID_CONTROL_REQUEST,
  controlStateQuery,
  pauseSignal,
  pauseUpdate,
  PRE_ACTIVITY,
  PRE_COMPLETION,
  resumeUpdate,
  type ControlEvent,
  type ControlEventType,
  type ControlState,
} from '../src';
import { createGatedActivities } from './fixtures/gated-activities';
import {
  completionOnly,
  finishSignal,
  lateParent,
  optedOut,
  parallel,
  parent,
  selfConfigured,
  sequential,
  spawnSignal,
} from './fixtures/plain-workflows';
import { recordedEvents, scheduledActivityArgs, waitForChildStarted, waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';

const harness = useHarness({
  workflowsPath: require.resolve('./fixtures/plain-workflows'),
  workflowInterceptorModules: [require.resolve('./fixtures/configured-interceptors')],
});

async function withWorker<T>(gates: Gates, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = harness.taskQueue();
  const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
  return worker.runUntil(body(taskQueue));
}

async function eventTypes(client: Client, workflowId: string): Promise<ControlEventType[]> {
  return (await recordedEvents(client, workflowId)).map((event) => event.type);
}

function childStatuses(state: ControlState): Record<string, string> {
  return Object.fromEntries((state.children ?? []).map((child) => [child.workflowId, child.status]));
}

describe('the workflow interceptors', () => {
  it('pause an unmodified workflow after its running activity, before the next one', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(sequential, { taskQueue, args: ['a'] });
      await gates.started('a1');
      expect((await handle.query(controlStateQuery)).inFlightActivities).toBe(1);
      await handle.signal(pauseSignal, { reason: 'interceptors' });
      gates.open('a1');
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused.checkpoint).toBe(PRE_ACTIVITY);
      expect(await handle.query(controlStateQuery)).toMatchObject({
        status: 'paused',
        inFlightActivities: 0,
      });
      gates.open('a2');
      gates.open('a3');
      await harness.env.sleep('1 day');
      expect(await scheduledActivityArgs(handle)).toEqual(['a1']);
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      expect(await handle.result()).toEqual(['done a1', 'done a2', 'done a3']);
      expect(await scheduledActivityArgs(handle)).toEqual(['a1', 'a2', 'a3']);
    });
  });

  it('reach paused only after all parallel activities finished, and say so once', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(parallel, { taskQueue });
      await Promise.all([gates.started('p1'), gates.started('p2'), gates.started('p3')]);
      const pausing = await handle.executeUpdate(pauseUpdate, { args: [{}] });
      expect(pausing).toMatchObject({ status: 'pausing', inFlightActivities: 3 });
      gates.open('p1');
      gates.open('p2');
      gates.open('p3');
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused.checkpoint).toBe(PRE_ACTIVITY);
      const history = await handle.fetchHistory();
      const completedBeforePause = (history.events ?? []).filter(
        (event) =>
          event.activityTaskCompletedEventAttributes &&
          Number(event.eventId) < eventIdOfPause(history.events ?? []),
      );
      expect(completedBeforePause).toHaveLength(3);
      gates.open('after');
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      expect(await handle.result()).toEqual(['done p1', 'done p2', 'done p3', 'done after']);
      const types = await eventTypes(harness.env.client, handle.workflowId);
      expect(types.filter((type) => type === 'workflow.paused')).toHaveLength(1);
    });
  });

  it('cascade pause and resume to children, including one started after the pause', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(lateParent, { taskQueue, args: [['c1', 'c2'], 3] });
      const ids = ['c1', 'c2', 'late'].map((label) => `${handle.workflowId}-${label}`);
      harness.track(...ids);
      await Promise.all([gates.started('c1-1'), gates.started('c2-1')]);
      await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'family pause' }] });
      gates.open('c1-1');
      gates.open('c2-1');
      for (const id of ids.slice(0, 2)) {
        const childPaused = await waitForEvent(harness.env.client, id, 'workflow.paused');
        expect(childPaused).toMatchObject({ checkpoint: PRE_ACTIVITY, reason: 'family pause' });
      }
      const parentPaused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(parentPaused.checkpoint).toBe(AWAITING_CHILDREN);

      // Started while the parent is paused: it starts paused.
      await handle.signal(spawnSignal, 'late');
      await waitForChildStarted(harness.env.client, handle.workflowId, ids[2]);
      await waitForEvent(harness.env.client, ids[2], 'workflow.paused');
      const state = await handle.query(controlStateQuery);
      expect(state.status).toBe('paused');
      expect(childStatuses(state)).toEqual(Object.fromEntries(ids.map((id) => [id, 'paused'])));
      expect(await scheduledActivityArgs(harness.env.client.workflow.getHandle(ids[2]))).toEqual([]);

      for (const label of ['c1-2', 'c2-2', 'late-1', 'late-2']) gates.open(label);
      await handle.executeUpdate(resumeUpdate, { args: [{ requestedBy: 'ops' }] });
      expect(await handle.result()).toEqual([
        ['done c1-1', 'done c1-2'],
        ['done c2-1', 'done c2-2'],
        ['done late-1', 'done late-2'],
      ]);
      for (const id of ids) {
        expect(await eventTypes(harness.env.client, id)).toEqual([
          'workflow.pausing',
          'workflow.paused',
          'workflow.resumed',
          'workflow.completed',
        ]);
      }
    });
  });

  it('report the parent pausing until every child has parked', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(parent, { taskQueue, args: [['slow', 'fast']] });
      harness.track(`${handle.workflowId}-slow`, `${handle.workflowId}-fast`);
      await Promise.all([gates.started('slow-1'), gates.started('fast-1')]);
      await handle.executeUpdate(pauseUpdate, { args: [{}] });
      gates.open('fast-1');
      await waitForEvent(harness.env.client, `${handle.workflowId}-fast`, 'workflow.paused');
      const meanwhile = await handle.query(controlStateQuery);
      expect(meanwhile.status).toBe('pausing');
      expect(childStatuses(meanwhile)[`${handle.workflowId}-fast`]).toBe('paused');
      gates.open('slow-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      for (const label of ['slow-2', 'fast-2']) gates.open(label);
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      expect(await handle.result()).toHaveLength(2);
    });
  });

  it('cascade cancellation to paused children', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(parent, { taskQueue, args: [['x', 'y']] });
      const ids = ['x', 'y'].map((label) => `${handle.workflowId}-${label}`);
      harness.track(...ids);
      await Promise.all([gates.started('x-1'), gates.started('y-1')]);
      await handle.executeUpdate(pauseUpdate, { args: [{}] });
      gates.open('x-1');
      gates.open('y-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      await handle.cancel();
      const error = await handle.result().catch((error: unknown) => error);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      for (const id of ids) {
        const child = harness.env.client.workflow.getHandle(id);
        await child.result().catch(() => undefined);
        expect((await child.describe()).status.name).toBe('CANCELLED');
        const events = await recordedEvents(harness.env.client, id);
        expect(events.at(-1)).toMatchObject({ type: 'workflow.cancelled', was_paused: true });
      }
    });
  });

  it('honour a workflow type configured without automatic checkpoints', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(optedOut, { taskQueue, args: ['o'] });
      await gates.started('o1');
      await handle.signal(pauseSignal);
      for (const label of ['o1', 'o2', 'o3']) gates.open(label);
      expect(await handle.result()).toEqual(['done o1', 'done o2', 'done o3']);
      expect(await eventTypes(harness.env.client, handle.workflowId)).toEqual([
        'workflow.pausing',
        'workflow.completed',
      ]);
    });
  });

  it('honour the automatic checkpoints a workflow chooses for itself', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(completionOnly, { taskQueue, args: ['k'] });
      await gates.started('k1');
      await handle.signal(pauseSignal);
      for (const label of ['k1', 'k2', 'k3']) gates.open(label);
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused.checkpoint).toBe(PRE_COMPLETION);
      expect(await scheduledActivityArgs(handle)).toEqual(['k1', 'k2', 'k3']);
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      expect(await handle.result()).toEqual(['done k1', 'done k2', 'done k3']);
    });
  });

  it("apply the options a workflow passes to its own installControl() over the worker's", async () => {
    await withWorker(new Gates(), async (taskQueue) => {
      const handle = await harness.start(selfConfigured, { taskQueue });
      for (const round of [1, 2]) {
        await handle.executeUpdate(pauseUpdate, { args: [{ reason: `round ${round}` }] });
        await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused', (round - 1) * 3);
        // validateResumeInput: a resume whose input is not a string is refused.
        const refused = handle.executeUpdate(resumeUpdate, { args: [{ input: 42 }] });
        await expect(refused).rejects.toThrow(WorkflowUpdateFailedError);
        const cause = await refused.catch((error: WorkflowUpdateFailedError) => error.cause);
        expect(cause).toMatchObject({
          type: INVALID_CONTROL_REQUEST,
          message: 'Invalid resume `input`: expected a string',
        });
        await handle.executeUpdate(resumeUpdate, { args: [{ input: 'go on' }] });
      }
      await handle.signal(finishSignal);
      // auditLimit: 1, so two ended pauses leave one record.
      expect(await handle.result()).toBe(1);
    });
  });

  it('replays every history this file produced', async () => {
    expect(await harness.replayAll()).toBeGreaterThanOrEqual(15);
  });
});

/** Event id of the `workflow.paused` memo upsert. */
function eventIdOfPause(events: temporal.api.history.v1.IHistoryEvent[]): number {
  const paused = events.find((event) => {
    const data =
      event.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields?.['temporal-checkpoint.event']
        ?.data;
    return (
      data && (JSON.parse(Buffer.from(data).toString('utf8')) as ControlEvent).type === 'workflow.paused'
    );
  });
  return Number(paused?.eventId ?? 0);
}
