/**
 * Our metrics on the Temporal runtime's exporter: an OpenTelemetry `Meter`
 * that records through a Temporal `MetricMeter` (the runtime's,
 * `Runtime.instance().metricMeter`), so that metrics made with the
 * OpenTelemetry API (the control API's) leave beside the SDK's worker
 * metrics and the workflows' own (one Prometheus scrape, no second
 * pipeline); and the bucket boundaries of our histograms.
 *
 * Node zone.
 *
 * @module
 */
import {
  createNoopMeter,
  ValueType,
  type Attributes,
  type Meter,
  type MetricOptions,
} from '@opentelemetry/api';
import type { MetricMeter, MetricTags } from '@temporalio/common';
import { METRICS } from '../common/metrics';

/**
 * The bucket boundaries of the library's histograms, by name: the
 * `histogramBucketOverrides` of the runtime's Prometheus exporter (the
 * defaults stop at seconds; pauses last minutes to days).
 *
 * @example
 * ```ts
 * Runtime.install({ telemetryOptions: { metrics: { prometheus: {
 *   bindAddress: '0.0.0.0:9464', histogramBucketOverrides: histogramBucketOverrides() } } } });
 * ```
 */
export function histogramBucketOverrides(): Record<string, number[]> {
  return Object.fromEntries(
    METRICS.flatMap((metric) => (metric.buckets ? [[metric.name, [...metric.buckets]]] : [])),
  );
}

/**
 * Wraps `temporal` as an OpenTelemetry `Meter`. Counters, up-down counters,
 * histograms and gauges record through it; observable instruments are not
 * carried (they record nothing).
 *
 * @example
 * ```ts
 * Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: '0.0.0.0:9464' } } } });
 * const app = createControlApi({ client, taskQueue, auth, meter: runtimeMeter(Runtime.instance().metricMeter) });
 * ```
 */
export function runtimeMeter(temporal: MetricMeter): Meter {
  const noop = createNoopMeter();
  const valueType = (options?: MetricOptions) => (options?.valueType === ValueType.INT ? 'int' : 'float');
  const carried: Pick<Meter, 'createCounter' | 'createUpDownCounter' | 'createHistogram' | 'createGauge'> = {
    createCounter: (name, options) => {
      const counter = temporal.createCounter(name, options?.unit, options?.description);
      return { add: (value, attributes) => counter.add(value, tagsOf(attributes)) };
    },
    createUpDownCounter: (name, options) => {
      if (!temporal.createUpDownCounter) return noop.createUpDownCounter(name, options);
      const counter = temporal.createUpDownCounter(name, options?.unit, options?.description);
      return { add: (value, attributes) => counter.add(value, tagsOf(attributes)) };
    },
    createHistogram: (name, options) => {
      const histogram = temporal.createHistogram(
        name,
        valueType(options),
        options?.unit,
        options?.description,
      );
      return { record: (value, attributes) => histogram.record(value, tagsOf(attributes)) };
    },
    createGauge: (name, options) => {
      const gauge = temporal.createGauge(name, valueType(options), options?.unit, options?.description);
      return { record: (value, attributes) => gauge.set(value, tagsOf(attributes)) };
    },
  };
  // The no-op meter's methods live on its prototype: the observables stay its own.
  return Object.assign(Object.create(noop) as Meter, carried);
}

/** The attributes Temporal's tags can carry (strings, numbers, booleans; a list is joined by commas). */
function tagsOf(attributes: Attributes | undefined): MetricTags {
  const tags: MetricTags = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null) continue;
    tags[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return tags;
}
