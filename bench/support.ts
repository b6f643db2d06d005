// What bench/run.ts and bench/http.ts share: a figure of the table and a worker factory.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';

/** One figure of the table. */
export interface Figure {
  /** Stable id of the figure in `bench/results/latest.json`. */
  id: string;
  /** What the table calls it. */
  figure: string;
  value: number;
  goal: string;
  detail: string;
}

/** The activity of bench/workflows.ts: returns its argument at once. */
const activities = { work: (index: number): Promise<number> => Promise.resolve(index) };

/** A worker for `bundle` on a task queue of its own. */
export async function benchWorker(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
): Promise<{ taskQueue: string; worker: Worker }> {
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  return { taskQueue, worker };
}
