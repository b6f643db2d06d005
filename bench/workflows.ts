// Workflows measured by bench/run.ts.
import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { checkpoint, controlState, installControl } from '../src/workflow';

const { work } = proxyActivities<{ work(index: number): Promise<number> }>({
  startToCloseTimeout: '1 minute',
});

export const finishSignal = defineSignal('finish');
export const noopSignal = defineSignal('noop');

/** Passes `count` checkpoints (or none) around one activity. */
export async function checkpoints(count: number, withCheckpoints: boolean): Promise<number> {
  installControl();
  for (let index = 0; index < count; index++) {
    if (withCheckpoints) await checkpoint(`checkpoint_${index}`);
    if (index === count / 2) await work(index);
  }
  return count;
}

/**
 * Idles until `finish`; parks at `idle` whenever a pause is pending; after
 * each resume runs one activity, unless `workAfterResume` is false (the HTTP
 * figures: a workflow that is idle again once its resume is answered).
 */
export async function idler(workAfterResume = true): Promise<number> {
  installControl();
  let finished = false;
  setHandler(finishSignal, () => void (finished = true));
  while (!finished) {
    await condition(() => finished || controlState().status === 'pausing');
    await checkpoint('idle');
    if (workAfterResume && controlState().pauseCount > 0 && !finished) await work(0);
  }
  return controlState().pauseCount;
}

/** The floor: the same idling, answering two no-op signals. */
export async function bareIdler(): Promise<number> {
  let finished = false;
  let signals = 0;
  setHandler(finishSignal, () => void (finished = true));
  setHandler(noopSignal, () => void signals++);
  await condition(() => finished);
  return signals;
}

/** `count` activities one after the other. */
export async function sequence(count: number): Promise<number> {
  let total = 0;
  for (let index = 0; index < count; index++) total += await work(index);
  return total;
}

/** `sequence(count)` with an explicit checkpoint after each activity (the interceptors add theirs). */
export async function checkpointedSequence(count: number): Promise<number> {
  let total = 0;
  for (let index = 0; index < count; index++) {
    total += await work(index);
    await checkpoint(`after_${index}`);
  }
  return total;
}

/** Sleeps `days` days of workflow time. */
export async function sleeper(days: number): Promise<number> {
  await sleep(`${days} days`);
  return days;
}

const { chunks } = proxyActivities<{ chunks(total: number): Promise<number> }>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
});

/** One long activity of `total` chunks with a safe point after each; parks before returning. */
export async function longActivity(total: number): Promise<number> {
  installControl({ interruptibleActivities: ['chunks'] });
  const done = await chunks(total);
  await checkpoint('pre_completion');
  return done;
}
