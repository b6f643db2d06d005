import { controlStateQuery, pauseUpdate, resumeUpdate } from '../src';
import { createGatedActivities } from './fixtures/gated-activities';
import { finishSignal, idler } from './fixtures/control-workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { spawnFixtureWorker, type Spawned } from './support/processes';
import { resultsOneAtATime, useHarness } from './support/harness';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

const KILLED_WORKFLOWS = 50;

describe('a worker killed while workflows are paused', () => {
  it(`loses none of ${KILLED_WORKFLOWS} paused workflows when their worker is killed`, async () => {
    const taskQueue = harness.taskQueue();
    const workerProcess = spawnFixtureWorker(harness.env.address, taskQueue);
    try {
      await workerProcess.line('stdout', (line) => line === 'ready');
      await pauseAllThenKill(workerProcess, taskQueue);
    } finally {
      workerProcess.child.kill('SIGKILL');
    }
  }, 300_000);

  it('replays every history this file produced without a nondeterminism error', async () => {
    expect(await harness.replayAll()).toBe(KILLED_WORKFLOWS);
  }, 300_000);
});

/** Parks the workflows on the worker process, kills it with SIGKILL, and resumes them on a new worker. */
async function pauseAllThenKill(workerProcess: Spawned, taskQueue: string): Promise<void> {
  const handles = await Promise.all(
    Array.from({ length: KILLED_WORKFLOWS }, () => harness.start(idler, { taskQueue })),
  );
  await Promise.all(
    handles.map((handle) => handle.executeUpdate(pauseUpdate, { args: [{ reason: 'before the crash' }] })),
  );
  for (const handle of handles) await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
  workerProcess.child.kill('SIGKILL');
  expect((await workerProcess.finished).signal).toBe('SIGKILL');

  const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(new Gates()) });
  const results = await worker.runUntil(async () => {
    for (const handle of handles) {
      expect((await handle.query(controlStateQuery)).status).toBe('paused');
      await handle.signal(finishSignal);
      await handle.executeUpdate(resumeUpdate, { args: [{ requestedBy: 'after the crash' }] });
    }
    return resultsOneAtATime(handles);
  });
  expect(results).toEqual(handles.map(() => 1));
}
