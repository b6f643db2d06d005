/**
 * W3C `traceparent` handling: a valid header becomes the remote parent of
 * whatever the request does through the Temporal client, so that the
 * OpenTelemetry client interceptor carries it into the workflow; its trace id
 * is also copied into the control events. Anything else is ignored.
 *
 * Node zone.
 *
 * @module
 */
import { context, trace, type SpanContext } from '@opentelemetry/api';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The remote span context of a W3C `traceparent` header, or `undefined` when
 * the header is absent or invalid (version `ff`, all-zero ids, trailing data
 * on version `00`, upper-case hex).
 */
export function spanContextFromTraceparent(header: string | string[] | undefined): SpanContext | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId = '', spanId = '', flags = '', rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true };
}

/**
 * Runs `fn` with `parent` (from {@link spanContextFromTraceparent}) as the
 * active OpenTelemetry parent; without one, runs it unchanged. The parent
 * reaches the workflow only where an OpenTelemetry context manager and
 * propagator are registered and the Temporal client has the OpenTelemetry
 * interceptor (see `installTracing()` in `temporal-checkpoint/worker`).
 */
export function withParentSpan<T>(parent: SpanContext | undefined, fn: () => T): T {
  if (!parent) return fn();
  return context.with(trace.setSpanContext(context.active(), parent), fn);
}
