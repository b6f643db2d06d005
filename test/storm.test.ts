import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  ALREADY_PAUSED,
  controlStateQuery,
  NOT_PAUSED,
  pauseSignal,
  pauseUpdate,
  resumeSignal,
  resumeUpdate,
  type ControlEvent,
} from '../src';
import { createGatedActivities } from './fixtures/gated-activities';
import { finishSignal, idler } from './fixtures/control-workflows';
import { recordedEvents } from './support/control';
import { Gates } from './support/gates';
import { resultsOneAtATime, useHarness } from './support/harness';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

/** Scale of the storm; `STORM_WORKFLOWS=100 STORM_REQUESTS=200 npx jest test/storm.test.ts` runs the full one. */
const STORM_WORKFLOWS = Number(process.env.STORM_WORKFLOWS ?? 20);
const STORM_REQUESTS = Number(process.env.STORM_REQUESTS ?? 40);

/** A small deterministic generator, so that a failing storm can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** The transitions §3 allows, checked over a workflow's whole event log. */
function expectConsistentLog(events: ControlEvent[]): void {
  expect(events.map((event) => event.seq)).toEqual(events.map((_event, index) => index + 1));
  let status: 'running' | 'pausing' | 'paused' = 'running';
  for (const event of events.slice(0, -1)) {
    if (event.type === 'workflow.pausing') expect(status).toBe('running');
    if (event.type === 'workflow.paused') expect(status).toBe('pausing');
    if (event.type === 'workflow.resumed') expect(status).not.toBe('running');
    status =
      event.type === 'workflow.pausing' ? 'pausing' : event.type === 'workflow.paused' ? 'paused' : 'running';
  }
  expect(events.at(-1)?.type).toBe('workflow.completed');
}

async function expectOnlyStateRejections(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect([ALREADY_PAUSED, NOT_PAUSED]).toContain((cause as ApplicationFailure).type);
  }
}

async function storm(handle: WorkflowHandle<typeof idler>, next: () => number): Promise<void> {
  let lastId = 'none';
  for (let index = 0; index < STORM_REQUESTS; index++) {
    const repeat = next() < 0.2;
    const requestId = repeat ? lastId : `${handle.workflowId}/${index}`;
    lastId = requestId;
    switch (Math.floor(next() * 4)) {
      case 0:
        await handle.signal(pauseSignal, { requestId, reason: `storm ${index}` });
        break;
      case 1:
        await handle.signal(resumeSignal, { requestId });
        break;
      case 2:
        await expectOnlyStateRejections(handle.executeUpdate(pauseUpdate, { args: [{ requestId }] }));
        break;
      default:
        await expectOnlyStateRejections(handle.executeUpdate(resumeUpdate, { args: [{ requestId }] }));
    }
  }
}

describe('a storm of control requests', () => {
  it(`keeps every workflow consistent through a storm of ${STORM_WORKFLOWS} × ${STORM_REQUESTS} requests`, async () => {
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(new Gates()) });
    await worker.runUntil(async () => {
      const handles = await Promise.all(
        Array.from({ length: STORM_WORKFLOWS }, () => harness.start(idler, { taskQueue })),
      );
      await Promise.all(handles.map((handle, index) => storm(handle, random(index + 1))));
      for (const handle of handles) {
        // Resume first: a running idler completes on `finish`, and a signal to it would then fail.
        await handle.signal(resumeSignal);
        await handle.signal(finishSignal);
      }
      const pauseCounts = await resultsOneAtATime(handles);
      for (const [index, handle] of handles.entries()) {
        const events = await recordedEvents(harness.env.client, handle.workflowId);
        expectConsistentLog(events);
        const state = await handle.query(controlStateQuery);
        const parkedEvents = events.filter((event) => event.type === 'workflow.paused').length;
        expect(pauseCounts[index]).toBe(parkedEvents);
        expect(state.pauseCount).toBe(parkedEvents);
        expect(state.status).toBe('running');
        // The audit list keeps the last 50 ended pauses, one per `workflow.resumed`, in order:
        // `resumed` where the pause had parked (the event names its checkpoint), else withdrawn.
        const keptEndings = events.filter((event) => event.type === 'workflow.resumed').slice(-50);
        expect(state.history.map((record) => record.outcome === 'resumed')).toEqual(
          keptEndings.map((event) => event.checkpoint !== undefined),
        );
      }
    });
  }, 300_000);

  it('replays every history this file produced without a nondeterminism error', async () => {
    expect(await harness.replayAll()).toBe(STORM_WORKFLOWS);
  }, 300_000);
});
