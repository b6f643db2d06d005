// The drain time of one long activity under a pause: `finish` waits for all
// of it, `interrupt` stops it at its next safe point. Chunks take real time
// (an activity's time is not skipped), so the figure is measured in one run,
// side by side, in the workflow's own clock (`drain_ms` of workflow.paused).
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { pauseUpdate, resumeUpdate, type DrainPolicy } from '../src';
import {
  activityCheckpoint,
  activityProgressInterceptors,
  interruptionSignal,
  resumedProgress,
} from '../src/activity';
import { readControlEvents } from '../src/client/events';
import type { Figure } from './support';
import { longActivity } from './workflows';

const CHUNKS = 60;
const PAUSE_AFTER = 10;

/** Drain time with `finish` and with `interrupt`, and the chunks done twice (goal 0). */
export async function interruptFigures(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  chunkMs: number,
): Promise<Figure[]> {
  const finish = await drain(env, bundle, 'finish', chunkMs);
  const interrupt = await drain(env, bundle, 'interrupt', chunkMs);
  const detail = `${CHUNKS} chunks of ${chunkMs} ms, paused after chunk ${PAUSE_AFTER}`;
  return [
    {
      id: 'drain-finish-ms',
      figure: 'drain time of a long activity, finish (ms, workflow clock)',
      value: finish.drainMs,
      goal: 'report',
      detail,
    },
    {
      id: 'drain-interrupt-ms',
      figure: 'drain time of a long activity, interrupt (ms, workflow clock)',
      value: interrupt.drainMs,
      goal: `≤ ${chunkMs} + heartbeat`,
      detail: `${detail}; finish ÷ interrupt ${(finish.drainMs / Math.max(1, interrupt.drainMs)).toFixed(1)}`,
    },
    {
      id: 'chunks-run-twice',
      figure: 'chunks run twice after an interrupting pause',
      value: interrupt.repeated,
      goal: '0',
      detail: `${interrupt.runs} chunk runs for ${CHUNKS} chunks`,
    },
  ];
}

async function drain(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  policy: DrainPolicy,
  chunkMs: number,
): Promise<{ drainMs: number; repeated: number; runs: number }> {
  const runs: number[] = [];
  let reached: () => void = () => undefined;
  const pauseAfter = new Promise<void>((resolve) => (reached = resolve));
  const chunks = async (total: number): Promise<number> => {
    let done = resumedProgress<number>() ?? 0;
    while (done < total) {
      await delay(chunkMs, undefined, { signal: interruptionSignal() }).catch(() => undefined);
      if (interruptionSignal().aborted) activityCheckpoint(done);
      runs.push(++done);
      activityCheckpoint(done);
      if (done === PAUSE_AFTER) reached();
    }
    return done;
  };
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: { chunks },
    interceptors: { activity: [activityProgressInterceptors] },
    maxHeartbeatThrottleInterval: '10 ms',
    defaultHeartbeatThrottleInterval: '10 ms',
  });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(longActivity, {
      taskQueue,
      workflowId: `bench-${randomUUID()}`,
      args: [CHUNKS],
    });
    await pauseAfter;
    await handle.executeUpdate(pauseUpdate, { args: [{ drain: policy }] });
    let drainMs = 0;
    for await (const event of readControlEvents(env.client, handle.workflowId)) {
      if (event.type === 'workflow.paused') {
        drainMs = event.drain_ms ?? 0;
        break;
      }
    }
    await handle.executeUpdate(resumeUpdate, { args: [{}] });
    await handle.result();
    return { drainMs, repeated: runs.length - new Set(runs).size, runs: runs.length };
  });
}
