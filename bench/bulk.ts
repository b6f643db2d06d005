/**
 * Figure `bulk-batch-pause-per-second-1k` of `npm run bench`: 1,000 idle
 * workflows of one tenant on a Temporal CLI dev server, paused by one batch
 * operation (`startControlBatch`, the route's path without HTTP); tasks
 * paused per second from the batch request until visibility counts all
 * 1,000 as paused, and the batch's own duration on the server.
 */
import { randomUUID } from 'node:crypto';
import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { describeControlBatch, startControlBatch } from '../src/client/batches';
import { STATUS_SEARCH_ATTRIBUTE, TENANT_SEARCH_ATTRIBUTE } from '../src/common/search-attributes';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../app/embedded-server';
import { ensureStackSearchAttributes } from '../app/search-attributes';
import { CheckpointPlugin } from '../src/plugin';
import { createDevServerEnvironment, locateTemporalCli } from '../src/testing';
import type { Figure } from './support';
import { idler } from './workflows';

/**
 * Tasks paused per second by one batch of `tasks` (1,000 at full size), or
 * `undefined` where no Temporal CLI was built (`sh scripts/build-temporal-cli.sh`).
 */
export async function bulkPauseFigure(tasks: number): Promise<Figure | undefined> {
  if (!locateTemporalCli()) return undefined;
  const env = await createDevServerEnvironment({
    server: {
      extraArgs: DEV_SERVER_DYNAMIC_CONFIG.flatMap((setting) => ['--dynamic-config-value', setting]),
    },
  });
  try {
    await ensureStackSearchAttributes(env.connection, 'default');
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./workflows'),
      // As the worker process wires its workers: the status search attribute kept current.
      plugins: [new CheckpointPlugin({ control: { statusSearchAttribute: STATUS_SEARCH_ATTRIBUTE } })],
      logger: { trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: noop },
    });
    const taskQueue = `bench-bulk-${randomUUID()}`;
    const tenant = `bench-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
    const count = async (query: string) =>
      Number(
        (await env.client.workflowService.countWorkflowExecutions({ namespace: 'default', query })).count,
      );
    const tenantQuery = `${TENANT_SEARCH_ATTRIBUTE}='${tenant}'`;
    return await worker.runUntil(async () => {
      const attributes = new TypedSearchAttributes([
        {
          key: defineSearchAttributeKey(TENANT_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD),
          value: tenant,
        },
      ]);
      for (let start = 0; start < tasks; start += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, tasks - start) }, () =>
            env.client.workflow.start(idler, {
              taskQueue,
              workflowId: `bulk-${randomUUID()}`,
              typedSearchAttributes: attributes,
            }),
          ),
        );
      }
      await until(async () => (await count(`${tenantQuery} AND ExecutionStatus='Running'`)) === tasks);
      const started = performance.now();
      const jobId = await startControlBatch(env.client, {
        action: 'pause',
        query: `${tenantQuery} AND ExecutionStatus='Running'`,
        reason: 'bench',
      });
      await until(
        async () => (await count(`${tenantQuery} AND ${STATUS_SEARCH_ATTRIBUTE}='paused'`)) === tasks,
      );
      const elapsedMs = performance.now() - started;
      const batch = await describeControlBatch(env.client, jobId);
      const batchMs = (batch?.closedAt?.getTime() ?? NaN) - (batch?.startedAt?.getTime() ?? NaN);
      return {
        id: 'bulk-batch-pause-per-second-1k',
        figure: `tasks paused per second, one batch of ${tasks}`,
        value: Math.round((tasks / elapsedMs) * 1000),
        goal: 'report',
        detail:
          `${tasks} tasks paused in ${Math.round(elapsedMs)} ms (request → all paused in visibility); ` +
          `the batch itself ${batchMs} ms, ${batch?.succeeded ?? 0} signalled, ${batch?.failed ?? 0} failed; ` +
          'dev server, worker.batcherRPS=1000',
      };
    });
  } finally {
    await env.teardown();
  }
}

/** Polls `check` every 50 ms until it holds (visibility settles on its own time). */
async function until(check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('bench: timed out waiting on visibility');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function noop(): void {}
