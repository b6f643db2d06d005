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
import { foldControlEvents } from './support/event-log';
import type { MachineState } from '../src/control/state';
import { DEFAULT_AUDIT_LIMIT } from '../src/workflow/settings';
import { createGatedActivities } from './fixtures/gated-activities';
import { finishSignal, idler } from './fixtures/control-workflows';
import { recordedEvents } from './support/control';
import { Gates } from './support/gates';
import { resultsOneAtATime, useHarness } from './support/harness';

// On a real server: readers derive events from the history, and the Java test server can record a
// rejected update's speculative task before a signal the worker had not yet seen (docs/testing.md).
const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows'), server: 'dev' });

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

/**
 * Checks a workflow's whole event log against the control machine itself:
 * gap-free from seq 1, each event the one the machine emits, ending
 * completed. Returns the state the log folds to.
 */
function expectConsistentLog(events: ControlEvent[]): MachineState {
  expect(events.map((event) => event.seq)).toEqual(events.map((_event, index) => index + 1));
  expect(events.at(-1)?.type).toBe('workflow.completed');
  const { state, mismatch } = foldControlEvents(events, { auditLimit: DEFAULT_AUDIT_LIMIT });
  expect(mismatch).toBeUndefined();
  return state;
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
        const folded = expectConsistentLog(events);
        const state = await handle.query(controlStateQuery);
        expect(pauseCounts[index]).toBe(folded.pauseCount);
        expect(state).toMatchObject({ status: 'running', pauseCount: folded.pauseCount });
        // The audit list the workflow keeps is the one its own log folds to, record by record.
        expect(
          state.history.map(({ outcome, checkpoint, pausedMs }) => ({ outcome, checkpoint, pausedMs })),
        ).toEqual(
          folded.audit.map(({ outcome, checkpoint, pausedMs }) => ({ outcome, checkpoint, pausedMs })),
        );
      }
    });
  }, 300_000);

  it('replays every history this file produced without a nondeterminism error', async () => {
    expect(await harness.replayAll()).toBe(STORM_WORKFLOWS);
  }, 300_000);
});
