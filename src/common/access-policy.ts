/**
 * The access policy: for a caller and the workflow a request names, whether
 * the request may go on, is forbidden (403) or is answered as if the
 * workflow did not exist (404). Written once, as data, and asked by every
 * surface: the HTTP routes, the client's checks of closed tasks and the
 * workflow's own update validators and queries.
 *
 * Anywhere zone (workflow sandbox and Node), pure.
 *
 * @module
 */

/** Who asks: the identity an authenticated request carries. */
export interface AccessCaller {
  userId: string;
  tenantId: string;
  /** An administrator of its tenant. */
  admin?: boolean;
}

/** What a request names, as the policy sees it. */
export type TargetKind =
  /** A task the caller submitted. */
  | 'own'
  /** A task another user of the caller's tenant submitted. */
  | 'colleague'
  /** A task of another tenant. */
  | 'foreign'
  /** A workflow with no recorded owner, started outside the API. */
  | 'unowned'
  /** A workflow the stack runs for itself (a tenant's holds, a batch job): never a task. */
  | 'stack'
  /** No workflow has the id. */
  | 'missing';

/** The answer of the policy. */
export type Verdict = 'allow' | 'forbidden' | 'notFound';

/** One row of {@link TARGET_POLICY}. */
export interface TargetRule {
  /** The target, as the documentation words it. */
  target: string;
  /** The answer to a caller without `admin`. */
  user: Verdict;
  /** The answer to a caller with `admin`. */
  admin: Verdict;
}

/**
 * The policy for a request that names one workflow (read, pause, resume,
 * cancel, stream), once the key holds the route's scope. `docs/http-api.md`
 * carries the same table; a unit test keeps the two equal.
 */
export const TARGET_POLICY: Readonly<Record<TargetKind, TargetRule>> = {
  own: { target: "the caller's own task", user: 'allow', admin: 'allow' },
  colleague: { target: "another user's task of the caller's tenant", user: 'forbidden', admin: 'allow' },
  foreign: { target: "another tenant's task", user: 'notFound', admin: 'notFound' },
  unowned: { target: 'a workflow with no recorded owner', user: 'forbidden', admin: 'allow' },
  stack: {
    target: 'a workflow of the stack itself (holds, batch jobs)',
    user: 'notFound',
    admin: 'notFound',
  },
  missing: { target: 'no such workflow', user: 'notFound', admin: 'notFound' },
};

/**
 * What a fleet request (the list, a batch, a hold's release) reaches,
 * without `admin` and with it: the same tasks the policy lets the caller
 * act on one at a time. A workflow of the stack is never among them.
 */
export const FLEET_REACH = {
  user: "the caller's own tasks",
  admin: "every task of the caller's tenant",
} as const;

/** A workflow as the policy classifies it: its recorded owner, and whether the stack runs it for itself. */
export interface AccessTarget {
  /** The owner recorded when the API started it (`user_id`, `tenant_id`). */
  owner?: { user_id: string; tenant_id: string } | undefined;
  /** The stack runs it for itself. */
  stack?: boolean;
}

/** The kind of `target` (`undefined`: there is none) for `caller`. */
export function targetKind(target: AccessTarget | undefined, caller: AccessCaller): TargetKind {
  if (!target) return 'missing';
  if (target.stack) return 'stack';
  const { owner } = target;
  if (!owner) return 'unowned';
  if (owner.tenant_id !== caller.tenantId) return 'foreign';
  return owner.user_id === caller.userId ? 'own' : 'colleague';
}

/**
 * The policy's answer for `caller` on `target`.
 *
 * @example
 * ```ts
 * accessVerdict({ owner: { user_id: 'ann', tenant_id: 'acme' } }, { userId: 'bob', tenantId: 'acme' });
 * // => 'forbidden'
 * ```
 */
export function accessVerdict(target: AccessTarget | undefined, caller: AccessCaller): Verdict {
  const rule = TARGET_POLICY[targetKind(target, caller)];
  return caller.admin ? rule.admin : rule.user;
}

/** Whether a fleet request of `caller` reaches only the caller's own tasks (`'own'`) or its tenant's. */
export function fleetReach(caller: AccessCaller): 'own' | 'tenant' {
  return caller.admin ? 'tenant' : 'own';
}
