/**
 * Records the control's measurements through the SDK's workflow meter, which
 * tags them with the workflow type (the worker adds namespace and task
 * queue) and emits nothing while the workflow replays: metrics never add a
 * command, and a replayed run is not counted twice.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import { metricMeter } from '@temporalio/workflow';
import type { Measurement } from '../control/measurements';

/** Adds each counter value and records each histogram value of `found`. */
export function recordMeasurements(found: readonly Measurement[]): void {
  for (const { metric, value, tags } of found) {
    if (metric.kind === 'histogram')
      metricMeter.createHistogram(metric.name, 'int', metric.unit, metric.description).record(value, tags);
    else metricMeter.createCounter(metric.name, metric.unit, metric.description).add(value, tags);
  }
}
