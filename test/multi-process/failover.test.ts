/**
 * Two copies of the worker process behind one Temporal dev server, as behind
 * a load balancer. Copy A dies (SIGKILL) while 10 tasks are pausing with
 * their activities in flight on it; copy B, the survivor, brings every task
 * to `paused`, resumes it and completes it, and an event stream that A was
 * serving continues on B from its `Last-Event-ID` with nothing lost or
 * repeated.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDevServerEnvironment } from '../../src/testing';
import { call, COPIES_KEY, type Copy } from '../support/copies';
import { EventStreamClient, type SseFrame } from '../support/event-stream';
import { failover, type FailoverResult } from '../support/failover';
import { replayProcessHistories } from '../support/process-replay';

let server: TestWorkflowEnvironment;
let run: FailoverResult | undefined;

beforeAll(async () => {
  server = await createDevServerEnvironment();
}, 60_000);

afterAll(async () => {
  if (run && run.b.process.child.exitCode === null) {
    run.b.process.child.kill('SIGTERM');
    await run.b.process.finished;
  }
  if (run && run.a.process.child.exitCode === null) run.a.process.child.kill('SIGKILL');
  await server?.teardown();
}, 60_000);

function stream(copy: Copy, taskId: string, lastEventId?: string): Promise<EventStreamClient> {
  return EventStreamClient.open(`${copy.http}/api/v1/stream/sse?workflow_id=${encodeURIComponent(taskId)}`, {
    'x-api-key': COPIES_KEY,
    ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
  });
}

function eventsOf(frames: SseFrame[]): Array<{ id: string | undefined; event: string | undefined }> {
  return frames.map((frame) => ({ id: frame.id, event: frame.event }));
}

const WHOLE_STREAM = [
  { id: '1', event: 'workflow.pausing' },
  { id: '2', event: 'workflow.paused' },
  { id: '3', event: 'workflow.resumed' },
  { id: '4', event: 'workflow.completed' },
];

it('survives the SIGKILL of a copy: every pausing task pauses, resumes and completes on the other', async () => {
  let throughA: EventStreamClient | undefined;
  let throughB: EventStreamClient | undefined;
  run = await failover({
    server: { address: server.address, client: server.client },
    stickyQueueTimeoutMs: 3_000,
    tasks: 10,
    beforeKill: async ({ a, b }, [first, second]) => {
      // One stream that A serves (it dies with A), one that B serves from the start.
      throughA = await stream(a, first);
      throughB = await stream(b, second);
      expect(eventsOf([await throughA.next()])).toEqual([{ id: '1', event: 'workflow.pausing' }]);
      // A pause sent through A is seen through B.
      const state = await call(b, 'GET', `/api/v1/tasks/${second}/control-state`);
      expect(state.body).toMatchObject({ status: 'pausing', pause_reason: 'failover' });
      expect(state.body.in_flight_activities).toBeGreaterThanOrEqual(1);
    },
  });
  const { b, taskIds, workflowIds } = run;
  if (!throughA || !throughB) throw new Error('the streams were not opened');

  // A's stream ended with A; it continues on B after the last event it delivered.
  await throughA.ended;
  const beforeKill = throughA.frames;
  const resumedStream = await stream(b, taskIds[0], beforeKill[beforeKill.length - 1]?.id);

  for (const taskId of taskIds) {
    expect((await call(b, 'POST', `/api/v1/tasks/${taskId}/resume`)).status).toBe(202);
  }
  for (const workflowId of workflowIds) {
    expect(await server.client.workflow.getHandle(workflowId).result()).toMatchObject({ topic: 'wind' });
  }
  expect(eventsOf([...beforeKill, ...(await resumedStream.rest())])).toEqual(WHOLE_STREAM);
  await throughB.ended;
  expect(eventsOf(throughB.frames)).toEqual(WHOLE_STREAM);

  // Every first activity was in flight on A and ran again, on B.
  for (const workflowId of workflowIds) {
    const history = await server.client.workflow.getHandle(workflowId).fetchHistory();
    const firstStart = history.events?.find((event) => event.activityTaskStartedEventAttributes);
    expect(firstStart?.activityTaskStartedEventAttributes).toMatchObject({
      attempt: 2,
      identity: b.identity,
    });
  }
}, 180_000);

it('replays every history it produced without a nondeterminism error', async () => {
  if (!run) throw new Error('the failover test did not run');
  const results = await replayProcessHistories(server.client, run.workflowIds);
  for (const result of results) {
    if (result.error) throw new Error(`Replay of ${result.workflowId} failed: ${String(result.error)}`);
  }
  expect(results).toHaveLength(10);
}, 120_000);
