/**
 * The authorization matrix, generated: every operation of the API's own
 * OpenAPI document × every kind of caller × every kind of target, each
 * answer expected from the access policy's table (`TARGET_POLICY`) and
 * nothing else. A route added later is in the document, so it joins the
 * matrix by itself (and fails here until it says how to call it).
 *
 * It runs the worker process (`app/main.ts`) on its embedded dev server:
 * the fleet routes need visibility and the holds workflow.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { accessVerdict } from '../../src/common/access-policy';
import { HoldStore } from '../../src/client/holds';
import { batchJobId } from '../../src/http/routes/batch-routes';
import {
  acme,
  CALLERS,
  CALLS,
  KEY_CONFIG,
  type Call,
  type CallerKind,
  type Operation,
  type TargetKind,
} from '../support/access-cases';
import { until } from '../support/fleet-api';
import { spawnWorkerProcess, workerProcessEnv, type Spawned } from '../support/processes';

let worker: Spawned | undefined;
let connection: Connection | undefined;
let client: Client;
let http = '';
const targets: Record<string, TargetKind> = {};

async function send(
  kind: CallerKind,
  call: Call,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const stop = new AbortController();
  const response = await fetch(`${http}${call.url}`, {
    method: call.method,
    signal: stop.signal,
    headers: {
      ...(kind.key ? { 'x-api-key': kind.key } : {}),
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  // An event stream stays open: its status is the answer.
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    stop.abort();
    return { status: response.status, body: {} };
  }
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function submit(kind: CallerKind, workflow = 'research'): Promise<string> {
  const taskId = `m-${randomUUID()}`;
  const { status } = await send(kind, {
    method: 'POST',
    url: '/api/v1/tasks',
    body: { workflow, input: { topic: 'tides', iterations: 1 }, task_id: taskId },
  });
  expect(status).toBe(202);
  return `${kind.identity?.tenantId}/${taskId}`;
}

async function finished(kind: CallerKind, batchId: string): Promise<void> {
  await until(`batch ${batchId}`, async () => {
    const { body } = await send(kind, { method: 'GET', url: `/api/v1/batches/${batchId}` });
    return body.state === 'running' ? undefined : true;
  });
}

beforeAll(async () => {
  const env = await workerProcessEnv({ API_KEYS: JSON.stringify(KEY_CONFIG), API_RATE_LIMIT: 'off' });
  // Each task stays in its first activity: "running" holds still for the whole matrix.
  worker = spawnWorkerProcess({ ...env, ACTIVITY_LATENCY_MS: '3600000' });
  const ready = await worker.jsonLine<{ event: string; http: string; temporal_address: string }>(
    'stdout',
    (line) => line.event === 'ready',
  );
  http = ready.http;
  connection = await Connection.connect({ address: ready.temporal_address });
  client = new Client({ connection });

  const [ann, bob, eve, root] = ['owner', 'same-tenant user', 'other-tenant user', 'same-tenant admin'].map(
    (name) => CALLERS[name],
  );
  const owned = (workflowId: string, user: string, tenant: string): TargetKind => ({
    workflowId,
    access: { owner: { user_id: user, tenant_id: tenant } },
  });
  targets['own task'] = owned(await submit(ann), 'ann', 'acme');
  targets["same-tenant other user's task"] = owned(await submit(bob), 'bob', 'acme');
  targets['other-tenant task'] = owned(await submit(eve), 'eve', 'globex');
  const hold = await send(root, { method: 'POST', url: '/api/v1/holds', body: { workflow: 'supervisor' } });
  acme.holdId = hold.body.hold_id as string;
  const holdsWorkflowId = await new HoldStore(client, env.TASK_QUEUE ?? '').workflowId('acme');
  targets['holds workflow'] = { workflowId: holdsWorkflowId, access: { stack: true } };
  await until('the tasks in visibility', async () => {
    const ids = Object.values(targets).map((target) => `'${target.workflowId}'`);
    const { count } = await client.workflowService.countWorkflowExecutions({
      namespace: 'default',
      query: `WorkflowId IN (${ids.join(', ')}) AND CheckpointTenant IS NOT NULL`,
    });
    return Number(count) === 3 ? true : undefined;
  });
  const batch = await send(ann, {
    method: 'POST',
    url: '/api/v1/batches',
    body: { action: 'resume', query: `WorkflowId='${targets['own task'].workflowId}'` },
  });
  acme.batchId = batch.body.batch_id as string;
  await finished(ann, acme.batchId);
  targets['batch job workflow'] = { workflowId: batchJobId('acme', acme.batchId), access: { stack: true } };
  targets.missing = { workflowId: `acme/missing-${randomUUID()}`, access: undefined };
}, 180_000);

afterAll(async () => {
  await connection?.close();
  if (worker) {
    worker.child.kill('SIGTERM');
    await worker.finished;
  }
});

/** Reads first, then changes, cancels and releases last: no case undoes the target of a later one. */
const order = (operation: Operation) =>
  operation.method === 'GET' ? 0 : /cancel|release/i.test(operation.operationId) ? 2 : 1;

async function operations(): Promise<Operation[]> {
  const document = (await (
    await fetch(`${http}/openapi.json`, {
      headers: { 'x-api-key': CALLERS.owner.key },
    })
  ).json()) as { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> };
  return Object.entries(document.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        ...operation,
        method: method.toUpperCase(),
        path,
      })),
    )
    .filter((operation) => operation['x-access'] !== undefined)
    .sort((a, b) => order(a) - order(b));
}

/** Whether the caller's answer to a fleet request reached `target`. */
async function reached(
  operation: Operation,
  response: { body: Record<string, unknown> },
  target: TargetKind,
) {
  if (operation.operationId === 'listTasks') {
    const listed = (response.body.tasks as Array<{ task_id: string }>).map((task) => task.task_id);
    return listed.some((id) => target.workflowId === id || target.workflowId.endsWith(`/${id}`));
  }
  // The counts of a query that names the target: reached if it is counted.
  if (operation.operationId === 'countTasks') {
    const counts = response.body.counts as Array<Record<string, number | string | null>>;
    return counts.some((entry) =>
      ['running', 'pausing', 'paused'].some((status) => Number(entry[status]) > 0),
    );
  }
  const { count } = await client.workflowService.countWorkflowExecutions({
    namespace: 'default',
    query: response.body.query as string,
  });
  return Number(count) > 0;
}

/** What the policy table says `kind` gets from `operation` on `target`. */
function expectedAnswer(operation: Operation, call: Call, kind: CallerKind, target: TargetKind): string {
  if (!kind.identity) return '401';
  const scope = call.scope ?? operation['x-scope'];
  if (scope && !kind.scopes.includes(scope) && !kind.scopes.includes('admin')) return '403';
  const verdict = accessVerdict(target.access, kind.identity);
  switch (operation['x-access']) {
    case 'task':
      return { allow: 'allowed', forbidden: '403', notFound: '404 Task not found' }[verdict];
    case 'fleet':
      return verdict === 'allow' && target.access?.owner ? 'reached' : 'not reached';
    default:
      // The tenant's own batches and holds: another tenant's ids name nothing.
      return kind.identity.tenantId !== 'acme' && operation.path.includes('{id}') ? '404' : 'allowed';
  }
}

/** What `kind` got, in the words of {@link expectedAnswer}. */
async function answerOf(
  operation: Operation,
  kind: CallerKind,
  target: TargetKind,
  response: { status: number; body: Record<string, unknown> },
): Promise<string> {
  const { status } = response;
  const access = operation['x-access'];
  if (status === 401 || status === 403) return String(status);
  if (access === 'task') return status === 404 ? `404 ${String(response.body.error)}` : 'allowed';
  if (access === 'fleet') {
    if (status >= 300) return String(status);
    const answer = (await reached(operation, response, target)) ? 'reached' : 'not reached';
    if (operation.operationId === 'startBatch') await finished(kind, response.body.batch_id as string);
    return answer;
  }
  // A hold released or a batch stopped by an earlier caller of the tenant is gone: still allowed.
  return status === 404 && kind.identity?.tenantId !== 'acme' ? '404' : 'allowed';
}

it('answers every route, for every caller and every target, as the policy table says', async () => {
  const mismatches: string[] = [];
  let asked = 0;
  for (const operation of await operations()) {
    const build = CALLS[operation.operationId];
    if (!build) throw new Error(`No call for ${operation.operationId}: say how the matrix calls it`);
    // The tenant's own resources name no task: one target stands for all.
    const targetNames = operation['x-access'] === 'tenant' ? ['own task'] : Object.keys(targets);
    for (const [callerName, kind] of Object.entries(CALLERS)) {
      for (const targetName of targetNames) {
        const target = targets[targetName];
        const call = build(target);
        const expected = expectedAnswer(operation, call, kind, target);
        const got = await answerOf(operation, kind, target, await send(kind, call));
        asked++;
        if (got !== expected) {
          mismatches.push(
            `${operation.method} ${operation.path} as ${callerName} on ${targetName}: expected ${expected}, got ${got}`,
          );
        }
      }
    }
  }
  expect(mismatches).toEqual([]);
  expect(asked).toBeGreaterThan(300);
}, 600_000);
