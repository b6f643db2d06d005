/**
 * `checkpoint()` takes as many microtask turns as it always did: a history
 * recorded before its pending promises were cut (test/fixtures/histories/
 * turn-order.json, whose command order depends on those turns) replays
 * with the current code, as do the histories this file produces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { TaskControl } from '../src/client';
import { useHarness } from './support/harness';
import { MARKS, turnOrder } from './fixtures/turn-order-workflows';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/turn-order-workflows') });
const activities = Object.fromEntries(MARKS.map((mark) => [mark, () => Promise.resolve()]));

/** Runs `turnOrder` through its three phases (pause, resume; pause with a timeout, resume). */
async function runTurnOrder(): Promise<string> {
  const taskQueue = harness.taskQueue();
  const worker = await harness.createWorker(taskQueue, { activities });
  const control = new TaskControl(harness.env.client);
  return worker.runUntil(async () => {
    const handle = await harness.start(turnOrder, { taskQueue });
    const parked = async (pauseCount: number) => {
      while ((await control.state(handle.workflowId)).pauseCount < pauseCount)
        await harness.env.sleep('1 second');
    };
    await control.pause(handle.workflowId);
    await parked(1);
    await control.resume(handle.workflowId);
    await control.pause(handle.workflowId, { timeout: '1 hour' });
    await parked(2);
    await control.resume(handle.workflowId);
    await handle.result();
    return handle.workflowId;
  });
}

test('a history recorded before the promise cuts replays', async () => {
  const file = path.join(__dirname, 'fixtures/histories/turn-order.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const history = temporal.api.history.v1.History.fromObject(json);
  await expect(
    Worker.runReplayHistory({ workflowBundle: harness.bundle }, history, 'turn-order'),
  ).resolves.toBeUndefined();
}, 60_000);

test('the marks follow the turns, and the histories replay', async () => {
  const workflowId = await runTurnOrder();
  const history = await harness.env.client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = (history.events ?? []).flatMap(
    (event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
  );
  // Every branch marked, each once.
  expect([...scheduled].sort()).toEqual([...MARKS].sort());
  // Branches with more turns mark later.
  for (const label of ['early', 'late', 'later']) {
    const order = scheduled.filter((mark) => mark.startsWith(`${label}_`));
    expect(order).toEqual(order.map((_, turns) => `${label}_${turns}`));
  }
  await expect(harness.replayAll()).resolves.toBe(1);
}, 120_000);
