/**
 * `temporal-checkpoint/worker`: the worker factory for the demo workflows,
 * and the connection settings the worker process and the CLI share.
 *
 * Node zone.
 *
 * @module
 */
export {
  createWorker,
  WORKFLOWS_PATH,
  WORKFLOW_INTERCEPTOR_MODULES,
  type CreateWorkerOptions,
} from './create-worker';
export {
  installTracing,
  OPENTELEMETRY_WORKFLOW_INTERCEPTORS_MODULE,
  type Tracing,
  type TracingOptions,
} from './tracing';
export { readTemporalSettings, type TemporalSettings } from './temporal-settings';
