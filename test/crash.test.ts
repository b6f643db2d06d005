import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { controlStateQuery, pauseUpdate, resumeUpdate } from '../src';
import { createGatedActivities } from './fixtures/gated-activities';
import { finishSignal, idler } from './fixtures/control-workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { resultsOneAtATime, useHarness } from './support/harness';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

const KILLED_WORKFLOWS = 50;

describe('a worker killed while workflows are paused', () => {
  it(`loses none of ${KILLED_WORKFLOWS} paused workflows when their worker is killed`, async () => {
    const taskQueue = harness.taskQueue();
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', require.resolve('./fixtures/worker-process')],
      {
        env: { ...process.env, TEMPORAL_ADDRESS: harness.env.address, TASK_QUEUE: taskQueue },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = once(child, 'exit');
    try {
      await readyLine(child.stdout);
      await pauseAllThenKill(child, exited, taskQueue);
    } finally {
      child.kill('SIGKILL');
    }
  }, 300_000);

  it('replays every history this file produced without a nondeterminism error', async () => {
    expect(await harness.replayAll()).toBe(KILLED_WORKFLOWS);
  }, 300_000);
});

/** Resolves at the worker's `ready` line (the bundler may print before it). */
async function readyLine(stdout: NodeJS.ReadableStream): Promise<void> {
  for await (const line of createInterface({ input: stdout })) if (line === 'ready') return;
  throw new Error('The worker process ended before it was ready');
}

/** Parks the workflows on the worker process, kills it with SIGKILL, and resumes them on a new worker. */
async function pauseAllThenKill(
  child: ChildProcess,
  exited: Promise<unknown[]>,
  taskQueue: string,
): Promise<void> {
  const handles = await Promise.all(
    Array.from({ length: KILLED_WORKFLOWS }, () => harness.start(idler, { taskQueue })),
  );
  await Promise.all(
    handles.map((handle) => handle.executeUpdate(pauseUpdate, { args: [{ reason: 'before the crash' }] })),
  );
  for (const handle of handles) await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
  child.kill('SIGKILL');
  const [, signal] = (await exited) as [number | null, string | null];
  expect(signal).toBe('SIGKILL');

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
