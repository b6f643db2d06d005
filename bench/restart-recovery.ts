/**
 * Figures `restart-recovery-ms` and `restart-workflow-task-timeouts` of
 * `npm run bench` (group `restart`): `tasks` research tasks (1,000 at full
 * size) paused with histories of about 300 events on a Temporal CLI dev
 * server, served by the worker process; the process is stopped (SIGTERM)
 * and started again, and every task's `control-state` is read through the
 * new process's API until each has answered 200. The figures are the time
 * from the new process's spawn to the last first 200, and the
 * `WorkflowTaskTimedOut` events the restart added to the histories (goal 0);
 * the detail counts the 503s met meanwhile and any 500 (there should be none).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { TaskControl } from '../src/client/task-control';
import { OWNER_MEMO_KEY } from '../src/common/ownership';
import { hashApiKey } from '../src/http';
import { temporalProblem } from '../src/http/errors';
import { tenantWorkflowId } from '../src/http/routes/task-ids';
import { createDevServerEnvironment, locateTemporalCli } from '../src/testing';
import { freePort, spawnWorkerProcess, workerProcessEnv, type Spawned } from '../test/support/processes';
import type { Figure } from './support';

/** The history length of a paused task. */
const HISTORY_EVENTS = 300;
/** How long a task's history grows before its first pause. */
const PAUSE_AT_EVENTS = 150;
const KEY = 'sk_bench_restart';
const TENANT = 'bench';

/** The two restart figures, or none where no Temporal CLI was built. */
export async function restartRecoveryFigures(tasks: number): Promise<Figure[]> {
  if (!locateTemporalCli()) return [];
  const env = await createDevServerEnvironment();
  let worker: Spawned | undefined;
  try {
    const processEnv = await workerProcessEnv({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_DATA_DIR: undefined,
      API_KEYS: JSON.stringify([
        { key_hash: hashApiKey(KEY), user_id: TENANT, tenant_id: TENANT, scopes: ['admin'] },
      ]),
      API_RATE_LIMIT: 'off',
      ACTIVITY_LATENCY_MS: '50',
    });
    // The set-up keeps a few hundred workflows cached, not the SDK's default
    // of thousands: only the lanes' tasks are active. The restarted worker,
    // the one measured, runs with this process's WORKER_MAX_CACHED_WORKFLOWS
    // (unset: the SDK default).
    worker = spawnWorkerProcess({ ...processEnv, WORKER_MAX_CACHED_WORKFLOWS: String(SETUP_CACHE) });
    await readyUrl(worker);
    const workflowIds = await pausedTasks(env.client, processEnv.TASK_QUEUE as string, tasks);
    const timeoutsBefore = await workflowTaskTimeouts(env.client, workflowIds);

    worker.child.kill('SIGTERM');
    await worker.finished;
    const started = performance.now();
    worker = spawnWorkerProcess({ ...processEnv, PORT: String(await freePort()) });
    const url = await readyUrl(worker);
    const readyMs = performance.now() - started;
    const answers = new Map<string, number>();
    const count = (answer: string) => answers.set(answer, (answers.get(answer) ?? 0) + 1);
    const rss = peakRss(worker.child.pid);
    let recovering = true;
    const reads = Promise.all(
      workflowIds.map(async (workflowId) => {
        const taskId = workflowId.slice(TENANT.length + 1);
        while (recovering) {
          let response: Response;
          try {
            response = await fetch(`${url}/api/v1/tasks/${taskId}/control-state`, {
              headers: { 'x-api-key': KEY },
            });
          } catch (error) {
            // The connection failed (the process closed it): counted, and tried again as a client would.
            count(`no answer (${String((error as Error).cause ?? error)})`);
            await delay(1000);
            continue;
          }
          const body = await response.text();
          if (response.status === 200) return;
          count(`${response.status} ${body}`);
          // As a well-behaved client: again after `Retry-After`, not at once.
          await delay(Number(response.headers.get('retry-after') ?? 1) * 1000);
        }
      }),
    );
    try {
      await Promise.race([reads, exitDuring(worker, () => recovering)]);
    } finally {
      recovering = false;
      rss.stop();
    }
    const recoveryMs = performance.now() - started;
    const timeouts = (await workflowTaskTimeouts(env.client, workflowIds)) - timeoutsBefore;
    const seen = [...answers].map(([answer, count]) => `${count} × ${answer}`).join(', ') || 'none';
    const failures = worker
      .jsonLines<{ msg?: string; err?: { message?: string } }>('stderr')
      .filter((line) => line.msg === 'request failed with a server error')
      .map((line) => line.err?.message?.split('\n')[0]);
    // The restarted process inherits this one's environment (spawnWorkerProcess).
    const cache = process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 'the SDK default';
    const detail =
      `${tasks} paused tasks of ~300 events, worker process restarted with a workflow cache of ${cache} ` +
      `(ready after ${Math.round(readyMs)} ms, ` +
      `peak RSS ${rss.peakMiB()} MiB); ` +
      `other answers meanwhile: ${seen}${failures.length ? `; 500s: ${[...new Set(failures)].join(' | ')}` : ''}`;
    return [
      {
        id: 'restart-recovery-ms',
        figure: 'worker restart → every control-state 200, ms',
        value: Math.round(recoveryMs),
        goal: 'report',
        detail,
      },
      {
        id: 'restart-workflow-task-timeouts',
        figure: 'WorkflowTaskTimedOut events the restart caused',
        value: timeouts,
        goal: '0',
        detail,
      },
    ];
  } finally {
    worker?.child.kill('SIGTERM');
    await worker?.finished;
    await env.teardown();
  }
}

/** How many tasks are brought to their paused state at once. */
const LANES = 50;
/** The set-up worker's sticky cache: every lane's task, with room to spare. */
const SETUP_CACHE = 4 * LANES;

/** Starts `tasks` research tasks of the bench tenant, lets each grow its history, then pauses it. */
async function pausedTasks(client: Client, taskQueue: string, tasks: number): Promise<string[]> {
  const control = new TaskControl(client);
  const workflowIds = Array.from({ length: tasks }, () =>
    tenantWorkflowId(TENANT, `restart-${randomUUID()}`),
  );
  const waiting = [...workflowIds];
  let paused = 0;
  const lane = async (): Promise<void> => {
    for (let workflowId = waiting.shift(); workflowId; workflowId = waiting.shift()) {
      await pausedTask(client, control, taskQueue, workflowId);
      paused += 1;
      if (paused % 100 === 0) process.stderr.write(`restart bench: ${paused}/${tasks} tasks paused\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANES, tasks) }, lane));
  return workflowIds;
}

/** Starts one task and brings it to a paused state with a history of about {@link HISTORY_EVENTS}. */
async function pausedTask(client: Client, control: TaskControl, taskQueue: string, workflowId: string) {
  const handle = await client.workflow.start('research', {
    taskQueue,
    workflowId,
    args: [{ topic: 'restart', iterations: 20 }],
    memo: { [OWNER_MEMO_KEY]: { user_id: TENANT, tenant_id: TENANT } },
  });
  const events = async () => (await handle.describe()).historyLength;
  // A research task of 20 rounds ends at about 250 events: paused before, then
  // resumed and paused again (one round each time) until its history is long enough.
  while ((await events()) < PAUSE_AT_EVENTS) await delay(250);
  await pauseAndWait(control, workflowId);
  while ((await events()) < HISTORY_EVENTS) {
    const requestId = randomUUID();
    await untilTemporalAnswers(() => control.resume(workflowId, { requestId }));
    await pauseAndWait(control, workflowId);
  }
}

/** Pauses the task and waits until it is parked. */
async function pauseAndWait(control: TaskControl, workflowId: string): Promise<void> {
  const requestId = randomUUID();
  await untilTemporalAnswers(() => control.pause(workflowId, { reason: 'bench restart', requestId }));
  while ((await untilTemporalAnswers(() => control.state(workflowId))).status !== 'paused') await delay(250);
}

/**
 * Sends an idempotent request (a query, or an update with a `requestId`)
 * again while Temporal cannot take it yet: on a loaded machine a workflow
 * task may time out while the tasks are being set up, and an update or a
 * query waits for its retry.
 */
async function untilTemporalAnswers<T>(send: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (temporalProblem(error) === undefined) throw error;
      await delay(1000);
    }
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `WorkflowTaskTimedOut` events in the histories of `workflowIds`. */
async function workflowTaskTimeouts(client: Client, workflowIds: string[]): Promise<number> {
  let count = 0;
  for (const workflowId of workflowIds) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    count += (history.events ?? []).filter((event) => event.workflowTaskTimedOutEventAttributes).length;
  }
  return count;
}

/** Rejects, naming how it ended and its last lines, if the worker process exits while `recovering()`. */
async function exitDuring(worker: Spawned, recovering: () => boolean): Promise<void> {
  const { code, signal, stderr } = await worker.finished;
  if (!recovering()) return;
  const last = stderr.split('\n').slice(-20).join('\n');
  throw new Error(
    `the worker process exited (${code ?? signal}) during the recovery; its last lines:\n${last}`,
  );
}

/** Samples the resident set of process `pid` every second until stopped; the highest in MiB. */
function peakRss(pid: number | undefined): { stop: () => void; peakMiB: () => number } {
  let peakKiB = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peakKiB = Math.max(peakKiB, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // Gone, or no /proc here: the peak so far stands.
    }
  };
  const timer = setInterval(sample, 1000);
  return { stop: () => clearInterval(timer), peakMiB: () => Math.round(peakKiB / 1024) };
}

async function readyUrl(worker: Spawned): Promise<string> {
  const line = await worker.jsonLine<{ event: string; http: string }>(
    'stdout',
    (value) => value.event === 'ready',
  );
  return line.http;
}
