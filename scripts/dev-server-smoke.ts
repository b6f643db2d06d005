/**
 * Starts the Temporal CLI dev server through `createDevServerEnvironment`,
 * runs one pause/resume cycle on it, and prints how long each step took.
 *
 * Run: sh scripts/build-temporal-cli.sh && npx ts-node --transpile-only scripts/dev-server-smoke.ts
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { controlStateQuery, pauseUpdate, resumeUpdate } from '../src';
import { createDevServerEnvironment } from '../src/testing';
import { steps } from '../test/fixtures/control-workflows';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const env = await createDevServerEnvironment();
  console.log(`dev server ready in ${Date.now() - startedAt} ms at ${env.address}`);
  try {
    const taskQueue = `smoke-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../test/fixtures/control-workflows'),
      activities: { step: (label: string) => Promise.resolve(`done ${label}`) },
    });
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(steps, {
        taskQueue,
        workflowId: randomUUID(),
        args: [1],
      });
      await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'smoke' }] });
      console.log('state after pause:', (await handle.query(controlStateQuery)).status);
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      return handle.result();
    });
    console.log('result:', JSON.stringify(result));
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
