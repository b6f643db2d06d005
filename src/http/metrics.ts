/**
 * The control API's metrics through OpenTelemetry: requests by method, route
 * template and status, their duration, open event streams and requests the
 * rate limit refused. The meter defaults to the global one, a no-op until
 * the application registers a `MeterProvider`; the worker process passes
 * one that feeds the Temporal runtime's Prometheus exporter.
 *
 * Node zone.
 *
 * @module
 */
import { metrics, ValueType, type Attributes, type Meter } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  HTTP_RATE_LIMITED,
  HTTP_REQUEST_DURATION,
  HTTP_REQUESTS,
  SSE_STREAMS_OPEN,
  type MetricDefinition,
} from '../common/metrics';

/** The `route` label of a request no route matched. */
const UNMATCHED_ROUTE = 'unmatched';

/** What the API reports to its meter. */
export interface HttpMetrics {
  /** A request was answered (an event stream: it ended). */
  answered: (request: FastifyRequest, reply: FastifyReply) => void;
  /** The rate limit refused `request`. */
  rateLimited: (request: FastifyRequest) => void;
  /** An event stream opened (`+1`) or closed (`-1`). */
  streams: (change: 1 | -1) => void;
}

/** Creates the API's instruments on `meter` (the global meter `temporal-checkpoint` by default). */
export function createHttpMetrics(meter: Meter = metrics.getMeter('temporal-checkpoint')): HttpMetrics {
  const requests = meter.createCounter(HTTP_REQUESTS.name, options(HTTP_REQUESTS));
  const duration = meter.createHistogram(HTTP_REQUEST_DURATION.name, {
    ...options(HTTP_REQUEST_DURATION),
    valueType: ValueType.INT,
    advice: { explicitBucketBoundaries: [...HTTP_REQUEST_DURATION.buckets] },
  });
  const limited = meter.createCounter(HTTP_RATE_LIMITED.name, options(HTTP_RATE_LIMITED));
  const open = meter.createUpDownCounter(SSE_STREAMS_OPEN.name, options(SSE_STREAMS_OPEN));
  return {
    answered: (request, reply) => {
      const labels: Attributes = { ...routeLabels(request), status: reply.statusCode };
      requests.add(1, labels);
      duration.record(Math.round(reply.elapsedTime), labels);
    },
    rateLimited: (request) => limited.add(1, routeLabels(request)),
    streams: (change) => open.add(change),
  };
}

/** Counts every request `app` answers, an event stream when it ends. */
export function countResponses(app: FastifyInstance, httpMetrics: HttpMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    httpMetrics.answered(request, reply);
    done();
  });
}

function routeLabels(request: FastifyRequest): Attributes {
  return { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE };
}

function options(metric: MetricDefinition) {
  return { description: metric.description, unit: metric.unit };
}
