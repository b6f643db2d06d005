/**
 * The workflow a control request is for, when a gateway knows only the
 * ids it may be: tried in order until one exists.
 *
 * Node zone.
 *
 * @module
 */
import { TaskNotFoundError } from './errors';

/**
 * The workflow a request is for: one id, or the ids it may be, tried in
 * order until one exists (a gateway's tenant-scoped id, then the bare id).
 */
export type WorkflowIds = string | readonly string[];

/** The ids of `workflowIds`, in the order they are tried. */
export function idsOf(workflowIds: WorkflowIds): readonly string[] {
  return typeof workflowIds === 'string' ? [workflowIds] : workflowIds;
}

/**
 * Runs `act` on each of `workflowIds` in turn until one does not reject
 * with a {@link TaskNotFoundError}; rejects as the last one did.
 *
 * @example
 * ```ts
 * await firstFound(['acme/report-42', 'report-42'], (id) => control.stateFor(id, caller));
 * ```
 */
export async function firstFound<T>(
  workflowIds: WorkflowIds,
  act: (workflowId: string) => Promise<T>,
): Promise<T> {
  const ids = idsOf(workflowIds);
  for (const [index, id] of ids.entries()) {
    try {
      return await act(id);
    } catch (error) {
      if (!(error instanceof TaskNotFoundError && index < ids.length - 1)) throw error;
    }
  }
  // Reached only with no id to try.
  throw new TaskNotFoundError(ids.join(', '));
}
