import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { useHarness } from './support/harness';
import { createSmokeActivities } from './fixtures/smoke-activities';
import {
  callsActivity,
  greeter,
  greetSignal,
  greetingQuery,
  limited,
  setLimitUpdate,
  sleepForDays,
} from './fixtures/smoke-workflows';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/smoke-workflows') });

describe('the time-skipping harness', () => {
  // Without time skipping this test would wait 30 real days and fail on the
  // test timeout; the wall time it takes is a figure of `npm run bench`.
  it('skips the 30 days of a workflow sleep on the server clock', async () => {
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue);
    const serverStart = await harness.env.currentTimeMs();
    const { result, description } = await worker.runUntil(async () => {
      const handle = await harness.start(sleepForDays, { taskQueue, args: [30] });
      return { result: await handle.result(), description: await handle.describe() };
    });
    expect(result).toBe('slept 30 days');
    const thirtyDaysMs = 30 * 24 * 3600 * 1000;
    expect(description.closeTime!.getTime() - description.startTime.getTime()).toBeGreaterThanOrEqual(
      thirtyDaysMs,
    );
    expect((await harness.env.currentTimeMs()) - serverStart).toBeGreaterThanOrEqual(thirtyDaysMs);
  });

  it('round-trips a signal and a query', async () => {
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue);
    await worker.runUntil(async () => {
      const handle = await harness.start(greeter, { taskQueue });
      expect(await handle.query(greetingQuery)).toBe('');
      await handle.signal(greetSignal, 'temporal');
      expect(await handle.result()).toBe('hello temporal');
      expect(await handle.query(greetingQuery)).toBe('hello temporal');
    });
  });

  it('rejects an update in its synchronous validator', async () => {
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue);
    await worker.runUntil(async () => {
      const handle = await harness.start(limited, { taskQueue });
      const rejected = handle.executeUpdate(setLimitUpdate, { args: [-1] });
      await expect(rejected).rejects.toThrow(WorkflowUpdateFailedError);
      const cause = await rejected.catch((error: WorkflowUpdateFailedError) => error.cause);
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('InvalidLimit');
      expect((cause as ApplicationFailure).message).toContain('`limit`');
      expect(await handle.executeUpdate(setLimitUpdate, { args: [7] })).toBe(7);
      expect(await handle.result()).toBe(7);
      const history = await handle.fetchHistory();
      const updateEvents = history.events?.filter(
        (event) => event.workflowExecutionUpdateAcceptedEventAttributes,
      );
      expect(updateEvents).toHaveLength(1);
    });
  });

  it('runs an activity on the worker', async () => {
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue, { activities: createSmokeActivities() });
    const result = await worker.runUntil(async () => {
      const handle = await harness.start(callsActivity, { taskQueue, args: ['temporal'] });
      return handle.result();
    });
    expect(result).toBe('TEMPORAL!');
  });

  it('replays every history this file produced', async () => {
    await expect(harness.replayAll()).resolves.toBe(4);
  });
});
