/**
 * The cases of the generated authorization matrix
 * (test/dev-server/access-matrix.test.ts): the kinds of caller with their
 * keys, and how each operation of the API is called on a target.
 */
import { randomUUID } from 'node:crypto';
import type { AccessCaller, AccessTarget } from '../../src/common/access-policy';
import { hashApiKey, type ApiKeyConfig, type Scope } from '../../src/http';

const TASK_SCOPES: Scope[] = ['tasks:read', 'tasks:submit', 'tasks:pause', 'tasks:resume', 'tasks:cancel'];

/** A kind of caller: who it is (`null`: no key at all) and its scopes. */
export interface CallerKind {
  identity: AccessCaller | null;
  scopes: Scope[];
  key: string;
}

const caller = (userId: string, tenantId: string, scopes: Scope[]): CallerKind => ({
  identity: { userId, tenantId, admin: scopes.includes('admin') },
  scopes,
  key: `sk_${userId}_${randomUUID()}`,
});

export const CALLERS: Record<string, CallerKind> = {
  owner: caller('ann', 'acme', TASK_SCOPES),
  'same-tenant user': caller('bob', 'acme', TASK_SCOPES),
  'same-tenant admin': caller('root', 'acme', ['admin']),
  'other-tenant user': caller('eve', 'globex', TASK_SCOPES),
  'other-tenant admin': caller('groot', 'globex', ['admin']),
  'read-only key': caller('reader', 'acme', ['tasks:read']),
  'no key': { identity: null, scopes: [], key: '' },
};

export const KEY_CONFIG: ApiKeyConfig[] = Object.values(CALLERS).flatMap(({ identity, scopes, key }) =>
  identity
    ? [{ key_hash: hashApiKey(key), user_id: identity.userId, tenant_id: identity.tenantId, scopes }]
    : [],
);

/** A kind of target: the workflow id a request names, and what the policy knows of it. */
export interface TargetKind {
  workflowId: string;
  access: AccessTarget | undefined;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  'x-scope'?: Scope;
  'x-access'?: 'task' | 'fleet' | 'tenant';
}

/** One request of the matrix. `scope`: the scope it needs when the body decides it. */
export interface Call {
  method: string;
  url: string;
  body?: unknown;
  scope?: Scope;
}

/** The tenant `acme`'s batch and hold that the tenant routes name (set once they exist). */
export const acme = { batchId: '', holdId: '' };

/** How to call each operation of the document, on a target where it names one. */
export const CALLS: Record<string, (target: TargetKind) => Call> = {
  getTask: (target) => ({ method: 'GET', url: `/api/v1/tasks/${encodeURIComponent(target.workflowId)}` }),
  getControlState: (target) => ({
    method: 'GET',
    url: `/api/v1/tasks/${encodeURIComponent(target.workflowId)}/control-state`,
  }),
  streamEvents: (target) => ({
    method: 'GET',
    url: `/api/v1/stream/sse?workflow_id=${encodeURIComponent(target.workflowId)}`,
  }),
  pauseTask: (target) => ({
    method: 'POST',
    url: `/api/v1/tasks/${encodeURIComponent(target.workflowId)}/pause`,
  }),
  resumeTask: (target) => ({
    method: 'POST',
    url: `/api/v1/tasks/${encodeURIComponent(target.workflowId)}/resume`,
  }),
  cancelTask: (target) => ({
    method: 'POST',
    url: `/api/v1/tasks/${encodeURIComponent(target.workflowId)}/cancel`,
  }),
  listTasks: () => ({ method: 'GET', url: '/api/v1/tasks?page_size=100' }),
  countTasks: (target) => ({
    method: 'GET',
    url: `/api/v1/fleet/counts?query=${encodeURIComponent(`WorkflowId='${target.workflowId}'`)}`,
  }),
  // A resume of running tasks changes nothing: the batch's reach is what counts.
  startBatch: (target) => ({
    method: 'POST',
    url: '/api/v1/batches',
    body: { action: 'resume', query: `WorkflowId='${target.workflowId}'` },
    scope: 'tasks:resume',
  }),
  getBatch: () => ({ method: 'GET', url: `/api/v1/batches/${acme.batchId}` }),
  stopBatch: () => ({ method: 'POST', url: `/api/v1/batches/${acme.batchId}/stop`, scope: 'tasks:resume' }),
  submitTask: () => ({
    method: 'POST',
    url: '/api/v1/tasks',
    body: { workflow: 'research', input: { topic: 'tides', iterations: 1 } },
  }),
  createHold: () => ({ method: 'POST', url: '/api/v1/holds', body: { workflow: 'supervisor' } }),
  listHolds: () => ({ method: 'GET', url: '/api/v1/holds' }),
  releaseHold: () => ({ method: 'DELETE', url: `/api/v1/holds/${acme.holdId}` }),
};
