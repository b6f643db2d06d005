/**
 * Several copies of the worker process against one Temporal dev server, as
 * behind a load balancer: the same `TEMPORAL_ADDRESS`, API keys and task
 * queue, each its own HTTP port. For the multi-process tests and the
 * failover benchmark.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { hashApiKey } from '../../src/http';
import { spawnWorkerProcess, workerProcessEnv, type Spawned } from './processes';

/** The API key every copy accepts: an `admin` of tenant `acme`. */
export const COPIES_KEY = 'sk_copies_0123456789';
/** The tenant of {@link COPIES_KEY}: a task `X` is the workflow `acme/X`. */
export const COPIES_TENANT = 'acme';

/** A running copy of the worker process. */
export interface Copy {
  process: Spawned;
  /** `http://127.0.0.1:<port>` from its ready line. */
  http: string;
  /** The Temporal worker identity its activities record (the SDK's default, `<pid>@<host>`). */
  identity: string;
}

/** What every copy of one deployment shares. */
export interface Deployment {
  address: string;
  taskQueue: string;
}

/** A deployment on the server at `address`, with a task queue of its own. */
export function deployment(address: string): Deployment {
  return { address, taskQueue: `copies-${randomUUID()}` };
}

/** Starts one copy of `deployment`; `overrides` adds settings of this copy. Resolves once it is ready. */
export async function startCopy(deployment: Deployment, overrides: NodeJS.ProcessEnv = {}): Promise<Copy> {
  const env = await workerProcessEnv({
    TEMPORAL_ADDRESS: deployment.address,
    TASK_QUEUE: deployment.taskQueue,
    API_KEYS: JSON.stringify([
      { key_hash: hashApiKey(COPIES_KEY), user_id: 'ops', tenant_id: COPIES_TENANT, scopes: ['admin'] },
    ]),
    API_RATE_LIMIT: 'off',
    ...overrides,
  });
  const process = spawnWorkerProcess(env);
  const ready = await process.jsonLine<{ event: string; http: string }>(
    'stdout',
    (line) => line.event === 'ready',
  );
  return { process, http: ready.http, identity: `${process.child.pid}@${hostname()}` };
}

/** A response of the API, its JSON body parsed, and how long it took. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

/** One API request to a copy, with {@link COPIES_KEY}. */
export async function call(
  copy: Copy,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${copy.http}${path}`, {
    method,
    headers: {
      'x-api-key': COPIES_KEY,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    ms: performance.now() - started,
  };
}

/** The pending activities of a workflow: their type, state and the worker that last took them. */
export async function pendingActivities(
  client: Client,
  workflowId: string,
): Promise<Array<{ type: string; started: boolean; worker: string }>> {
  const description = await client.workflow.getHandle(workflowId).describe();
  return (description.raw.pendingActivities ?? []).map((activity) => ({
    type: activity.activityType?.name ?? '',
    started: activity.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
    worker: activity.lastWorkerIdentity ?? '',
  }));
}
