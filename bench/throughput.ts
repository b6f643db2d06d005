/**
 * `worker-throughput-ratio`: how long a worker takes to run the same
 * workflows with the interceptors and without, in interleaved rounds (one
 * uncounted warm-up round, then each round runs both, the order alternating
 * from round to round), so that a slow stretch of a shared machine weighs
 * on one round rather than deciding the figure: the median of the rounds'
 * ratios, with their spread.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { benchWorker, type Figure } from './support';
import { median } from './worker-process';
import { sequence } from './workflows';

/** The size of one throughput run, and how many counted rounds. */
export interface ThroughputSizes {
  workflows: number;
  activities: number;
  rounds: number;
}

/** Measures `worker-throughput-ratio` on `env`: `plain` and `intercepted` are the same workflows. */
export async function throughputFigure(
  env: TestWorkflowEnvironment,
  plain: WorkflowBundle,
  intercepted: WorkflowBundle,
  sizes: ThroughputSizes,
): Promise<Figure> {
  // A plain client: the time-skipping one unlocks and relocks the server's
  // clock around every result, and hundreds at once unbalance its lock count.
  const client = new Client({ connection: env.connection });
  const seconds = (bundle: WorkflowBundle) => runOnce(env, client, bundle, sizes);
  await seconds(intercepted);
  await seconds(plain);
  const rounds: Array<{ withS: number; withoutS: number }> = [];
  for (let round = 0; round < sizes.rounds; round++) {
    if (round % 2 === 0) {
      const withS = await seconds(intercepted);
      rounds.push({ withS, withoutS: await seconds(plain) });
    } else {
      const withoutS = await seconds(plain);
      rounds.push({ withS: await seconds(intercepted), withoutS });
    }
  }
  const ratios = rounds.map(({ withS, withoutS }) => withoutS / withS);
  const sorted = [...ratios].sort((a, b) => a - b);
  const each = rounds.map(({ withS, withoutS }) => `${withS.toFixed(1)}/${withoutS.toFixed(1)}`).join(', ');
  return {
    id: 'worker-throughput-ratio',
    figure: `worker throughput with interceptors ÷ without (${sizes.workflows} workflows × ${sizes.activities} activities)`,
    value: median(ratios),
    goal: '≥ 0.95',
    detail:
      `median of ${ratios.length} interleaved rounds, spread ${sorted[0]?.toFixed(3)}–${sorted.at(-1)?.toFixed(3)} ` +
      `(${ratios.map((ratio) => ratio.toFixed(3)).join(', ')}); with/without s per round: ${each}`,
  };
}

/** Seconds a fresh worker of `bundle` takes to run the workflows to their end. */
async function runOnce(
  env: TestWorkflowEnvironment,
  client: Client,
  bundle: WorkflowBundle,
  { workflows, activities }: ThroughputSizes,
): Promise<number> {
  const { taskQueue, worker } = await benchWorker(env, bundle);
  return worker.runUntil(async () => {
    const startedAt = process.hrtime.bigint();
    const handles = await Promise.all(
      Array.from({ length: workflows }, () =>
        client.workflow.start(sequence, {
          taskQueue,
          workflowId: `bench-${randomUUID()}`,
          args: [activities],
        }),
      ),
    );
    await Promise.all(handles.map((handle) => handle.result()));
    return Number(process.hrtime.bigint() - startedAt) / 1e9;
  });
}
