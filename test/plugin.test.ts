// The plugin alone wires a worker, its bundle and its replays; a bundle made
// without it (or with other options) stops the worker before it runs anything.
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { pauseUpdate, resumeUpdate } from '../src';
import { CheckpointPlugin, ControlBundleError } from '../src/plugin';
import { createGatedActivities } from './fixtures/gated-activities';
import { audited, finishSignal } from './fixtures/plain-workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';

const WORKFLOWS_PATH = require.resolve('./fixtures/plain-workflows');
const plugin = new CheckpointPlugin({ control: { auditLimit: 1 } });
const harness = useHarness({ workflowsPath: WORKFLOWS_PATH, plugins: [plugin] });
const quiet = { trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: noop };

function noop(): void {}

/** A worker given only the harness's bundle and the plugin: no interceptors by hand. */
async function withPluginWorker<T>(body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = harness.taskQueue();
  const worker = await harness.createWorker(taskQueue, {
    activities: createGatedActivities(new Gates()),
    plugins: [plugin],
  });
  return worker.runUntil(body(taskQueue));
}

/** Pauses and resumes `handle` `rounds` times, then finishes it; resolves with its result. */
async function pauseAndResume(handle: WorkflowHandle<typeof audited>, rounds: number): Promise<number> {
  for (let round = 1; round <= rounds; round++) {
    await handle.executeUpdate(pauseUpdate, { args: [{ reason: `round ${round}` }] });
    await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused', (round - 1) * 3);
    await handle.executeUpdate(resumeUpdate, { args: [{}] });
  }
  await handle.signal(finishSignal);
  return handle.result();
}

describe('the plugin', () => {
  it('hands its control defaults to the workflows that set none', async () => {
    await withPluginWorker(async (taskQueue) => {
      const handle = await harness.start(audited, { taskQueue, args: [] });
      // auditLimit: 1 from the plugin, so two ended pauses leave one record (the default keeps 50).
      expect(await pauseAndResume(handle, 2)).toBe(1);
    });
  });

  it("lets a workflow's own installControl() options win over its defaults", async () => {
    await withPluginWorker(async (taskQueue) => {
      const handle = await harness.start(audited, { taskQueue, args: [2] });
      expect(await pauseAndResume(handle, 2)).toBe(2);
    });
  });

  it('refuses a worker and a replayer given a bundle made without it, naming the fix', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
    const worker = Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue: harness.taskQueue(),
      workflowBundle,
      plugins: [new CheckpointPlugin()],
    });
    await expect(worker).rejects.toThrow(ControlBundleError);
    await expect(worker).rejects.toThrow(
      'The workflow bundle has no temporal-checkpoint interceptor module, so its workflows that do not call ' +
        'installControl() cannot be paused: build it with the same plugin: ' +
        '`bundleWorkflowCode({ workflowsPath, plugins: [plugin] })`',
    );
    // The replayer is built, and the bundle checked, before the first history is read.
    const replay = Worker.runReplayHistories({ workflowBundle, plugins: [plugin] }, []).next();
    await expect(replay).rejects.toMatchObject({ problem: 'no-interceptors' });
  });

  it('refuses a bundle made with other options than its own', async () => {
    const worker = Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue: harness.taskQueue(),
      workflowBundle: harness.bundle,
      plugins: [new CheckpointPlugin({ control: { auditLimit: 2 } })],
    });
    await expect(worker).rejects.toMatchObject({ problem: 'other-options' });
    await expect(worker).rejects.toThrow('{"control":{"auditLimit":1}}');
    await expect(worker).rejects.toThrow('{"control":{"auditLimit":2}}');
  });

  it('accepts a bundle with the interceptor module registered by hand when its own options are the defaults', async () => {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      workflowInterceptorModules: [require.resolve('../src/workflow-interceptors')],
      logger: quiet,
    });
    const worker = await Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue: harness.taskQueue(),
      workflowBundle,
      plugins: [new CheckpointPlugin()],
    });
    await worker.runUntil(Promise.resolve());
  });

  it('replays every history this file produced, given only the bundle and the plugin', async () => {
    expect(await harness.replayAll()).toBe(2);
  });
});
