import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  ALREADY_PAUSED,
  controlStateQuery,
  INVALID_CONTROL_REQUEST,
  NOT_PAUSED,
  PAUSE_TIMED_OUT,
  pauseSignal,
  pauseUpdate,
  PRE_COMPLETION,
  PRE_EXECUTION,
  resumeSignal,
  resumeUpdate,
  type ControlEvent,
  type PauseRequest,
} from '../src';
import { createGatedActivities } from './fixtures/gated-activities';
import {
  generations,
  lastStep,
  manyCheckpoints,
  finishSignal,
  searchableIdler,
  searchableSteps,
  STATUS_SEARCH_ATTRIBUTE,
  steps,
} from './fixtures/control-workflows';
import {
  historyEventNamesAfter,
  historyLength,
  recordedEvents,
  scheduledActivityArgs,
  waitForEvent,
} from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });
const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs `body` with a worker on a fresh task queue whose activities wait at `gates`. */
async function withWorker<T>(gates: Gates, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = harness.taskQueue();
  const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
  return worker.runUntil(body(taskQueue));
}

/** Registers the Keyword search attribute the `searchable*` workflows publish to (once per server). */
async function registerStatusSearchAttribute(): Promise<void> {
  await harness.env.connection.operatorService
    .addSearchAttributes({
      namespace: 'default',
      searchAttributes: {
        [STATUS_SEARCH_ATTRIBUTE]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      },
    })
    .catch((error: unknown) => {
      if (!/already exists/i.test(String(error))) throw error;
    });
}

/** Starts `steps(count)`, pauses it while step 1 is in flight, lets step 1 finish and waits until it parks. */
async function pausedAfterStep1(
  gates: Gates,
  taskQueue: string,
  count: number,
  request: PauseRequest = {},
): Promise<{ handle: WorkflowHandle<typeof steps>; paused: ControlEvent }> {
  const handle = await harness.start(steps, { taskQueue, args: [count] });
  await gates.started('step-1');
  await handle.executeUpdate(pauseUpdate, { args: [request] });
  gates.open('step-1');
  const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
  return { handle, paused };
}

async function rejection(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => {
      throw new Error('expected the update to be rejected');
    },
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

describe('pause and resume at checkpoints', () => {
  it('publishes the status to a search attribute on each change, when asked to', async () => {
    await registerStatusSearchAttribute();
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(searchableSteps, { taskQueue, args: [2] });
      const status = async () => (await handle.describe()).searchAttributes[STATUS_SEARCH_ATTRIBUTE];
      await gates.started('step-1');
      // Nothing is published while nothing happens: no event for a workflow never paused.
      expect(await status()).toBeUndefined();
      await handle.executeUpdate(pauseUpdate, { args: [{}] });
      expect(await status()).toEqual(['pausing']);
      gates.open('step-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(await status()).toEqual(['paused']);
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      gates.open('step-2');
      await handle.result();
      expect(await status()).toEqual(['running']);
      expect(statusUpserts((await handle.fetchHistory()).events ?? [])).toHaveLength(3);
    });
  });

  it('applies its options before it handles a pause that came with the start', async () => {
    await registerStatusSearchAttribute();
    await withWorker(new Gates(), async (taskQueue) => {
      // The pause is in the workflow's first activation: it is handled the moment the
      // handlers are registered, which must come after the options of installControl().
      const handle = await harness.env.client.workflow.signalWithStart(searchableIdler, {
        taskQueue,
        workflowId: `wf-${randomUUID()}`,
        signal: pauseSignal,
        signalArgs: [{ reason: 'from the start' }],
      });
      harness.track(handle.workflowId);
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      const history = (await handle.fetchHistory()).events ?? [];
      // One for `pausing`, one for `paused`.
      expect(statusUpserts(history)).toHaveLength(2);
      await handle.signal(finishSignal);
      await handle.signal(resumeSignal);
      expect(await handle.result()).toBe(1);
    });
  });

  it('lets the in-flight activity finish, parks at the next checkpoint and schedules nothing more', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(steps, { taskQueue, args: [3] });
      await gates.started('step-1');
      const pausing = await handle.executeUpdate(pauseUpdate, {
        args: [{ reason: 'review', requestedBy: 'alice' }],
      });
      expect(pausing).toMatchObject({
        status: 'pausing',
        reason: 'review',
        requestedBy: 'alice',
        // Counted without the interceptors too: the control observes the activities it starts.
        inFlightActivities: 1,
      });
      gates.open('step-1');

      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused).toMatchObject({ checkpoint: 'after_step_1', reason: 'review', requested_by: 'alice' });
      const state = await handle.query(controlStateQuery);
      expect(state).toMatchObject({ status: 'paused', checkpoint: 'after_step_1', pauseCount: 1 });
      expect(state.pausedAt).toBeDefined();
      expect(await scheduledActivityArgs(handle)).toEqual(['step-1']);
      const historyAtPause = await historyLength(handle);

      gates.open('step-2');
      gates.open('step-3');
      await harness.env.sleep('1 hour');
      expect(await scheduledActivityArgs(handle)).toEqual(['step-1']);
      expect(await historyLength(handle)).toBe(historyAtPause);

      const resumed = await handle.executeUpdate(resumeUpdate, {
        args: [{ requestedBy: 'bob', input: 'go on' }],
      });
      expect(resumed).toMatchObject({ status: 'running', pauseCount: 1 });
      expect(await handle.result()).toEqual(['done step-1', 'input go on', 'done step-2', 'done step-3']);
      expect(await scheduledActivityArgs(handle)).toEqual(['step-1', 'step-2', 'step-3']);

      const events = await recordedEvents(harness.env.client, handle.workflowId);
      expect(events.map((event) => [event.seq, event.type])).toEqual([
        [1, 'workflow.pausing'],
        [2, 'workflow.paused'],
        [3, 'workflow.resumed'],
        [4, 'workflow.completed'],
      ]);
      expect(events[2]).toMatchObject({ checkpoint: 'after_step_1', requested_by: 'bob' });
      expect(events[2]?.paused_ms).toBeGreaterThanOrEqual(60 * 60 * 1000);
      const final = await handle.query(controlStateQuery);
      expect(final.history).toEqual([
        expect.objectContaining({
          reason: 'review',
          requestedBy: 'alice',
          checkpoint: 'after_step_1',
          resumedBy: 'bob',
          outcome: 'resumed',
        }),
      ]);
    });
  });

  it('withholds the result at pre_completion until resumed', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(lastStep, { taskQueue });
      await gates.started('last');
      await handle.signal(pauseSignal, { reason: 'check the result' });
      gates.open('last');
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused.checkpoint).toBe(PRE_COMPLETION);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.signal(resumeSignal);
      expect(await handle.result()).toBe('done last');
    });
  });

  it('ends CANCELED when cancelled while paused, with was_paused in the event', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const { handle } = await pausedAfterStep1(gates, taskQueue, 2);
      await handle.cancel();
      const error = await handle.result().catch((error: unknown) => error);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      const events = await recordedEvents(harness.env.client, handle.workflowId);
      expect(events.at(-1)).toMatchObject({
        type: 'workflow.cancelled',
        checkpoint: 'after_step_1',
        was_paused: true,
      });
      expect(events.filter((event) => event.type === 'workflow.cancelled')).toHaveLength(1);
    });
  });

  it('rejects a second pause and a needless resume in the validator, leaving no history', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(steps, { taskQueue, args: [2] });
      await gates.started('step-1');

      const notPaused = await rejection(handle.executeUpdate(resumeUpdate, { args: [{}] }));
      expect(notPaused.type).toBe(NOT_PAUSED);

      await handle.executeUpdate(pauseUpdate, { args: [{ requestId: 'pause-1' }] });
      const before = await historyLength(handle);
      const whilePausing = await rejection(
        handle.executeUpdate(pauseUpdate, { args: [{ requestId: 'pause-2' }] }),
      );
      expect(whilePausing.type).toBe(ALREADY_PAUSED);
      expect(whilePausing.message).toContain('pausing');
      // The Temporal server discards the speculative workflow task of a
      // rejected update; the Java test server records it, and nothing else.
      const afterRejection = await historyEventNamesAfter(handle, before);
      expect(afterRejection.filter((name) => !name.startsWith('WorkflowTask'))).toEqual([]);
      expect((await handle.query(controlStateQuery)).lastEventSeq).toBe(1);

      const again = await handle.executeUpdate(pauseUpdate, { args: [{ requestId: 'pause-1' }] });
      expect(again.status).toBe('pausing');

      gates.open('step-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      const whilePaused = await rejection(handle.executeUpdate(pauseUpdate, { args: [{}] }));
      expect(whilePaused.type).toBe(ALREADY_PAUSED);
      expect(whilePaused.message).toContain('paused');

      await handle.executeUpdate(resumeUpdate, { args: [{ requestId: 'resume-1' }] });
      const repeated = await handle.executeUpdate(resumeUpdate, { args: [{ requestId: 'resume-1' }] });
      expect(repeated.status).toBe('running');
      gates.open('step-2');
      expect(await handle.result()).toEqual(['done step-1', 'done step-2']);
      const state = await handle.query(controlStateQuery);
      expect(state.pauseCount).toBe(1);
      expect(state.history).toHaveLength(1);
    });
  });

  it('withdraws a pending pause when resumed while pausing; the workflow never parks', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(steps, { taskQueue, args: [2] });
      await gates.started('step-1');
      await handle.signal(pauseSignal, { reason: 'second thoughts' });
      const withdrawn = await handle.executeUpdate(resumeUpdate, { args: [{ requestedBy: 'carol' }] });
      expect(withdrawn.status).toBe('running');
      gates.open('step-1');
      gates.open('step-2');
      expect(await handle.result()).toEqual(['done step-1', 'done step-2']);
      const events = await recordedEvents(harness.env.client, handle.workflowId);
      expect(events.map((event) => event.type)).toEqual([
        'workflow.pausing',
        'workflow.resumed',
        'workflow.completed',
      ]);
      expect(events[1]).toMatchObject({ paused_ms: 0, requested_by: 'carol' });
      expect(events[1]?.checkpoint).toBeUndefined();
      const state = await handle.query(controlStateQuery);
      expect(state.pauseCount).toBe(0);
      expect(state.history).toEqual([expect.objectContaining({ outcome: 'withdrawn', pausedMs: 0 })]);
    });
  });

  describe('a 7-day pause timeout', () => {
    it('resumes by itself with onTimeout "resume"', async () => {
      const gates = new Gates();
      await withWorker(gates, async (taskQueue) => {
        const { handle, paused } = await pausedAfterStep1(gates, taskQueue, 2, { timeout: '7 days' });
        const state = await handle.query(controlStateQuery);
        expect(Date.parse(state.deadline ?? '') - Date.parse(state.pausedAt ?? '')).toBe(7 * DAY_MS);
        expect(state.onTimeout).toBe('resume');
        gates.open('step-2');
        expect(await handle.result()).toEqual(['done step-1', 'done step-2']);
        const resumed = await waitForEvent(
          harness.env.client,
          handle.workflowId,
          'workflow.resumed',
          paused.seq,
        );
        expect(resumed).toMatchObject({ requested_by: 'timeout', checkpoint: 'after_step_1' });
        // The timer fires at the deadline; the workflow task that sees it starts a moment later.
        expect(resumed.paused_ms).toBeGreaterThanOrEqual(7 * DAY_MS);
        expect(resumed.paused_ms).toBeLessThan(7 * DAY_MS + 60_000);
        const final = await handle.query(controlStateQuery);
        expect(final.history[0]).toMatchObject({ outcome: 'timed_out', resumedBy: 'timeout' });
      });
    });

    it('fails the workflow with onTimeout "fail"', async () => {
      const gates = new Gates();
      await withWorker(gates, async (taskQueue) => {
        const { handle } = await pausedAfterStep1(gates, taskQueue, 2, {
          timeout: '7 days',
          onTimeout: 'fail',
        });
        const error = await handle.result().catch((error: unknown) => error);
        expect(error).toBeInstanceOf(WorkflowFailedError);
        const cause = (error as WorkflowFailedError).cause;
        expect(cause).toBeInstanceOf(ApplicationFailure);
        expect((cause as ApplicationFailure).type).toBe(PAUSE_TIMED_OUT);
        expect((await handle.describe()).status.name).toBe('FAILED');
        expect(await scheduledActivityArgs(handle)).toEqual(['step-1']);
      });
    });

    it('raises a cancellation in the workflow with onTimeout "cancel"', async () => {
      const gates = new Gates();
      await withWorker(gates, async (taskQueue) => {
        const { handle } = await pausedAfterStep1(gates, taskQueue, 2, {
          timeout: '7 days',
          onTimeout: 'cancel',
        });
        const error = await handle.result().catch((error: unknown) => error);
        expect(error).toBeInstanceOf(WorkflowFailedError);
        expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
        expect((error as WorkflowFailedError).cause?.message).toBe('Pause at `after_step_1` timed out');
        const events = await recordedEvents(harness.env.client, handle.workflowId);
        expect(events.slice(-2)).toEqual([
          expect.objectContaining({
            type: 'workflow.cancelled',
            checkpoint: 'after_step_1',
            was_paused: true,
          }),
          expect.objectContaining({ type: 'workflow.failed' }),
        ]);
        expect(await scheduledActivityArgs(handle)).toEqual(['step-1']);
      });
    });
  });

  it('adds no history event during a 30-day pause without timeout', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const { handle } = await pausedAfterStep1(gates, taskQueue, 1);
      const before = await historyLength(handle);
      await harness.env.sleep('30 days');
      const after = await historyLength(handle);
      process.stdout.write(`history events added by a 30-day pause: ${after - before}\n`);
      expect(after - before).toBe(0);
      await handle.signal(resumeSignal);
      expect(await handle.result()).toEqual(['done step-1']);
    });
  });

  it('adds no history event for 100 checkpoints passed while running', async () => {
    await withWorker(new Gates(), async (taskQueue) => {
      const withCheckpoints = await harness.start(manyCheckpoints, { taskQueue, args: [100, true] });
      const without = await harness.start(manyCheckpoints, { taskQueue, args: [100, false] });
      expect(await withCheckpoints.result()).toBe(0);
      expect(await without.result()).toBe(0);
      const withCount = await historyLength(withCheckpoints);
      const withoutCount = await historyLength(without);
      process.stdout.write(`history events, 100 checkpoints vs none: ${withCount} vs ${withoutCount}\n`);
      expect(withCount).toBe(withoutCount);
    });
  });

  it('rebuilds the paused state by replay on a new worker', async () => {
    const gates = new Gates();
    const taskQueue = harness.taskQueue();
    const activities = createGatedActivities(gates);
    // The Java test server never moves a task off the sticky queue of a worker
    // that stopped, so the first worker keeps no cache (and no sticky queue).
    const first = await harness.createWorker(taskQueue, { activities, maxCachedWorkflows: 0 });
    const { handle } = await first.runUntil(pausedAfterStep1(gates, taskQueue, 2, { reason: 'restart' }));
    expect(first.getState()).toBe('STOPPED');

    const second = await harness.createWorker(taskQueue, { activities });
    await second.runUntil(async () => {
      expect(await handle.query(controlStateQuery)).toMatchObject({
        status: 'paused',
        checkpoint: 'after_step_1',
        reason: 'restart',
      });
      gates.open('step-2');
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      expect(await handle.result()).toEqual(['done step-1', 'done step-2']);
    });
  });

  it('carries a pending pause across continue-as-new', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(generations, { taskQueue, args: [1, 2] });
      const firstRunId = (await handle.describe()).runId;
      await gates.started('generation-1');
      await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'across runs' }] });
      gates.open('generation-1');
      const paused = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect(paused).toMatchObject({ seq: 2, checkpoint: PRE_EXECUTION, reason: 'across runs' });
      expect(paused.run_id).not.toBe(firstRunId);
      expect(await handle.query(controlStateQuery)).toMatchObject({ status: 'paused', lastEventSeq: 2 });
      expect(await scheduledActivityArgs(harness.env.client.workflow.getHandle(handle.workflowId))).toEqual(
        [],
      );
      gates.open('generation-2');
      await handle.signal(resumeSignal);
      const latest = harness.env.client.workflow.getHandle(handle.workflowId);
      expect(await latest.result()).toBe(2);
      const resumed = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.resumed');
      expect(resumed.seq).toBe(3);
    });
  });

  it('answers the query in every state, through signals as well as updates', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(steps, { taskQueue, args: [1] });
      await gates.started('step-1');
      expect((await handle.query(controlStateQuery)).status).toBe('running');
      await handle.signal(pauseSignal, { reason: 'by signal' });
      expect((await handle.query(controlStateQuery)).status).toBe('pausing');
      gates.open('step-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      expect((await handle.query(controlStateQuery)).status).toBe('paused');
      await handle.signal(resumeSignal, { input: 'from a signal' });
      expect(await handle.result()).toEqual(['done step-1', 'input from a signal']);
      expect((await handle.query(controlStateQuery)).status).toBe('running');
    });
  });

  it('rejects bad input with a message that names the field, changing nothing', async () => {
    const gates = new Gates();
    await withWorker(gates, async (taskQueue) => {
      const handle = await harness.start(steps, { taskQueue, args: [1] });
      await gates.started('step-1');
      const cases: Array<[unknown, string]> = [
        [{ reason: 'x'.repeat(1001) }, '`reason` to be at most 1000 characters, got 1001'],
        [{ reason: 42 }, '`reason` to be a string, got `42` (number)'],
        [{ requestedBy: ['alice'] }, '`requestedBy` to be a string, got an array'],
        [{ timeout: -5 }, '`timeout` to be a positive duration of at most 100000 weeks, got `-5` (number)'],
        [
          { timeout: 'soonish' },
          '`timeout` to be a positive duration of at most 100000 weeks, got `soonish` (string)',
        ],
        [
          { onTimeout: 'explode' },
          "`onTimeout` to be one of 'resume', 'fail', 'cancel', got `explode` (string)",
        ],
        ['pause please', 'the pause request to be an object, got `pause please` (string)'],
      ];
      for (const [input, message] of cases) {
        const failure = await rejection(handle.executeUpdate(pauseUpdate, { args: [input as PauseRequest] }));
        expect(failure.type).toBe(INVALID_CONTROL_REQUEST);
        expect(failure.message).toBe(`Expected ${message}`);
      }
      await handle.signal(pauseSignal, { timeout: -5 });
      expect(await handle.query(controlStateQuery)).toMatchObject({ status: 'running', lastEventSeq: 0 });

      await handle.executeUpdate(pauseUpdate, { args: [{}] });
      gates.open('step-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      const badInput = await rejection(handle.executeUpdate(resumeUpdate, { args: [{ input: 7 }] }));
      expect(badInput.type).toBe(INVALID_CONTROL_REQUEST);
      expect(badInput.message).toBe('Invalid resume `input`: expected a string');
      expect((await handle.query(controlStateQuery)).status).toBe('paused');
      await handle.executeUpdate(resumeUpdate, { args: [{ input: 'fine' }] });
      expect(await handle.result()).toEqual(['done step-1', 'input fine']);
    });
  });

  it('replays every history this file produced', async () => {
    expect(await harness.replayAll()).toBeGreaterThanOrEqual(14);
  });
});

/** The upserts of the status search attribute (not the SDK's own `TemporalChangeVersion`). */
function statusUpserts(events: temporal.api.history.v1.IHistoryEvent[]): unknown[] {
  return events.filter(
    (event) =>
      event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.[
        STATUS_SEARCH_ATTRIBUTE
      ],
  );
}
