// Pauses with `drain: 'interrupt'`: a long activity stops at its next safe
// point, the workflow parks, and after the resume the activity continues
// from its progress without repeating a chunk.
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { controlStateQuery, pauseUpdate, PRE_ACTIVITY, PRE_COMPLETION, resumeUpdate } from '../src';
import type { WorkerOptions } from '@temporalio/worker';
import { activityProgressInterceptors } from '../src/activity';
import { createChunkActivities } from './fixtures/interruptible-activities';
import { longActivity, longBesidePlain } from './fixtures/interruptible-workflows';
import { recordedEvents, waitForEvent, waitForHistory, waitUntilProcessed } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/interruptible-workflows') });
const { EventType } = temporal.api.enums.v1;
const TOTAL = 60;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

function createWorker(
  taskQueue: string,
  gates: Gates,
  completedChunks: number[],
  options: Partial<WorkerOptions> = {},
) {
  return harness.createWorker(taskQueue, {
    ...options,
    activities: createChunkActivities(gates, completedChunks),
    interceptors: { activity: [activityProgressInterceptors] },
    // Heartbeats (and with them the interrupt) reach the server at once.
    maxHeartbeatThrottleInterval: '10 ms',
    defaultHeartbeatThrottleInterval: '10 ms',
  });
}

/** Resolves once the workflow asked the server to cancel (interrupt) its activity. */
function cancelRequested(workflowId: string) {
  return waitForHistory(harness.env.client, workflowId, (events) =>
    events.some((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED),
  );
}

describe('interruptible activities', () => {
  it('stop at their next safe point on an interrupting pause, and continue from there after the resume', async () => {
    const gates = new Gates();
    const completedChunks: number[] = [];
    const taskQueue = harness.taskQueue();
    const handle = await harness.start(longActivity, { taskQueue, args: [TOTAL] });
    // The Java test server never moves a task off the sticky queue of a worker
    // that stopped, so the first worker keeps no cache (and no sticky queue).
    const worker = await createWorker(taskQueue, gates, completedChunks, { maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      for (const chunk of range(1, 10)) gates.open(`chunk-${chunk}`);
      await gates.started('chunk-11');
      await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'quota', drain: 'interrupt' }] });
      await cancelRequested(handle.workflowId);
      gates.open('chunk-11'); // its safe point carries the interrupt's answer back
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      // It stopped at its last safe point: after chunk 11, or after chunk 10 when the interrupt
      // reached it first (it then left chunk 11 unfinished); its progress is what it completed.
      const stoppedAt = completedChunks.length;
      expect([10, 11]).toContain(stoppedAt);
      expect(paused).toMatchObject({
        checkpoint: PRE_ACTIVITY,
        interrupted: [{ activity_type: 'chunks', progress: range(1, stoppedAt) }],
      });
      expect(paused.drain_ms).toBeGreaterThanOrEqual(0);
      expect(await handle.query(controlStateQuery)).toMatchObject({
        status: 'paused',
        inFlightActivities: 0,
        interruptedActivities: [{ activityType: 'chunks', progress: range(1, stoppedAt) }],
      });
    });

    // A new worker (the old one is gone): the progress survives replay.
    const restarted = await createWorker(taskQueue, gates, completedChunks);
    await restarted.runUntil(async () => {
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      await gates.started('chunk-12');
      for (const chunk of range(12, TOTAL)) gates.open(`chunk-${chunk}`);
      expect(await handle.result()).toEqual(range(1, TOTAL));
    });
    // Every chunk ran once: the result equals an uninterrupted run, nothing was repeated.
    expect(completedChunks).toEqual(range(1, TOTAL));
  });

  it('are waited for by a default (`finish`) pause, and so are activities without safe points', async () => {
    const gates = new Gates();
    const completedChunks: number[] = [];
    const taskQueue = harness.taskQueue();
    const worker = await createWorker(taskQueue, gates, completedChunks);
    await worker.runUntil(async () => {
      const finishing = await harness.start(longActivity, { taskQueue, args: [3] });
      await gates.started('chunk-1');
      await finishing.executeUpdate(pauseUpdate, { args: [{}] });
      for (const chunk of range(1, 3)) gates.open(`chunk-${chunk}`);
      const paused = await waitForEvent(harness.env.client, finishing.workflowId, 'workflow.paused');
      expect(paused.checkpoint).toBe(PRE_COMPLETION);
      expect(paused.interrupted).toBeUndefined();
      expect(completedChunks).toEqual([1, 2, 3]);
      await finishing.executeUpdate(resumeUpdate, { args: [{}] });
      expect(await finishing.result()).toEqual([1, 2, 3]);

      completedChunks.length = 0;
      const mixed = await harness.start(longBesidePlain, { taskQueue, args: [TOTAL] });
      await Promise.all([gates.started('chunk-4'), gates.started('plain')]);
      await mixed.executeUpdate(pauseUpdate, { args: [{ drain: 'interrupt' }] });
      await cancelRequested(mixed.workflowId);
      gates.open('chunk-4');
      // The interrupted activity stops (its result says where); the plain one still runs: no park yet.
      await waitUntilProcessed(
        harness.env.client,
        mixed.workflowId,
        EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      );
      expect(await mixed.query(controlStateQuery)).toMatchObject({
        status: 'pausing',
        inFlightActivities: 1,
      });
      gates.open('plain');
      const parked = await waitForEvent(harness.env.client, mixed.workflowId, 'workflow.paused');
      expect([3, 4]).toContain(completedChunks.length);
      expect(parked.interrupted).toEqual([{ activity_type: 'chunks', progress: [...completedChunks] }]);
      await mixed.executeUpdate(resumeUpdate, { args: [{}] });
      for (const chunk of range(5, TOTAL)) gates.open(`chunk-${chunk}`);
      expect(await mixed.result()).toEqual([range(1, TOTAL), 'done plain']);
    });
  });

  it('end CANCELED when the workflow is cancelled while interrupted and paused', async () => {
    const gates = new Gates();
    const taskQueue = harness.taskQueue();
    const worker = await createWorker(taskQueue, gates, []);
    await worker.runUntil(async () => {
      const handle = await harness.start(longActivity, { taskQueue, args: [TOTAL] });
      await gates.started('chunk-1');
      await handle.executeUpdate(pauseUpdate, { args: [{ drain: 'interrupt' }] });
      await cancelRequested(handle.workflowId);
      gates.open('chunk-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      await handle.cancel();
      const failure = await handle.result().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      const events = await recordedEvents(harness.env.client, handle.workflowId);
      expect(events.at(-1)).toMatchObject({ type: 'workflow.cancelled', was_paused: true });
    });
  });

  it('replays every history this file produced', async () => {
    expect(await harness.replayAll()).toBe(4);
  });
});
