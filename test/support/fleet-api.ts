/**
 * The HTTP side of the fleet tests (test/dev-server/): two tenants with a
 * key each, calls to the worker process's API, and the waits on visibility
 * and batches, which settle on their own time (polled, never slept on).
 */
import { randomUUID } from 'node:crypto';
import { hashApiKey, type ApiKeyConfig } from '../../src/http';

export const TENANTS = ['north', 'south'] as const;
export type Tenant = (typeof TENANTS)[number];
/** The raw API key of each tenant. */
export const KEYS: Record<Tenant, string> = {
  north: `sk_north_${randomUUID()}`,
  south: `sk_south_${randomUUID()}`,
};
export const KEY_CONFIG: ApiKeyConfig[] = TENANTS.map((tenant) => ({
  key_hash: hashApiKey(KEYS[tenant]),
  user_id: `${tenant}-ops`,
  tenant_id: tenant,
  scopes: ['tasks:read', 'tasks:submit', 'tasks:pause', 'tasks:resume', 'tasks:cancel'],
}));
export const TASKS_PER_TENANT = 100;

/** The API's base URL (set once the worker process is ready) and every workflow the tests submitted. */
export const fleet = { http: '', workflowIds: [] as string[] };

export interface Response<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function api<T = Record<string, unknown>>(
  tenant: Tenant,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<Response<T>> {
  const response = await fetch(`${fleet.http}${url}`, {
    method,
    headers: {
      'x-api-key': KEYS[tenant],
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * Polls `check` until it returns a value other than `undefined`. Only for
 * what the server offers no wait on: visibility (eventually consistent) and a
 * batch's progress. Waits on a workflow use its history's long-poll
 * (`waitForEvent`, `waitForHistory` in ./control).
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function submit(tenant: Tenant, extra: Record<string, unknown> = {}): Promise<string> {
  const taskId = `t-${randomUUID()}`;
  const { status, body } = await api(tenant, 'POST', '/api/v1/tasks', {
    workflow: 'research',
    input: { topic: 'tides', iterations: 1 },
    task_id: taskId,
    ...extra,
  });
  expect({ status, body }).toMatchObject({ status: 202 });
  fleet.workflowIds.push(`${tenant}/${taskId}`);
  return taskId;
}

export async function controlState(tenant: Tenant, taskId: string): Promise<Record<string, unknown>> {
  const { status, body } = await api(tenant, 'GET', `/api/v1/tasks/${taskId}/control-state`);
  expect(status).toBe(200);
  return body;
}

export async function finishedBatch(tenant: Tenant, batchId: string): Promise<Record<string, unknown>> {
  return until(`batch ${batchId}`, async () => {
    const { body } = await api(tenant, 'GET', `/api/v1/batches/${batchId}`);
    return body.state === 'running' ? undefined : body;
  });
}

/** Tasks of `tenant` that the list reports with `filter`, over every page. */
export async function listed(tenant: Tenant, filter: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const page: Response<{ tasks: Array<{ task_id: string }>; next_page_token: string | null }> = await api(
      tenant,
      'GET',
      `/api/v1/tasks?${filter}&page_size=100${token ? `&page_token=${token}` : ''}`,
    );
    expect(page.status).toBe(200);
    ids.push(...page.body.tasks.map((task) => task.task_id));
    token = page.body.next_page_token;
  } while (token);
  return ids.sort();
}
