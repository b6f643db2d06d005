/**
 * The workflows the stack runs for itself (a tenant's holds, the server's
 * batch jobs) are not tasks: how a described workflow is told apart, for
 * the access policy.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */
import type { AccessTarget } from './access-policy';
import { HOLDS_WORKFLOW_TYPE } from './holds';
import { ownerFromMemo } from './ownership';

/**
 * Memo key that marks a workflow the stack runs for itself (its value names
 * what it is, e.g. `holds`): no task route reaches it, whatever the key.
 */
export const STACK_MEMO_KEY = 'temporal-checkpoint.stack';

/** Workflow types of the Temporal server's own workflows (a batch job runs as one). */
const SERVER_WORKFLOW_TYPE_PREFIX = 'temporal-sys-';

/**
 * The policy's view of a described workflow: its recorded owner, and
 * whether the stack runs it for itself (the {@link STACK_MEMO_KEY} memo, the
 * holds workflow's type, or a server workflow such as a batch job).
 */
export function accessTargetOf(workflow: { memo?: Record<string, unknown>; type?: string }): AccessTarget {
  const type = workflow.type ?? '';
  const stack =
    workflow.memo?.[STACK_MEMO_KEY] !== undefined ||
    type === HOLDS_WORKFLOW_TYPE ||
    type.startsWith(SERVER_WORKFLOW_TYPE_PREFIX);
  return { owner: ownerFromMemo(workflow.memo), stack };
}
