/**
 * A run that is never paused carries no history event the library added:
 * with the interceptors registered and explicit checkpoints, its history
 * holds exactly the events of the same workflow without the library. The
 * marker that says how readers read a run is written at its first control
 * event, and histories whose marker is in their first task (written before
 * that) still replay.
 */
import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { controlStateQuery, pauseSignal, resumeSignal, resumeUpdate } from '../src';
import { createGatedActivities } from './fixtures/gated-activities';
import { checkpointedSteps } from './fixtures/plain-workflows';
import { historyEventNamesAfter, recordedEvents, waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';

const harness = useHarness({
  workflowsPath: require.resolve('./fixtures/plain-workflows'),
  workflowInterceptorModules: [require.resolve('../src/workflow-interceptors')],
});
const activities = { step: (label: string) => Promise.resolve(`done ${label}`) };
let libraryFree: WorkflowBundle;

beforeAll(async () => {
  libraryFree = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/library-free-workflows'),
    logger: { trace() {}, debug() {}, info() {}, log() {}, warn() {}, error() {} },
  });
}, 120_000);

/** Runs `checkpointedSteps(3)` to its end on a worker of `bundle`; returns its history's event names. */
async function eventNamesOfRun(bundle: WorkflowBundle): Promise<string[]> {
  const taskQueue = harness.taskQueue();
  const worker = await harness.createWorker(taskQueue, { activities, workflowBundle: bundle });
  return worker.runUntil(async () => {
    const handle = await harness.start(checkpointedSteps, { taskQueue, args: [3] });
    expect(await handle.result()).toEqual(['done step-1', 'done step-2', 'done step-3']);
    return historyEventNamesAfter(handle, 0);
  });
}

test('a run never paused holds exactly the events of the same workflow without the library', async () => {
  const withLibrary = await eventNamesOfRun(harness.bundle);
  const withoutLibrary = await eventNamesOfRun(libraryFree);
  expect(withLibrary).toEqual(withoutLibrary);
  expect(withLibrary).not.toContain('MarkerRecorded');
  expect(withLibrary).not.toContain('UpsertWorkflowSearchAttributes');
  expect(withLibrary).not.toContain('WorkflowPropertiesModified');
});

test('a run first paused records the marker in that task, and its events read the same', async () => {
  const gates = new Gates();
  const taskQueue = harness.taskQueue();
  const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
  await worker.runUntil(async () => {
    const handle = await harness.start(checkpointedSteps, { taskQueue, args: [3] });
    await gates.started('step-1');
    await handle.signal(pauseSignal, { reason: 'audit', requestedBy: 'ada' });
    gates.open('step-1');
    const parked = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
    await handle.executeUpdate(resumeUpdate, { args: [{ requestedBy: 'bob' }] });
    gates.open('step-2');
    gates.open('step-3');
    await handle.result();

    const names = await historyEventNamesAfter(handle, 0);
    const marker = names.indexOf('MarkerRecorded');
    // The first task only schedules the first activity; the pause signal's task has the marker.
    expect(names.slice(0, 5)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'ActivityTaskScheduled',
    ]);
    expect(names.indexOf('WorkflowExecutionSignaled')).toBeLessThan(marker);
    expect(names.filter((name) => name === 'MarkerRecorded')).toHaveLength(1);
    // Only the park is recorded: pausing and resumed are derived, the marker's task included.
    expect(names.filter((name) => name === 'WorkflowPropertiesModified')).toHaveLength(1);
    const events = await recordedEvents(harness.env.client, handle.workflowId);
    expect(events.map((event) => [event.seq, event.type, event.requested_by])).toEqual([
      [1, 'workflow.pausing', 'ada'],
      [2, 'workflow.paused', 'ada'],
      [3, 'workflow.resumed', 'bob'],
      [4, 'workflow.completed', undefined],
    ]);
    expect(events[1]).toEqual(parked);
  });
});

test('signals sent before the first task read as the workflow took them', async () => {
  const taskQueue = harness.taskQueue();
  // No worker yet: all four signals wait for the run's first task, which starts the workflow.
  const handle = await harness.start(checkpointedSteps, { taskQueue, args: [1] });
  await handle.signal(resumeSignal, { requestId: 'r1' });
  await handle.signal(pauseSignal, { requestId: 'p1', reason: 'first' });
  await handle.signal(resumeSignal, { requestId: 'r2' });
  await handle.signal(pauseSignal, { requestId: 'p2', reason: 'second' });
  const worker = await harness.createWorker(taskQueue, { activities });
  // The SDK hands the buffered signals over by name: p1 pauses, p2 finds it pausing, r1
  // withdraws it and r2 finds it running.
  const state = await worker.runUntil(async () => {
    await handle.result();
    return handle.query(controlStateQuery);
  });
  expect(state.history.map(({ reason, outcome }) => ({ reason, outcome }))).toEqual([
    { reason: 'first', outcome: 'withdrawn' },
  ]);
  const events = await recordedEvents(harness.env.client, handle.workflowId);
  expect(events.map((event) => [event.seq, event.type, event.reason])).toEqual([
    [1, 'workflow.pausing', 'first'],
    [2, 'workflow.resumed', undefined],
    [3, 'workflow.completed', undefined],
  ]);
});

test('replays a history written with the marker in its first task', async () => {
  const file = require.resolve('./fixtures/histories/marker-in-first-task.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const history = temporal.api.history.v1.History.fromObject(json);
  await expect(
    Worker.runReplayHistory({ workflowBundle: harness.bundle }, history, 'marker-in-first-task'),
  ).resolves.toBeUndefined();
});

test('replays every history this file produced', async () => {
  await expect(harness.replayAll()).resolves.toBeGreaterThan(0);
});
