// The promises at the edges, without the interceptors: "drained" holds for
// an activity the workflow did not await, and the event stream of a task is
// one gap-free sequence across its continue-as-new chain.
import { temporal } from '@temporalio/proto';
import {
  controlStateQuery,
  pauseUpdate,
  PRE_EXECUTION,
  resumeSignal,
  resumeUpdate,
  type ControlEvent,
} from '../src';
import { readControlEvents } from '../src/client/events';
import { createGatedActivities } from './fixtures/gated-activities';
import { background, generations } from './fixtures/control-workflows';
import { recordedEvents, waitForEvent, waitUntilProcessed } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });
const { EventType } = temporal.api.enums.v1;

async function withWorker<T>(gates: Gates, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = harness.taskQueue();
  const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
  return worker.runUntil(body(taskQueue));
}

async function eventsAfter(workflowId: string, afterSeq: number, follow: boolean): Promise<ControlEvent[]> {
  const events: ControlEvent[] = [];
  for await (const event of readControlEvents(harness.env.client, workflowId, { afterSeq, follow })) {
    events.push(event);
  }
  return events;
}

describe('the control promises without the interceptors', () => {
  it('parks only once an activity the workflow did not await has finished too', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(background, { taskQueue });
      await Promise.all([gates.started('bg'), gates.started('fg')]);
      const pausing = await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'drain' }] });
      expect(pausing).toMatchObject({ status: 'pausing', inFlightActivities: 2 });

      gates.open('fg');
      // Once the workflow task that saw `fg` complete is done, the workflow waits at `after_fg`.
      await waitUntilProcessed(
        harness.env.client,
        handle.workflowId,
        EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      );
      expect(await handle.query(controlStateQuery)).toMatchObject({
        status: 'pausing',
        inFlightActivities: 1,
      });
      expect(
        (await recordedEvents(harness.env.client, handle.workflowId)).map((event) => event.type),
      ).toEqual(['workflow.pausing']);

      gates.open('bg');
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused.checkpoint).toBe('after_fg');
      // In the history, the pause was accepted (`workflow.pausing`, derived from it) before `fg`
      // completed, and `bg` completed before the memo upsert that recorded `workflow.paused`.
      const history = (await handle.fetchHistory()).events ?? [];
      const idsOf = (type: temporal.api.enums.v1.EventType) =>
        history.filter((event) => event.eventType === type).map((event) => Number(event.eventId));
      const completed = idsOf(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
      const [pauseAccepted] = idsOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
      const [pausedRecorded] = idsOf(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED);
      expect(completed).toHaveLength(2);
      expect(pauseAccepted).toBeLessThan(completed[0] ?? 0);
      expect(completed[1]).toBeLessThan(pausedRecorded ?? 0);

      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      expect(await handle.result()).toEqual(['done fg', 'done bg']);
    });
  });

  it('streams one gap-free sequence across two continue-as-news, read from every starting seq', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(generations, { taskQueue, args: [1, 3] });
      await gates.started('generation-1');
      await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'across runs' }] });
      gates.open('generation-1');
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused).toMatchObject({ seq: 2, checkpoint: PRE_EXECUTION });
      gates.open('generation-2');
      gates.open('generation-3');
      await handle.signal(resumeSignal);
      expect(await harness.env.client.workflow.getHandle(handle.workflowId).result()).toBe(3);

      const whole = await eventsAfter(handle.workflowId, 0, false);
      expect(whole.map((event) => [event.seq, event.type])).toEqual([
        [1, 'workflow.pausing'],
        [2, 'workflow.paused'],
        [3, 'workflow.resumed'],
        [4, 'workflow.completed'],
      ]);
      // Run 1 recorded seq 1, run 2 seq 2 and 3, run 3 none: the terminal event follows seq 3.
      const runs = whole.map((event) => event.run_id);
      expect(new Set(runs).size).toBe(3);
      expect(runs[1]).toBe(runs[2]);
      for (const afterSeq of [0, 1, 2, 3, 4]) {
        expect(await eventsAfter(handle.workflowId, afterSeq, false)).toEqual(whole.slice(afterSeq));
        expect(await eventsAfter(handle.workflowId, afterSeq, true)).toEqual(whole.slice(afterSeq));
      }
    });
  });

  it('replays every history this file produced', async () => {
    expect(await harness.replayAll()).toBeGreaterThan(0);
  });
});
