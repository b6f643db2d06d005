/**
 * The fleet gauges of the worker process: how many open tasks of each
 * workflow type on its task queue are running, pausing, paused or paused by
 * the server, sampled from visibility at an interval (a few count queries
 * per type, never one per task) and set on `temporal_checkpoint_tasks`.
 *
 * Node zone.
 *
 * @module
 */
import type { Meter } from '@opentelemetry/api';
import type { Client } from '@temporalio/client';
import { FLEET_TASKS, queryLiteral } from '../src';
import { countByControlStatus, type StatusCounts } from '../src/client';
import { WORKFLOW_TYPES } from '../workflows/catalog';
import type { ProcessSettings } from './settings';

const STATUSES: ReadonlyArray<keyof StatusCounts> = ['running', 'pausing', 'paused', 'server_paused'];

/**
 * Samples the counts of the demo workflows on `settings.taskQueue` now and
 * every `settings.fleetSampleIntervalMs` after the previous sample ended,
 * into `meter`; a failed sample is logged and the next one tried. Returns
 * the stop.
 */
export function sampleFleetGauges(
  client: Client,
  meter: Meter,
  settings: Pick<ProcessSettings, 'taskQueue' | 'fleetSampleIntervalMs'>,
): () => void {
  const { taskQueue } = settings;
  const gauge = meter.createGauge(FLEET_TASKS.name, { description: FLEET_TASKS.description });
  const scope = `TaskQueue=${queryLiteral(taskQueue)}`;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sample = async () => {
    for (const workflowType of WORKFLOW_TYPES) {
      const counts = await countByControlStatus(client, workflowType, scope);
      for (const status of STATUSES) {
        const value = counts[status];
        if (value === null) continue;
        gauge.record(value, { namespace: client.options.namespace, taskQueue, workflowType, status });
      }
    }
  };
  const loop = () => {
    sample()
      .catch((error: unknown) => {
        if (stopped) return;
        process.stderr.write(
          `temporal-checkpoint: warning: could not sample the fleet gauges: ${String(error)}\n`,
        );
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, settings.fleetSampleIntervalMs).unref();
      });
  };
  loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
