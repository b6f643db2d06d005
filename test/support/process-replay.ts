/**
 * Replays histories the worker process (`app/main.ts`) produced, wired as it
 * is: the demo workflows, the plugin with the stack's search attributes as
 * control defaults, and the OpenTelemetry interceptors (which change when an
 * update's result is sent, so a replay without them differs).
 */
import type { Client } from '@temporalio/client';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { STACK_CONTROL_OPTIONS } from '../../src/common/search-attributes';
import { CheckpointPlugin } from '../../src/plugin';
import { OPENTELEMETRY_WORKFLOW_INTERCEPTORS_MODULE } from '../../src/worker/tracing';

/** The replay result of each of `workflowIds`, in order. */
export async function replayProcessHistories(
  client: Client,
  workflowIds: readonly string[],
): Promise<ReplayResult[]> {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({
      workflowId,
      history: await client.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories(
    {
      workflowsPath: require.resolve('../../workflows'),
      plugins: [new CheckpointPlugin({ control: STACK_CONTROL_OPTIONS })],
      interceptors: { workflowModules: [OPENTELEMETRY_WORKFLOW_INTERCEPTORS_MODULE] },
      sinks: { exporter: { export: { fn: () => undefined } } },
    },
    histories,
  )) {
    results.push(result);
  }
  return results;
}

/** Expects each history of `workflowIds` to replay without a nondeterminism error (or any other). */
export async function expectCleanReplays(client: Client, workflowIds: readonly string[]): Promise<void> {
  const results = await replayProcessHistories(client, workflowIds);
  expect(results).toHaveLength(workflowIds.length);
  for (const result of results) expect(result.error).toBeUndefined();
}
