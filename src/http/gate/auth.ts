/**
 * API keys: their configuration, constant-time lookup, scopes, and task
 * ownership (who started a task, recorded in its memo).
 *
 * Node zone.
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FORBIDDEN } from '../../common/errors';
import type { AccessTarget } from '../../common/access-policy';
import { ownershipRejection, type ControlCaller } from '../../common/ownership';
import { HttpError, MESSAGES } from '../errors';

export { OWNER_MEMO_KEY, ownerFromMemo, type TaskOwner } from '../../common/ownership';

/** A permission an API key may hold. `admin` holds them all, and may act on tasks with no owner. */
export type Scope = 'tasks:read' | 'tasks:submit' | 'tasks:pause' | 'tasks:resume' | 'tasks:cancel' | 'admin';

/** Every scope, in the order the documentation lists them. */
export const SCOPES: readonly Scope[] = [
  'tasks:read',
  'tasks:submit',
  'tasks:pause',
  'tasks:resume',
  'tasks:cancel',
  'admin',
];

/** One configured API key, as written in the key file (snake_case). The key itself is never stored. */
export interface ApiKeyConfig {
  /** SHA-256 of the key, 64 lowercase hex digits (see {@link hashApiKey}). */
  key_hash: string;
  /** The user the key acts for; recorded as the owner of the tasks it submits. */
  user_id: string;
  /** The tenant of the user; tasks of other tenants are reported as not found. */
  tenant_id: string;
  /** What the key may do. */
  scopes: Scope[];
}

/** Who made a request: the configured key that matched. */
export type Caller = Readonly<ApiKeyConfig>;

/** The development key. Enable it only in embedded development mode on loopback (see {@link developmentKeys}). */
export const DEVELOPMENT_API_KEY = 'sk_test_123456';

/** SHA-256 hex digest of an API key: what the key configuration stores. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The key configuration of the development mode: {@link DEVELOPMENT_API_KEY}
 * for user `dev` of tenant `dev`, with every scope including `admin`. The
 * process entry point enables it only for the embedded development server on
 * loopback, and says so when it starts.
 *
 * @example
 * ```ts
 * const app = createControlApi({ client, taskQueue, auth: { keys: developmentKeys() } });
 * ```
 */
export function developmentKeys(): ApiKeyConfig[] {
  return [
    { key_hash: hashApiKey(DEVELOPMENT_API_KEY), user_id: 'dev', tenant_id: 'dev', scopes: [...SCOPES] },
  ];
}

/**
 * Checks a parsed key configuration (a JSON array of {@link ApiKeyConfig})
 * and returns it; throws an `Error` naming the first problem. `source` names
 * where it came from in that message (a file path, an environment variable).
 *
 * @example
 * ```ts
 * // in the process entry point (app/), which reads the environment
 * const keys = parseApiKeys(JSON.parse(process.env.CONTROL_API_KEYS ?? '[]'), 'CONTROL_API_KEYS');
 * ```
 */
export function parseApiKeys(config: unknown, source = 'the API key configuration'): ApiKeyConfig[] {
  if (!Array.isArray(config)) throw new Error(`Expected ${source} to be a JSON array of keys`);
  return config.map((entry: unknown, index) => {
    const where = `${source}[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`Expected ${where} to be an object`);
    const { key_hash, user_id, tenant_id, scopes } = entry as Record<string, unknown>;
    if (typeof key_hash !== 'string' || !/^[0-9a-f]{64}$/i.test(key_hash)) {
      throw new Error(`Expected ${where}.key_hash to be a SHA-256 hex digest (64 hex digits)`);
    }
    for (const [name, value] of [
      ['user_id', user_id],
      ['tenant_id', tenant_id],
    ] as const) {
      if (typeof value !== 'string' || value.length === 0)
        throw new Error(`Expected ${where}.${name} to be a non-empty string`);
    }
    // `/` ends the tenant's prefix in the workflow ids of its tasks.
    if ((tenant_id as string).includes('/')) {
      throw new Error(`Expected ${where}.tenant_id to hold no \`/\`, got \`${tenant_id as string}\``);
    }
    if (!Array.isArray(scopes) || !scopes.every((scope) => SCOPES.includes(scope as Scope))) {
      throw new Error(`Expected ${where}.scopes to be an array of ${SCOPES.join(', ')}`);
    }
    return {
      key_hash: key_hash.toLowerCase(),
      user_id: user_id as string,
      tenant_id: tenant_id as string,
      scopes: scopes as Scope[],
    };
  });
}

/** Reads and checks a key configuration file (a JSON array of {@link ApiKeyConfig}). */
export async function readApiKeysFile(path: string): Promise<ApiKeyConfig[]> {
  const text = await readFile(path, 'utf8');
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new Error(`Expected ${path} to hold JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseApiKeys(config, path);
}

/**
 * Finds the key a request presents. Every configured hash is compared, in
 * constant time, so the time taken says nothing about which one matched.
 */
export function createKeyLookup(
  keys: readonly ApiKeyConfig[],
): (presented: string | undefined) => Caller | undefined {
  const entries = keys.map((key) => ({ key, hash: Buffer.from(key.key_hash.toLowerCase(), 'hex') }));
  return (presented) => {
    if (!presented) return undefined;
    const hash = Buffer.from(hashApiKey(presented), 'hex');
    let found: Caller | undefined;
    for (const entry of entries) {
      if (entry.hash.length === hash.length && timingSafeEqual(entry.hash, hash) && !found) found = entry.key;
    }
    return found;
  };
}

/** Whether `caller` holds `scope`, or `admin`, which holds them all. */
export function hasScope(caller: Caller, scope: Scope): boolean {
  return caller.scopes.includes(scope) || caller.scopes.includes('admin');
}

/** The identity a control request carries for the workflow's ownership check. */
export function controlCaller(caller: Caller): ControlCaller {
  return { userId: caller.user_id, tenantId: caller.tenant_id, admin: caller.scopes.includes('admin') };
}

/**
 * Decides whether `caller` may act on `target`, by the access policy the
 * workflow applies too (`ownershipRejection`): a task of another tenant or
 * a workflow of the stack is reported as not found (404), another user's
 * task of the same tenant is forbidden (403) unless the caller is an admin,
 * and a task with no recorded owner is open to admins only.
 */
export function requireAccess(caller: Caller, target: AccessTarget): void {
  const rejection = ownershipRejection(target, controlCaller(caller));
  if (!rejection) return;
  if (rejection.type === FORBIDDEN) throw new HttpError(403, MESSAGES.forbidden);
  throw new HttpError(404, MESSAGES.notFound);
}
