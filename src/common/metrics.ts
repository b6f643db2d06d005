/**
 * Every metric the stack emits, in one list: its name, kind, unit and
 * labels. The workflow side (through the SDK's workflow meter) and the HTTP
 * side (through OpenTelemetry) create their instruments from it, the worker
 * process sets the histogram buckets from it, and `docs/operations.md`'s
 * table is checked against it.
 *
 * Anywhere zone, pure.
 *
 * @module
 */

/** What kind of instrument a metric is. */
export type MetricKind = 'counter' | 'histogram' | 'up_down_counter' | 'gauge';

/** One metric as an operator sees it. */
export interface MetricDefinition {
  /** The name in the Prometheus scrape. */
  name: string;
  kind: MetricKind;
  /** `'ms'` for durations, `'1'` for counts. */
  unit: 'ms' | '1';
  /**
   * The labels of the metric. The SDK's workflow meter sets `workflowType`,
   * and its worker adds `namespace` and `taskQueue` (not listed).
   */
  labels: readonly string[];
  description: string;
  /** Bucket boundaries of a histogram. */
  buckets?: readonly number[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A metric of counts (`unit` `1`). */
function counting(
  kind: 'counter' | 'up_down_counter' | 'gauge',
  name: string,
  labels: readonly string[],
  description: string,
): MetricDefinition {
  return { name, kind, unit: '1', labels, description };
}

/** A histogram of durations in milliseconds, with its bucket boundaries. */
function durations(
  name: string,
  labels: readonly string[],
  description: string,
  buckets: readonly number[],
): MetricDefinition & { buckets: readonly number[] } {
  return { name, kind: 'histogram', unit: 'ms', labels, description, buckets };
}

/** Pause requests, by `outcome` (`accepted`, `refused`) and, when refused, `refusal` (the error type). */
export const PAUSE_REQUESTS = counting(
  'counter',
  'temporal_checkpoint_pause_requests',
  ['workflowType', 'outcome', 'refusal'],
  'Pause requests a workflow received, accepted or refused (refusal: the error type)',
);

/** Workflows that parked, by checkpoint. */
export const PARKS = counting(
  'counter',
  'temporal_checkpoint_parks',
  ['workflowType', 'checkpoint'],
  'Times a workflow parked, by checkpoint',
);

/** From a pause request to the workflow parked. */
export const DRAIN_DURATION = durations(
  'temporal_checkpoint_drain_duration',
  ['workflowType'],
  'Time from a pause request until the workflow parked',
  [100, SECOND, 5 * SECOND, 15 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR],
);

/** From parked to the end of the pause, by how it ended (`resumed`, `timed_out`, `cancelled`). */
export const PAUSED_DURATION = durations(
  'temporal_checkpoint_paused_duration',
  ['workflowType', 'outcome'],
  'Time a workflow stayed parked, by how the pause ended',
  [SECOND, 10 * SECOND, MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR],
);

/** Activities a pause with `drain: 'interrupt'` stopped at a safe point. */
export const INTERRUPTED_ACTIVITIES = counting(
  'counter',
  'temporal_checkpoint_interrupted_activities',
  ['workflowType', 'activity_type'],
  'Activities a pause interrupted at a safe point, by activity type',
);

/** Pauses that reached their timeout, by `on_timeout` policy. */
export const PAUSE_TIMEOUTS = counting(
  'counter',
  'temporal_checkpoint_pause_timeouts',
  ['workflowType', 'on_timeout'],
  'Pauses that reached their timeout, by on_timeout policy',
);

/** HTTP requests answered, by method, route template and status. */
export const HTTP_REQUESTS = counting(
  'counter',
  'temporal_checkpoint_http_requests',
  ['method', 'route', 'status'],
  'HTTP requests answered, by method, route template and status code',
);

/** Time to answer an HTTP request (an event stream: until it ends). */
export const HTTP_REQUEST_DURATION = durations(
  'temporal_checkpoint_http_request_duration',
  ['method', 'route', 'status'],
  'Time to answer an HTTP request (an event stream: until it ends), by method, route and status',
  [5, 10, 25, 50, 100, 250, 500, SECOND, 2.5 * SECOND, 10 * SECOND, MINUTE, 10 * MINUTE],
);

/** Event streams open now. */
export const SSE_STREAMS_OPEN = counting(
  'up_down_counter',
  'temporal_checkpoint_sse_streams_open',
  [],
  'Server-sent event streams open now',
);

/** Requests refused with 429 by the per-key rate limit. */
export const HTTP_RATE_LIMITED = counting(
  'counter',
  'temporal_checkpoint_http_rate_limited',
  ['method', 'route'],
  'HTTP requests refused by the rate limit (429), by method and route template',
);

/** Open tasks by control status, sampled from visibility by the worker process. */
export const FLEET_TASKS = counting(
  'gauge',
  'temporal_checkpoint_tasks',
  ['namespace', 'taskQueue', 'workflowType', 'status'],
  'Open tasks by control status (running, pausing, paused, server_paused), sampled from visibility',
);

/** Every metric of the stack. */
export const METRICS: readonly MetricDefinition[] = [
  PAUSE_REQUESTS,
  PARKS,
  DRAIN_DURATION,
  PAUSED_DURATION,
  INTERRUPTED_ACTIVITIES,
  PAUSE_TIMEOUTS,
  HTTP_REQUESTS,
  HTTP_REQUEST_DURATION,
  SSE_STREAMS_OPEN,
  HTTP_RATE_LIMITED,
  FLEET_TASKS,
];
