/**
 * `temporal-checkpoint/worker`: the worker factory (your workflows, made
 * pausable), tracing, a meter for the runtime's metrics exporter, and the connection settings the worker process and the
 * CLI share.
 *
 * Node zone.
 *
 * @module
 */
import { assertPeersInstalled } from '../peers';

export { MissingPeerDependencyError } from '../peers';

// Before anything below loads them, so that a missing one is named.
assertPeersInstalled('temporal-checkpoint/worker', [
  '@temporalio/worker',
  '@temporalio/envconfig',
  '@temporalio/interceptors-opentelemetry',
  '@opentelemetry/api',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace-base',
]);

export { createWorker, type CreateWorkerOptions } from './create-worker';
export { isMissingHeartbeatCapabilityWarning } from './core-logs';
export {
  installTracing,
  JsonLinesSpanExporter,
  OPENTELEMETRY_WORKFLOW_INTERCEPTORS_MODULE,
  type Tracing,
  type TracingOptions,
} from './tracing';
export { histogramBucketOverrides, runtimeMeter } from './runtime-metrics';
export { readTemporalSettings, type TemporalSettings } from './temporal-settings';
