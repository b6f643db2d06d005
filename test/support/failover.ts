/**
 * The failover scenario of the multi-process test and the failover
 * benchmark: copy A runs 10 `research` tasks whose first activity is in
 * flight on A, they are paused through A (so they are `pausing`), A is
 * killed with SIGKILL, and copy B, the survivor, must bring every task to
 * `paused`. Measures the time from the kill until every task is paused and
 * the longest control-state request through B meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { waitForEvent, waitForHistory } from './control';
import { call, COPIES_TENANT, deployment, pendingActivities, startCopy, type Copy } from './copies';

/** Options of {@link failover}. */
export interface FailoverOptions {
  /** The dev server's address and a client of it. */
  server: { address: string; client: Client };
  /** `WORKER_STICKY_QUEUE_TIMEOUT_MS` of both copies. */
  stickyQueueTimeoutMs: number;
  /** How many tasks. */
  tasks: number;
  /** Runs once every task is pausing with its activity in flight on A, just before the kill. */
  beforeKill?: (copies: { a: Copy; b: Copy }, taskIds: string[]) => Promise<void>;
}

/** What {@link failover} saw. */
export interface FailoverResult {
  a: Copy;
  b: Copy;
  /** The API's task ids; the workflow ids are `acme/<task id>`. */
  taskIds: string[];
  workflowIds: string[];
  /** From the SIGKILL of A until every task recorded `workflow.paused`. */
  pausedMs: number;
  /** The longest `GET …/control-state` through B between the kill and the last `workflow.paused`. */
  longestStallMs: number;
  /** How many control-state requests went through B meanwhile; all answered 200. */
  requests: number;
}

/**
 * Runs the scenario; throws when a step does not go as described. The
 * caller stops B (A is dead) and the server.
 */
export async function failover(options: FailoverOptions): Promise<FailoverResult> {
  const { client } = options.server;
  const copies = deployment(options.server.address);
  const sticky = { WORKER_STICKY_QUEUE_TIMEOUT_MS: String(options.stickyQueueTimeoutMs) };
  // A's activities work for 10 minutes (heartbeating), so that they are surely in flight at the kill.
  const a = await startCopy(copies, { ...sticky, ACTIVITY_LATENCY_MS: '600000' });
  const taskIds = Array.from({ length: options.tasks }, () => `failover-${randomUUID()}`);
  const workflowIds = taskIds.map((taskId) => `${COPIES_TENANT}/${taskId}`);
  for (const taskId of taskIds) {
    const submitted = await call(a, 'POST', '/api/v1/tasks', {
      workflow: 'research',
      input: { topic: 'wind', iterations: 1 },
      task_id: taskId,
    });
    expectStatus(submitted.status, 202, `submit ${taskId} through A`);
  }
  // A is the only worker so far: the first activity of every task starts there.
  await Promise.all(
    workflowIds.map((workflowId) =>
      waitForHistory(client, workflowId, (events) =>
        events.some((event) => event.activityTaskScheduledEventAttributes),
      ),
    ),
  );
  const b = await startCopy(copies, { ...sticky, ACTIVITY_LATENCY_MS: '500' });
  for (const workflowId of workflowIds) {
    const pending = await pendingActivities(client, workflowId);
    if (!pending.some((activity) => activity.started && activity.worker === a.identity)) {
      throw new Error(`${workflowId}: no activity in flight on A: ${JSON.stringify(pending)}`);
    }
  }
  for (const taskId of taskIds) {
    const paused = await call(a, 'POST', `/api/v1/tasks/${taskId}/pause`, { reason: 'failover' });
    expectStatus(paused.status, 202, `pause ${taskId} through A`);
  }
  await options.beforeKill?.({ a, b }, taskIds);

  const killedAt = performance.now();
  a.process.child.kill('SIGKILL');
  let allPaused = false;
  const answers: Array<{ status: number; ms: number }> = [];
  const probing = (async () => {
    while (!allPaused) {
      answers.push(
        ...(await Promise.all(
          taskIds.map((taskId) => call(b, 'GET', `/api/v1/tasks/${taskId}/control-state`)),
        )),
      );
    }
  })();
  try {
    await Promise.all(workflowIds.map((workflowId) => waitForEvent(client, workflowId, 'workflow.paused')));
  } finally {
    allPaused = true;
  }
  const pausedMs = performance.now() - killedAt;
  await probing;
  for (const answer of answers) expectStatus(answer.status, 200, 'control state through B');
  return {
    a,
    b,
    taskIds,
    workflowIds,
    pausedMs,
    longestStallMs: Math.max(...answers.map((answer) => answer.ms)),
    requests: answers.length,
  };
}

function expectStatus(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}
