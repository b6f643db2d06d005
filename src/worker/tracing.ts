/**
 * `installTracing()`: OpenTelemetry for a process that runs the control API
 * and a worker, so that a W3C `traceparent` sent to the API continues through
 * the Temporal client into the workflow's handlers, activities and children
 * (`@temporalio/interceptors-opentelemetry`).
 *
 * Node zone.
 *
 * @module
 */
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from '@opentelemetry/core';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  NoopSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { OPENTELEMETRY_WORKFLOW_INTERCEPTORS_SPECIFIER } from '../sdk-internals';

/** The workflow interceptor module of `@temporalio/interceptors-opentelemetry`. */
export const OPENTELEMETRY_WORKFLOW_INTERCEPTORS_MODULE = require.resolve(
  OPENTELEMETRY_WORKFLOW_INTERCEPTORS_SPECIFIER,
);

/** Options of {@link installTracing}. */
export interface TracingOptions {
  /**
   * Where finished spans go (the process's own and the workflows', which
   * reach it through a worker sink).
   *
   * @default a processor that drops them: the trace context still propagates
   */
  spanProcessor?: SpanProcessor;
  /**
   * The `service.name` resource attribute of the spans.
   *
   * @default 'temporal-checkpoint'
   */
  serviceName?: string;
}

/** What a client and a worker need to take part in the trace; see {@link installTracing}. */
export interface Tracing {
  /** For `new Client({ interceptors: { workflow } })`: carries the active context into workflows. */
  readonly workflowClientInterceptors: WorkflowClientInterceptor[];
  /** For `Worker.create({ interceptors: { workflowModules } })` (or `bundleWorkflowCode`). */
  readonly workflowModules: string[];
  /** For `Worker.create({ interceptors: { activity } })`: activity spans under the workflow's. */
  readonly activityInterceptors: ActivityInterceptorsFactory[];
  /** For `Worker.create({ sinks })`: the sink that exports the workflows' spans. */
  readonly sinks: InjectedSinks<OpenTelemetrySinks>;
  /** Flushes and stops the span processor. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global OpenTelemetry tracer provider with an async-local context
 * manager and the W3C propagators (`OTEL_PROPAGATORS`, default
 * `tracecontext,baggage`), and returns the Temporal interceptors and sink that
 * join a client and a worker to it. Call it once per process, before creating
 * the client; an application that already runs an OpenTelemetry SDK uses the
 * interceptors of `@temporalio/interceptors-opentelemetry` directly instead.
 *
 * @example
 * ```ts
 * const tracing = installTracing({ spanProcessor: new SimpleSpanProcessor(new ConsoleSpanExporter()) });
 * const client = new Client({ connection, interceptors: { workflow: tracing.workflowClientInterceptors } });
 * const worker = await createWorker({ connection: nativeConnection, taskQueue: 'research', tracing });
 * ```
 */
export function installTracing(options: TracingOptions = {}): Tracing {
  const spanProcessor = options.spanProcessor ?? new NoopSpanProcessor();
  const resource = new Resource({ 'service.name': options.serviceName ?? 'temporal-checkpoint' });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });
  return {
    workflowClientInterceptors: [new OpenTelemetryWorkflowClientInterceptor()],
    workflowModules: [OPENTELEMETRY_WORKFLOW_INTERCEPTORS_MODULE],
    activityInterceptors: [
      (context) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(context),
        outbound: new OpenTelemetryActivityOutboundInterceptor(context),
      }),
    ],
    sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
    shutdown: () => provider.shutdown(),
  };
}

/**
 * A span exporter that writes each finished span as one JSON line (`span`,
 * `trace_id`, `span_id`, `parent_span_id`, `duration_ms`, `attributes`) to
 * a stream, stderr by default: `OTEL_TRACES_EXPORTER=console` of the worker
 * process.
 */
export class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly output: NodeJS.WritableStream = process.stderr) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      const line = {
        span: span.name,
        trace_id: traceId,
        span_id: spanId,
        parent_span_id: span.parentSpanId ?? null,
        duration_ms: hrTimeToMilliseconds(span.duration),
        attributes: span.attributes,
      };
      this.output.write(`${JSON.stringify(line)}\n`);
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
