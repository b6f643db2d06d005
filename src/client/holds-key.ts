/**
 * Where each tenant's holds workflow lives: its id is an HMAC of the tenant
 * under a key of the deployment, so that nobody can name a tenant's holds
 * workflow from the tenant's name. The key is kept in Temporal itself, in
 * the memo of one idle holds workflow (`temporal-checkpoint-holds-key`) that
 * the first process to need it starts: every copy of the worker process
 * against the same namespace reads the same key, and it outlives any
 * restart of them. A process reads it once.
 *
 * Node zone.
 *
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { HOLDS_WORKFLOW_TYPE, type HoldsState } from '../common/holds';
import { STACK_MEMO_KEY } from '../common/stack-workflows';

/** The workflow id of the idle holds workflow whose memo keeps the key. */
export const HOLDS_KEY_WORKFLOW_ID = 'temporal-checkpoint-holds-key';

/** The memo key of the key, on that workflow. */
const KEY_MEMO_KEY = 'temporal-checkpoint.holdsKey';

/** The key cannot be read: its workflow's memo has none (another workflow took the id), or the workflow is gone. */
export class HoldsKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HoldsKeyError';
  }
}

/**
 * The workflow id of `tenantId`'s holds workflow under `key`: the first 128
 * bits of HMAC-SHA256(key, tenant), hex. It has no `/`, so it never collides
 * with a task the API submits (`<tenant>/<task_id>`).
 *
 * @example
 * ```ts
 * holdsWorkflowId('acme', key); // 'temporal-checkpoint-holds-3f0c…' (32 hex digits)
 * ```
 */
export function holdsWorkflowId(tenantId: string, key: string): string {
  const digest = createHmac('sha256', key).update(tenantId).digest('hex');
  return `temporal-checkpoint-holds-${digest.slice(0, 32)}`;
}

/** The deployment's holds key, read from Temporal once and then kept. */
export class HoldsKey {
  private key: Promise<string> | undefined;

  constructor(
    private readonly client: Client,
    /** The task queue of the worker that runs the holds workflows. */
    private readonly taskQueue: string,
  ) {}

  /** The workflow id of `tenantId`'s holds workflow. */
  async workflowId(tenantId: string): Promise<string> {
    return holdsWorkflowId(tenantId, await this.get());
  }

  /** The key: the one in Temporal, or a new one that this call stores there first. */
  get(): Promise<string> {
    this.key ??= this.read().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async read(): Promise<string> {
    const found = await this.describe();
    if (found?.status.name === 'RUNNING') return keyOf(found);
    // None yet, or closed (kept until retention): start one, with the old key
    // if there was one; whoever starts first wins and every caller reads it.
    await this.client.workflow.start(HOLDS_WORKFLOW_TYPE, {
      workflowId: HOLDS_KEY_WORKFLOW_ID,
      taskQueue: this.taskQueue,
      args: [{ holds: [] } satisfies HoldsState],
      memo: {
        [STACK_MEMO_KEY]: 'holds-key',
        [KEY_MEMO_KEY]: found ? keyOf(found) : randomBytes(32).toString('hex'),
      },
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const started = await this.describe();
    if (!started) throw new HoldsKeyError(`\`${HOLDS_KEY_WORKFLOW_ID}\` vanished right after its start`);
    return keyOf(started);
  }

  private async describe(): Promise<WorkflowExecutionDescription | undefined> {
    try {
      return await this.client.workflow.getHandle(HOLDS_KEY_WORKFLOW_ID).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }
}

function keyOf(workflow: WorkflowExecutionDescription): string {
  const key = workflow.memo?.[KEY_MEMO_KEY];
  if (typeof key !== 'string' || key === '') {
    throw new HoldsKeyError(
      `Expected workflow \`${HOLDS_KEY_WORKFLOW_ID}\` to keep the holds key in its memo \`${KEY_MEMO_KEY}\`, got \`${JSON.stringify(key)}\``,
    );
  }
  return key;
}
