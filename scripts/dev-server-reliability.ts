/**
 * Part of `npm run reliability`: reliability test 1 on a real Temporal
 * server. The Temporal CLI dev server runs with a persistent database; a
 * worker process parks 50 workflows; the worker is killed with SIGKILL, the
 * server is stopped and started again on the same database; a visibility
 * list on the status search attribute finds all 50 paused; a new worker finds
 * each still paused at its checkpoint, resumes them, and all complete; every
 * history replays without a nondeterminism error.
 *
 * Needs the Temporal CLI (`npm run reliability` builds it first). Prints one
 * JSON line of figures; exits non-zero on the first broken expectation.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { controlStateQuery, pauseUpdate, resumeUpdate } from '../src';
import { createDevServerEnvironment, freePort } from '../src/testing';
import { createGatedActivities } from '../test/fixtures/gated-activities';
import { finishSignal, searchableIdler, STATUS_SEARCH_ATTRIBUTE } from '../test/fixtures/control-workflows';
import { waitForEvent } from '../test/support/control';
import { Gates } from '../test/support/gates';
import { spawnFixtureWorker } from '../test/support/processes';

const WORKFLOWS = 50;
const WORKFLOWS_PATH = require.resolve('../test/fixtures/control-workflows');

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const directory = mkdtempSync(path.join(tmpdir(), 'temporal-checkpoint-reliability-'));
  const server = {
    dbFilename: path.join(directory, 'temporal.db'),
    port: await freePort(),
    extraArgs: ['--search-attribute', `${STATUS_SEARCH_ATTRIBUTE}=Keyword`],
  };
  const taskQueue = `reliability-${randomUUID()}`;
  let env = await createDevServerEnvironment({ server });
  try {
    const handles = await parkOnWorkerProcess(env, taskQueue);
    const killedAt = Date.now();

    await env.teardown();
    const restartedAt = Date.now();
    env = await createDevServerEnvironment({ server });
    const restartMs = Date.now() - restartedAt;

    const client = env.client;
    const after = handles.map((handle) =>
      client.workflow.getHandle<typeof searchableIdler>(handle.workflowId),
    );
    // Visibility survived the restart too: the status search attribute finds every parked workflow.
    // Visibility is eventually consistent: ask until it agrees, for at most 10 s.
    const query = `${STATUS_SEARCH_ATTRIBUTE}='paused' AND TaskQueue='${taskQueue}' AND ExecutionStatus='Running'`;
    let listedPaused = 0;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      listedPaused = (await client.workflow.count(query)).count;
      if (listedPaused === WORKFLOWS) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    check(
      listedPaused === WORKFLOWS,
      `${listedPaused}/${WORKFLOWS} listed by ${STATUS_SEARCH_ATTRIBUTE}='paused'`,
    );
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createGatedActivities(new Gates()),
    });
    const results = await worker.runUntil(async () => {
      for (const handle of after) {
        const state = await handle.query(controlStateQuery);
        check(
          state.status === 'paused' && state.checkpoint === 'idle',
          `${handle.workflowId} still paused at idle`,
        );
        await handle.signal(finishSignal);
        await handle.executeUpdate(resumeUpdate, { args: [{ requestedBy: 'after the restart' }] });
      }
      return Promise.all(after.map((handle) => handle.result()));
    });
    const completed = results.filter((pauseCount) => pauseCount === 1).length;
    check(completed === WORKFLOWS, `${completed}/${WORKFLOWS} completed with one pause each`);

    const histories = await Promise.all(
      after.map(async (handle) => ({ workflowId: handle.workflowId, history: await handle.fetchHistory() })),
    );
    let nondeterminism = 0;
    for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) {
      if (result.error) {
        nondeterminism++;
        console.error(`replay of ${result.workflowId} failed: ${String(result.error)}`);
      }
    }
    check(nondeterminism === 0, `${nondeterminism} nondeterminism errors on replay`);
    console.log(
      JSON.stringify({
        server: 'Temporal CLI dev server, persistent database, restarted while paused',
        workflows: WORKFLOWS,
        completed,
        lost: WORKFLOWS - completed,
        listed_paused_after_restart: listedPaused,
        nondeterminism_errors: nondeterminism,
        server_restart_ms: restartMs,
        kill_to_all_completed_ms: Date.now() - killedAt,
      }),
    );
  } finally {
    await env.teardown();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Starts the workflows on a worker process, parks them all, then kills the process with SIGKILL. */
async function parkOnWorkerProcess(
  env: TestWorkflowEnvironment,
  taskQueue: string,
): Promise<Array<WorkflowHandle<typeof searchableIdler>>> {
  const workerProcess = spawnFixtureWorker(env.address, taskQueue);
  try {
    await workerProcess.line('stdout', (line) => line === 'ready');
    const handles = await Promise.all(
      Array.from({ length: WORKFLOWS }, () =>
        env.client.workflow.start(searchableIdler, { taskQueue, workflowId: `reliability-${randomUUID()}` }),
      ),
    );
    await Promise.all(
      handles.map((handle) => handle.executeUpdate(pauseUpdate, { args: [{ reason: 'before the crash' }] })),
    );
    for (const handle of handles) await waitForEvent(env.client, handle.workflowId, 'workflow.paused');
    workerProcess.child.kill('SIGKILL');
    check((await workerProcess.finished).signal === 'SIGKILL', 'the worker process died of SIGKILL');
    return handles;
  } finally {
    workerProcess.child.kill('SIGKILL');
  }
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`Expected: ${what}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
