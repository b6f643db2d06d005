/** An `idler` task owned by alice, with the control API and a worker around it: the frame of many HTTP tests. */
import type { WorkflowHandle } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { controlStateQuery } from '../../src/common/definitions';
import { idler } from '../fixtures/control-workflows';
import type { Harness } from './harness';
import { ALICE_OWNS, createApiCaller, createTestApi, KEYS, type OpenApiChecker } from './http';

/** Sends a request as alice (see `createApiCaller`). */
export type Call = Awaited<ReturnType<typeof createApiCaller>>['call'];

/** The API of {@link withIdler}, for a test that needs more than `call` (a real socket, say). */
export interface IdlerApi {
  app: FastifyInstance;
  /** Checks responses against the API's `/openapi.json`. */
  checker: OpenApiChecker;
}

/**
 * Runs `body` with an API and a worker on a fresh task queue, and an `idler`
 * task owned by alice whose first workflow task has run (it answered a query).
 */
export async function withIdler(
  harness: Harness,
  body: (call: Call, handle: WorkflowHandle<typeof idler>, url: string, api: IdlerApi) => Promise<void>,
): Promise<void> {
  const taskQueue = harness.taskQueue();
  const app = createTestApi(harness.env.client, taskQueue);
  try {
    const { call, checker } = await createApiCaller(app, KEYS.alice);
    const worker = await harness.createWorker(taskQueue);
    await worker.runUntil(async () => {
      const handle = await harness.start(idler, { taskQueue, memo: ALICE_OWNS });
      await handle.query(controlStateQuery);
      await body(call, handle, `/api/v1/tasks/${handle.workflowId}`, { app, checker });
    });
  } finally {
    await app.close();
  }
}
