// The history near the floor: a pause/resume cycle records only the park;
// readers derive pausing and resumed from the signals and updates themselves,
// and histories written when every event was recorded still replay and read.
import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { controlStateQuery, pauseSignal, pauseUpdate, resumeSignal, resumeUpdate } from '../src';
import { OWNER_MEMO_KEY } from '../src/common/ownership';
import { foldControlEvents } from './support/event-log';
import { createGatedActivities } from './fixtures/gated-activities';
import { finishSignal, idler, steps } from './fixtures/control-workflows';
import { recordedEvents, waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });
const { EventType } = temporal.api.enums.v1;
const OWNED = { [OWNER_MEMO_KEY]: { user_id: 'ann', tenant_id: 'acme' } };

describe('control events derived from the history', () => {
  it('records one memo upsert per pause/resume cycle and derives the rest, signals and updates alike', async () => {
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue);
    await worker.runUntil(async () => {
      const handle = await harness.start(idler, { taskQueue, memo: OWNED });
      // Refused by the workflow (another tenant's caller, a malformed request): no event.
      await handle.signal(pauseSignal, { caller: { userId: 'eve', tenantId: 'evil' } });
      await handle.signal(pauseSignal, { reason: 'x'.repeat(1001) });
      await handle.signal(pauseSignal, { reason: 'audit', requestedBy: 'ada' });
      const parked = await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      await harness.env.sleep('1 hour');
      await handle.signal(resumeSignal, { requestedBy: 'bob' });
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.resumed');
      await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'again' }] });
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused', parked.seq);
      await harness.env.sleep('2 hours');
      await handle.executeUpdate(resumeUpdate, { args: [{ requestedBy: 'cy' }] });
      const state = await handle.query(controlStateQuery);

      const events = await recordedEvents(harness.env.client, handle.workflowId);
      expect(events.map((event) => [event.seq, event.type, event.requested_by])).toEqual([
        [1, 'workflow.pausing', 'ada'],
        [2, 'workflow.paused', 'ada'],
        [3, 'workflow.resumed', 'bob'],
        [4, 'workflow.pausing', undefined],
        [5, 'workflow.paused', undefined],
        [6, 'workflow.resumed', 'cy'],
      ]);
      expect(state.lastEventSeq).toBe(6);
      expect(events[2]?.paused_ms).toBe(
        Date.parse(events[2]?.timestamp ?? '') - Date.parse(parked.timestamp),
      );
      expect(events[2]?.paused_ms).toBeGreaterThanOrEqual(3_600_000);
      expect(foldControlEvents(events, { auditLimit: 50 }).mismatch).toBeUndefined();

      const history = (await handle.fetchHistory()).events ?? [];
      const memoUpserts = history.filter(
        (event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
      );
      expect(memoUpserts).toHaveLength(2);
      await handle.signal(finishSignal);
      expect(await handle.result()).toBe(2);
    });
  });

  it('leaves a resume signal with input to the workflow, which records it only when its check accepts it', async () => {
    const gates = new Gates();
    const taskQueue = harness.taskQueue();
    const worker = await harness.createWorker(taskQueue, { activities: createGatedActivities(gates) });
    await worker.runUntil(async () => {
      // `steps` accepts only a string as resume input.
      const handle = await harness.start(steps, { taskQueue, args: [1] });
      await gates.started('step-1');
      await handle.signal(pauseSignal, {});
      gates.open('step-1');
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      await handle.signal(resumeSignal, { input: 42, requestedBy: 'mallory' });
      await handle.signal(resumeSignal, { input: 'go on', requestedBy: 'ops' });
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.resumed');
      const state = await handle.query(controlStateQuery);
      expect(await handle.result()).toEqual(['done step-1', 'input go on']);

      const events = await recordedEvents(harness.env.client, handle.workflowId);
      expect(events.map((event) => [event.seq, event.type, event.requested_by])).toEqual([
        [1, 'workflow.pausing', undefined],
        [2, 'workflow.paused', undefined],
        [3, 'workflow.resumed', 'ops'],
        [4, 'workflow.completed', undefined],
      ]);
      expect(state).toMatchObject({ status: 'running', lastEventSeq: 3 });
      expect(foldControlEvents(events, { auditLimit: 50 }).mismatch).toBeUndefined();
    });
  });

  it('replays a history recorded before events were derived (every event a memo upsert)', async () => {
    const json = readFileSync(require.resolve('./fixtures/histories/old-mode-idler.json'), 'utf8');
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(json) as Record<string, unknown>);
    await Worker.runReplayHistory({ workflowBundle: harness.bundle }, history, 'old-mode-idler');
  });

  it('replays every history this file produced', async () => {
    expect(await harness.replayAll()).toBeGreaterThan(0);
  });
});
