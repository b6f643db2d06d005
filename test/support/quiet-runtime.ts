// Jest setup file: the SDK logs every worker state change at INFO; tests only
// need errors, and Core's warnings less the one the Java test server causes
// on every worker start (it does not advertise a capability Core looks for).
// That warning comes from Core's `worker` module itself: the module is set to
// ERROR and its submodules back to WARN. (Forwarding Core's logs to a JS
// logger, which could drop the one message, would keep Jest from exiting in
// a file that never starts a worker.)
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

const WORKER = 'temporalio_sdk_core::worker';
const filter = [
  makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }),
  `${WORKER}=ERROR`,
  ...['activities', 'heartbeat', 'nexus', 'tuner', 'workflow'].map((module) => `${WORKER}::${module}=WARN`),
].join(',');

Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter } } });
