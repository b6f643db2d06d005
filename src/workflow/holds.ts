/**
 * The holds workflow: one per tenant, long-running, it owns the tenant's
 * list of holds and answers the `addHold`/`removeHold` updates and the
 * `holds` query. It continues as new when its history grows long.
 *
 * Workflow zone. Register it with the workflows of the worker that serves
 * the HTTP API's task queue (re-export it from the workflows module).
 *
 * @module
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { MAX_REASON_LENGTH } from '../common/types';
import {
  addHoldUpdate,
  HOLD_EXISTS,
  holdsQuery,
  INVALID_HOLD,
  MAX_HOLDS,
  removeHoldUpdate,
  type Hold,
  type HoldsState,
  type NewHold,
} from '../common/holds';

/** History length past which the holds workflow continues as new. */
const HISTORY_LIMIT = 2_000;

/**
 * The holds workflow (type `temporalCheckpointHolds`). Started by the HTTP
 * API on a tenant's first hold (update-with-start); runs until cancelled.
 *
 * @example
 * ```ts
 * // workflows.ts of the worker behind the HTTP API
 * export { temporalCheckpointHolds } from 'temporal-checkpoint/workflow';
 * ```
 */
export async function temporalCheckpointHolds(carried?: HoldsState): Promise<never> {
  const holds: Hold[] = [...(carried?.holds ?? [])];
  setHandler(holdsQuery, () => holds);
  setHandler(
    addHoldUpdate,
    (hold) => {
      const stamped: Hold = { ...hold, createdAt: new Date().toISOString() };
      holds.push(stamped);
      return Promise.resolve(stamped);
    },
    { validator: (hold: NewHold | undefined) => validateNewHold(hold, holds) },
  );
  setHandler(removeHoldUpdate, (holdId) => {
    const index = holds.findIndex((hold) => hold.holdId === holdId);
    return Promise.resolve(index < 0 ? null : (holds.splice(index, 1)[0] ?? null));
  });
  await condition(
    () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_LIMIT,
  );
  await condition(allHandlersFinished);
  return continueAsNew<typeof temporalCheckpointHolds>({ holds });
}

function validateNewHold(hold: NewHold | undefined, holds: readonly Hold[]): void {
  const invalid = (message: string) =>
    ApplicationFailure.create({ type: INVALID_HOLD, message, nonRetryable: true });
  if (typeof hold?.holdId !== 'string' || hold.holdId === '') {
    throw invalid(`Expected \`holdId\` to be a non-empty string, got \`${JSON.stringify(hold?.holdId)}\``);
  }
  if (typeof hold.workflow !== 'string' || hold.workflow === '') {
    throw invalid(`Expected \`workflow\` to be a non-empty string, got \`${JSON.stringify(hold.workflow)}\``);
  }
  if (typeof hold.reason !== 'string' || [...hold.reason].length > MAX_REASON_LENGTH) {
    throw invalid(`Expected \`reason\` to be a string of at most ${MAX_REASON_LENGTH} characters`);
  }
  const existing = holds.find((other) => other.workflow === hold.workflow);
  if (existing) {
    throw ApplicationFailure.create({
      type: HOLD_EXISTS,
      message: `Workflow \`${hold.workflow}\` is already held (hold \`${existing.holdId}\`)`,
      nonRetryable: true,
    });
  }
  if (holds.length >= MAX_HOLDS) throw invalid(`A tenant may have at most ${MAX_HOLDS} holds`);
}
