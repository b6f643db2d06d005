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

/** Pause requests, by `outcome` (`accepted`, `refused`) and, when refused, `refusal` (the error type). */
export const PAUSE_REQUESTS = {
  name: 'temporal_checkpoint_pause_requests',
  kind: 'counter',
  unit: '1',
  labels: ['workflowType', 'outcome', 'refusal'],
  description: 'Pause requests a workflow received, accepted or refused (refusal: the error type)',
} as const satisfies MetricDefinition;

/** Workflows that parked, by checkpoint. */
export const PARKS = {
  name: 'temporal_checkpoint_parks',
  kind: 'counter',
  unit: '1',
  labels: ['workflowType', 'checkpoint'],
  description: 'Times a workflow parked, by checkpoint',
} as const satisfies MetricDefinition;

/** From a pause request to the workflow parked. */
export const DRAIN_DURATION = {
  name: 'temporal_checkpoint_drain_duration',
  kind: 'histogram',
  unit: 'ms',
  labels: ['workflowType'],
  description: 'Time from a pause request until the workflow parked',
  buckets: [100, SECOND, 5 * SECOND, 15 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR],
} as const satisfies MetricDefinition;

/** From parked to the end of the pause, by how it ended (`resumed`, `timed_out`, `cancelled`). */
export const PAUSED_DURATION = {
  name: 'temporal_checkpoint_paused_duration',
  kind: 'histogram',
  unit: 'ms',
  labels: ['workflowType', 'outcome'],
  description: 'Time a workflow stayed parked, by how the pause ended',
  buckets: [SECOND, 10 * SECOND, MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR],
} as const satisfies MetricDefinition;

/** Activities a pause with `drain: 'interrupt'` stopped at a safe point. */
export const INTERRUPTED_ACTIVITIES = {
  name: 'temporal_checkpoint_interrupted_activities',
  kind: 'counter',
  unit: '1',
  labels: ['workflowType', 'activity_type'],
  description: 'Activities a pause interrupted at a safe point, by activity type',
} as const satisfies MetricDefinition;

/** Pauses that reached their timeout, by `on_timeout` policy. */
export const PAUSE_TIMEOUTS = {
  name: 'temporal_checkpoint_pause_timeouts',
  kind: 'counter',
  unit: '1',
  labels: ['workflowType', 'on_timeout'],
  description: 'Pauses that reached their timeout, by on_timeout policy',
} as const satisfies MetricDefinition;

/** HTTP requests answered, by method, route template and status. */
export const HTTP_REQUESTS = {
  name: 'temporal_checkpoint_http_requests',
  kind: 'counter',
  unit: '1',
  labels: ['method', 'route', 'status'],
  description: 'HTTP requests answered, by method, route template and status code',
} as const satisfies MetricDefinition;

/** Time to answer an HTTP request (an event stream: until it ends). */
export const HTTP_REQUEST_DURATION = {
  name: 'temporal_checkpoint_http_request_duration',
  kind: 'histogram',
  unit: 'ms',
  labels: ['method', 'route', 'status'],
  description: 'Time to answer an HTTP request (an event stream: until it ends), by method, route and status',
  buckets: [5, 10, 25, 50, 100, 250, 500, SECOND, 2.5 * SECOND, 10 * SECOND, MINUTE, 10 * MINUTE],
} as const satisfies MetricDefinition;

/** Event streams open now. */
export const SSE_STREAMS_OPEN = {
  name: 'temporal_checkpoint_sse_streams_open',
  kind: 'up_down_counter',
  unit: '1',
  labels: [],
  description: 'Server-sent event streams open now',
} as const satisfies MetricDefinition;

/** Requests refused with 429 by the per-key rate limit. */
export const HTTP_RATE_LIMITED = {
  name: 'temporal_checkpoint_http_rate_limited',
  kind: 'counter',
  unit: '1',
  labels: ['method', 'route'],
  description: 'HTTP requests refused by the rate limit (429), by method and route template',
} as const satisfies MetricDefinition;

/** Open tasks by control status, sampled from visibility by the worker process. */
export const FLEET_TASKS = {
  name: 'temporal_checkpoint_tasks',
  kind: 'gauge',
  unit: '1',
  labels: ['namespace', 'taskQueue', 'workflowType', 'status'],
  description:
    'Open tasks by control status (running, pausing, paused, server_paused), sampled from visibility',
} as const satisfies MetricDefinition;

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
