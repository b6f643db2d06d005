import { randomUUID } from 'node:crypto';
import { SimpleSpanProcessor, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ExportResult } from '@opentelemetry/core';
import { Client } from '@temporalio/client';
import { installTracing } from '../src/worker';
import { createGatedActivities } from './fixtures/gated-activities';
import { steps } from './fixtures/control-workflows';
import { waitForEvent } from './support/control';
import { Gates } from './support/gates';
import { useHarness } from './support/harness';
import { ALICE_OWNS, aliceWorkflowId, createApiCaller, createTestApi, KEYS } from './support/http';

type Call = Awaited<ReturnType<typeof createApiCaller>>['call'];

/** Keeps every exported span and resolves waiters as matching spans arrive (workflow spans come through a sink). */
class RecordingSpanExporter extends InMemorySpanExporter {
  private readonly waiters: Array<{
    match: (span: ReadableSpan) => boolean;
    resolve: (span: ReadableSpan) => void;
  }> = [];

  override export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    super.export(spans, done);
    for (const span of spans) {
      for (const waiter of this.waiters.filter((candidate) => candidate.match(span))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(span);
      }
    }
  }

  /**
   * The first span (already exported or still to come) that `match` accepts.
   * Rejects after `withinMs`, naming the spans exported so far, so that a
   * broken propagation fails the test instead of hanging it.
   */
  span(match: (span: ReadableSpan) => boolean, withinMs = 10_000): Promise<ReadableSpan> {
    const exported = this.getFinishedSpans().find(match);
    if (exported) return Promise.resolve(exported);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const names = this.getFinishedSpans().map((span) => `${span.name}@${span.spanContext().traceId}`);
        reject(new Error(`No matching span within ${withinMs} ms; exported: ${names.join(', ')}`));
      }, withinMs);
      const waiter = {
        match,
        resolve: (span: ReadableSpan) => {
          clearTimeout(timer);
          resolve(span);
        },
      };
      this.waiters.push(waiter);
    });
  }
}

const spans = new RecordingSpanExporter();
const tracing = installTracing({
  spanProcessor: new SimpleSpanProcessor(spans),
  serviceName: 'tracing-test',
});
const harness = useHarness({
  workflowsPath: require.resolve('./fixtures/control-workflows'),
  workflowInterceptorModules: tracing.workflowModules,
});
afterAll(() => tracing.shutdown());

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

const named = (name: string, traceId: string) => (span: ReadableSpan) =>
  span.name === name && span.spanContext().traceId === traceId;

/** Runs `body` against an API whose client, and a worker whose workflows and activities, take part in the trace. */
async function withTracedApi(
  body: (context: { call: Call; client: Client; taskQueue: string; gates: Gates }) => Promise<void>,
): Promise<void> {
  const gates = new Gates();
  const taskQueue = harness.taskQueue();
  const client = new Client({
    connection: harness.env.connection,
    interceptors: { workflow: tracing.workflowClientInterceptors },
  });
  const app = createTestApi(client, taskQueue);
  try {
    const { call } = await createApiCaller(app, KEYS.alice);
    const worker = await harness.createWorker(taskQueue, {
      activities: createGatedActivities(gates),
      interceptors: { activity: tracing.activityInterceptors },
      sinks: tracing.sinks,
    });
    // Open the gate at the end: an activity left in flight would hold back the test server's clock.
    await worker.runUntil(body({ call, client, taskQueue, gates }).finally(() => gates.open('step-1')));
  } finally {
    await app.close();
  }
}

describe('traceparent', () => {
  it('continues a valid trace into the workflow and records its trace id; ignores an invalid one', async () => {
    await withTracedApi(async ({ call, client, taskQueue, gates }) => {
      // A task of alice's tenant id space: the pause is one update, the one span checked below.
      const taskId = `traced-${randomUUID()}`;
      const traced = await harness.start(steps, {
        taskQueue,
        args: [1],
        memo: ALICE_OWNS,
        workflowId: aliceWorkflowId(taskId),
      });
      await gates.started('step-1');
      const valid = await call('POST', `/api/v1/tasks/${taskId}/pause`, {
        headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
        body: { reason: 'traced' },
      });
      expect(valid.status).toBe(202);
      expect(await waitForEvent(client, traced.workflowId, 'workflow.pausing')).toMatchObject({
        trace_id: TRACE_ID,
      });

      // The client's update span is a child of the caller's span, and the
      // workflow's handler span (recorded inside the workflow) a child of it.
      const sent = await spans.span(named('StartWorkflowUpdate:requestPause', TRACE_ID));
      expect(sent.parentSpanId).toBe(CALLER_SPAN_ID);
      const handled = await spans.span(named('HandleUpdate:requestPause', TRACE_ID));
      expect(handled.parentSpanId).toBe(sent.spanContext().spanId);
      expect(handled.attributes).toMatchObject({ workflowId: traced.workflowId });

      const untraced = await harness.start(steps, { taskQueue, args: [1], memo: ALICE_OWNS });
      const zeroTrace = '0'.repeat(32);
      const invalid = await call('POST', `/api/v1/tasks/${untraced.workflowId}/pause`, {
        headers: { traceparent: `00-${zeroTrace}-${CALLER_SPAN_ID}-01` },
      });
      expect(invalid.status).toBe(202);
      const pausing = await waitForEvent(client, untraced.workflowId, 'workflow.pausing');
      expect(pausing.trace_id).toBeUndefined();
      expect(pausing.requested_by).toBe('alice');
      // Without a valid parent the update starts a trace of its own.
      const ownTrace = await spans.span(
        (span) =>
          span.name === 'HandleUpdate:requestPause' &&
          span.spanContext().traceId !== TRACE_ID &&
          span.spanContext().traceId !== zeroTrace,
      );
      expect(ownTrace.parentSpanId).toBeDefined();
    });
  });

  it('carries the trace of a submission into the workflow run and its activities', async () => {
    await withTracedApi(async ({ call, client, gates }) => {
      const traceId = `${'a'.repeat(31)}1`;
      const submitted = await call('POST', '/api/v1/tasks', {
        headers: { traceparent: `00-${traceId}-${CALLER_SPAN_ID}-01` },
        body: { workflow: 'steps', input: 1 },
      });
      expect(submitted.status).toBe(202);
      const taskId = (submitted.body as { task_id: string }).task_id;
      harness.track(aliceWorkflowId(taskId));
      gates.open('step-1');
      await client.workflow.getHandle(aliceWorkflowId(taskId)).result();
      // caller → StartWorkflow (client) → RunWorkflow (workflow) → StartActivity → RunActivity (activity)
      const started = await spans.span(named('StartWorkflow:steps', traceId));
      expect(started.parentSpanId).toBe(CALLER_SPAN_ID);
      const run = await spans.span(named('RunWorkflow:steps', traceId));
      expect(run.parentSpanId).toBe(started.spanContext().spanId);
      const scheduled = await spans.span(named('StartActivity:step', traceId));
      const executed = await spans.span(named('RunActivity:step', traceId));
      expect(executed.parentSpanId).toBe(scheduled.spanContext().spanId);
    });
  });

  it('replays every history this file produced', async () => {
    expect(await harness.replayAll()).toBe(3);
  });
});
