import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createActivities, type AnalysisRequest } from '../activities';
import { activityProgressInterceptors } from '../src/activity';
import type { ControlEvent, ControlState } from '../src';
import type { TaskStatus } from '../src/client';
import type { research, supervisor } from '../workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';
import { runCli, spawnCli } from './support/processes';

const WORKFLOWS_PATH = require.resolve('../workflows');

const harness = useHarness({
  workflowsPath: WORKFLOWS_PATH,
  workflowInterceptorModules: [require.resolve('../src/workflow-interceptors')],
});

/** The CLI's environment: the test server's address and this test's task queue. */
function cliEnv(taskQueue: string): NodeJS.ProcessEnv {
  return { TEMPORAL_ADDRESS: harness.env.address, TEMPORAL_NAMESPACE: 'default', TASK_QUEUE: taskQueue };
}

/** Workflows the CLI started, replayed at the end of the file. */
const startedIds: string[] = [];

/** Runs the CLI and returns its one line of JSON output; fails with its stderr if it exits non-zero. */
async function cliJson<T>(taskQueue: string, ...args: string[]): Promise<T> {
  const result = await runCli(args, cliEnv(taskQueue));
  if (result.code !== 0) throw new Error(`\`${args.join(' ')}\` exited ${result.code}: ${result.stderr}`);
  const output = JSON.parse(result.stdout) as T;
  if (args[0] === 'start') startedIds.push((output as { workflow_id: string }).workflow_id);
  return output;
}

describe('temporal-checkpoint CLI', () => {
  it('starts research, pauses it during an activity, shows pausing then paused, resumes it, and watches it end', async () => {
    const gates = new Gates();
    const activities = createActivities();
    // analyzeSources waits at gate `analyze-<iteration>`; everything else runs at once.
    const gated = {
      ...activities,
      async analyzeSources(request: AnalysisRequest) {
        await gates.pass(`analyze-${request.iteration}`);
        return activities.analyzeSources(request);
      },
    };
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue, {
      activities: gated,
      interceptors: { activity: [activityProgressInterceptors] },
    });
    await worker.runUntil(async () => {
      const workflowId = `research-${randomUUID()}`;
      const input = JSON.stringify({ topic: 'tidal energy', iterations: 2 });
      const started = await cliJson<Record<string, string>>(
        taskQueue,
        'start',
        'research',
        '--input',
        input,
        '--id',
        workflowId,
      );
      expect(started).toMatchObject({ workflow_id: workflowId, workflow: 'research', task_queue: taskQueue });
      const watch = spawnCli(['watch', workflowId], cliEnv(taskQueue));

      await gates.started('analyze-1');
      const pausing = await cliJson<ControlState>(
        taskQueue,
        'pause',
        workflowId,
        '--reason',
        'review sources',
        '--requested-by',
        'alice',
      );
      expect(pausing).toMatchObject({ status: 'pausing', reason: 'review sources', requestedBy: 'alice' });
      const whilePausing = await cliJson<TaskStatus>(taskQueue, 'state', workflowId);
      expect(whilePausing).toMatchObject({
        status: 'running',
        control: { status: 'pausing', inFlightActivities: 1 },
      });

      gates.open('analyze-1');
      const paused = await waitForEvent(harness.env.client, workflowId, 'workflow.paused');
      expect(paused.checkpoint).toBe('iteration_1');
      const whilePaused = await cliJson<TaskStatus>(taskQueue, 'state', workflowId);
      expect(whilePaused).toMatchObject({
        workflowId,
        workflowType: 'research',
        status: 'running',
        control: { status: 'paused', checkpoint: 'iteration_1', inFlightActivities: 0 },
      });

      const resumed = await cliJson<ControlState>(
        taskQueue,
        'resume',
        workflowId,
        '--input',
        '{"focus":"storage"}',
      );
      expect(resumed).toMatchObject({ status: 'running', pauseCount: 1 });
      gates.open('analyze-2');
      const report = await harness.env.client.workflow.getHandle<typeof research>(workflowId).result();
      expect(report.guidance).toEqual(['storage']);
      expect(report.findings.map((finding) => finding.iteration)).toEqual([1, 2]);

      const watched = await watch.finished;
      expect(watched.code).toBe(0);
      const events = watch.jsonLines<ControlEvent>('stdout');
      expect(events.map((event) => [event.seq, event.type, event.checkpoint])).toEqual([
        [1, 'workflow.pausing', undefined],
        [2, 'workflow.paused', 'iteration_1'],
        [3, 'workflow.resumed', 'iteration_1'],
        [4, 'workflow.completed', undefined],
      ]);
      expect(await cliJson<TaskStatus>(taskQueue, 'state', workflowId)).toMatchObject({
        status: 'completed',
      });
    });
  });

  it('names the problem and exits non-zero on an unknown task, bad JSON and an unknown command', async () => {
    const taskQueue = harness.taskQueue();
    const missing = `missing-${randomUUID()}`;
    const [state, pause, watch, badInput, unknownCommand, unknownWorkflow] = await Promise.all([
      runCli(['state', missing], cliEnv(taskQueue)),
      runCli(['pause', missing, '--reason', 'x'], cliEnv(taskQueue)),
      runCli(['watch', missing], cliEnv(taskQueue)),
      runCli(['start', 'research', '--input', '{topic:'], cliEnv(taskQueue)),
      runCli(['frobnicate'], cliEnv(taskQueue)),
      runCli(['start', 'nonsense'], cliEnv(taskQueue)),
    ]);
    for (const result of [state, pause, watch]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Task not found: \`${missing}\``);
      expect(result.stdout).toBe('');
    }
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toContain('Invalid --input: expected JSON, got `{topic:`');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('Unknown command `frobnicate`');
    expect(unknownWorkflow.code).toBe(2);
    expect(unknownWorkflow.stderr).toContain(
      'Unknown workflow `nonsense`: expected one of research, supervisor',
    );
  });

  it('reports requests the workflow rejects, and cancels', async () => {
    const gates = new Gates();
    const taskQueue = harness.taskQueue();
    const activities = createActivities();
    const worker = await harness.createWorker(taskQueue, {
      interceptors: { activity: [activityProgressInterceptors] },
      activities: {
        ...activities,
        async searchSources(...args: Parameters<typeof activities.searchSources>) {
          await gates.pass('search');
          return activities.searchSources(...args);
        },
      },
    });
    await worker.runUntil(async () => {
      const { workflow_id: workflowId } = await cliJson<{ workflow_id: string }>(
        taskQueue,
        'start',
        'research',
        '--input',
        '{"topic":"wind","iterations":1}',
      );
      await gates.started('search');
      const notPaused = await runCli(['resume', workflowId], cliEnv(taskQueue));
      expect(notPaused.code).toBe(1);
      expect(notPaused.stderr).toMatch(/not paused/i);
      const badTimeout = await runCli(['pause', workflowId, '--on-timeout', 'explode'], cliEnv(taskQueue));
      expect(badTimeout.code).toBe(1);
      expect(badTimeout.stderr).toContain('onTimeout');
      const cancelled = await cliJson<Record<string, unknown>>(taskQueue, 'cancel', workflowId);
      expect(cancelled).toEqual({ workflow_id: workflowId, cancel_requested: true });
      const outcome: unknown = await harness.env.client.workflow
        .getHandle(workflowId)
        .result()
        .then(
          () => 'completed',
          (error: unknown) => error,
        );
      expect(outcome).toBeInstanceOf(WorkflowFailedError);
      expect(await cliJson<TaskStatus>(taskQueue, 'state', workflowId)).toMatchObject({
        status: 'cancelled',
      });
      const cancelAgain = await runCli(['cancel', workflowId], cliEnv(taskQueue));
      expect(cancelAgain.code).toBe(1);
      expect(cancelAgain.stderr).toContain(`Task \`${workflowId}\` is cancelled`);
      gates.open('search');
    });
  });

  it('starts a supervisor whose research children all report', async () => {
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue, {
      activities: createActivities(),
      interceptors: { activity: [activityProgressInterceptors] },
    });
    await worker.runUntil(async () => {
      const input = JSON.stringify({ topics: ['solar', 'wind'], iterations: 1 });
      const { workflow_id: workflowId } = await cliJson<{ workflow_id: string }>(
        taskQueue,
        'start',
        'supervisor',
        '--input',
        input,
      );
      expect(workflowId).toMatch(/^supervisor-/);
      const report = await harness.env.client.workflow.getHandle<typeof supervisor>(workflowId).result();
      expect(report.reports.map((child) => child.topic)).toEqual(['solar', 'wind']);
      const child = await harness.env.client.workflow.getHandle(`${workflowId}/research-2`).describe();
      expect(child.status.name).toBe('COMPLETED');
      startedIds.push(`${workflowId}/research-1`, `${workflowId}/research-2`);
    });
  });

  it('replays every history this file produced', async () => {
    const histories = await Promise.all(
      startedIds.map(async (workflowId) => ({
        workflowId,
        history: await harness.env.client.workflow.getHandle(workflowId).fetchHistory(),
      })),
    );
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: harness.bundle }, histories)) {
      expect(result.error).toBeUndefined();
      replayed++;
    }
    expect(replayed).toBe(5);
  });
});
