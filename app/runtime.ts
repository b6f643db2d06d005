/**
 * The worker process's Temporal runtime: Core's logs with ours on stderr,
 * and, when an address is set, a Prometheus endpoint through the runtime's
 * own exporter, which carries the SDK's worker metrics, the workflows'
 * control metrics (recorded through the SDK's workflow meter) and the
 * control API's (recorded through {@link runtimeMeter}) in one scrape at
 * `/metrics`.
 *
 * Node zone.
 *
 * @module
 */
import type { Meter } from '@opentelemetry/api';
import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogEntry } from '@temporalio/worker';
import { histogramBucketOverrides, runtimeMeter } from '../src/worker';

/**
 * Installs the runtime: logs go to `writeLogLine`; with `metricsBindAddress`,
 * metrics to a Prometheus endpoint there. Returns the meter the control API
 * records through, or `undefined` without an endpoint.
 */
export function installRuntime(options: {
  writeLogLine: (entry: LogEntry) => void;
  metricsBindAddress: string | undefined;
}): Meter | undefined {
  const { metricsBindAddress } = options;
  Runtime.install({
    logger: new DefaultLogger('INFO', options.writeLogLine),
    telemetryOptions: {
      // Core's own logs join ours on stderr, so stdout carries only the lifecycle lines.
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      metrics:
        metricsBindAddress === undefined
          ? undefined
          : {
              prometheus: {
                bindAddress: metricsBindAddress,
                histogramBucketOverrides: histogramBucketOverrides(),
              },
            },
    },
    // The process entry point handles the signals.
    shutdownSignals: [],
  });
  return metricsBindAddress === undefined ? undefined : runtimeMeter(Runtime.instance().metricMeter);
}
