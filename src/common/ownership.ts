/**
 * Task ownership: who started a task (recorded in its memo) and whether a
 * caller may act on it. The workflow's update validators apply the rule where
 * the state lives, so that a control request costs one round trip; the client
 * applies the same rule to a closed task, which no validator answers for.
 *
 * Anywhere zone (workflow sandbox and Node), pure.
 *
 * @module
 */
import { accessVerdict, targetKind, type AccessTarget, type TargetKind } from './access-policy';
import { FORBIDDEN, TASK_NOT_FOUND } from './errors';

/** Memo key under which the HTTP API records the {@link TaskOwner} of the tasks it submits. */
export const OWNER_MEMO_KEY = 'temporal-checkpoint.owner';

/** Owner of a task, recorded in its memo under {@link OWNER_MEMO_KEY} when the API starts it. */
export interface TaskOwner {
  user_id: string;
  tenant_id: string;
}

/**
 * Who sends a control request, as the `caller` field of a `PauseRequest` or
 * `ResumeRequest` carries it. Set by a trusted gateway (the HTTP API) that
 * authenticated the caller; a request without it is not checked.
 */
export interface ControlCaller {
  userId: string;
  tenantId: string;
  /** An administrator may act on any task of its tenant, and on tasks with no owner. */
  admin?: boolean;
}

/** Why an ownership check refused a caller: the `type` and message of the failure. */
export interface OwnershipRejection {
  type: typeof TASK_NOT_FOUND | typeof FORBIDDEN;
  message: string;
}

/** The owner recorded in a task's memo, if any and well-formed. */
export function ownerFromMemo(memo: Record<string, unknown> | undefined): TaskOwner | undefined {
  const owner = memo?.[OWNER_MEMO_KEY];
  if (typeof owner !== 'object' || owner === null) return undefined;
  const { user_id, tenant_id } = owner as Record<string, unknown>;
  return typeof user_id === 'string' && typeof tenant_id === 'string' ? { user_id, tenant_id } : undefined;
}

const FORBIDDEN_MESSAGES: Partial<Record<TargetKind, string>> = {
  colleague: 'Forbidden: the task belongs to another user',
  unowned: 'Forbidden: the task has no recorded owner',
};

/**
 * Whether `caller` may act on `target` (a task owner, or the workflow as
 * `accessTargetOf` reads it), by the access policy (`accessVerdict`):
 * a task of another tenant, or a workflow of the stack, is reported as not
 * found; another user's task of the same tenant is forbidden unless the
 * caller is an admin, and a task with no recorded owner is open to admins
 * only. No `caller` means no check (a direct client).
 *
 * @example
 * ```ts
 * ownershipRejection({ user_id: 'ann', tenant_id: 'acme' }, { userId: 'bob', tenantId: 'acme' });
 * // => { type: 'TemporalCheckpointForbidden', message: 'Forbidden: the task belongs to another user' }
 * ```
 */
export function ownershipRejection(
  target: TaskOwner | AccessTarget | undefined,
  caller: ControlCaller | undefined,
): OwnershipRejection | undefined {
  if (!caller) return undefined;
  const access: AccessTarget = target && 'user_id' in target ? { owner: target } : (target ?? {});
  const verdict = accessVerdict(access, caller);
  if (verdict === 'allow') return undefined;
  if (verdict === 'notFound') return { type: TASK_NOT_FOUND, message: 'Task not found' };
  const message = FORBIDDEN_MESSAGES[targetKind(access, caller)] ?? 'Forbidden';
  return { type: FORBIDDEN, message };
}
