/**
 * Runs work one at a time per key: what `TaskControl` uses so that a process
 * sends a workflow one update at a time.
 *
 * Node zone.
 *
 * @module
 */

/** Runs `work` after every earlier call for the same `key` has settled; resolves or rejects as `work` does. */
export type OneAtATime = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/**
 * Creates a {@link OneAtATime}: calls for one key run in the order they
 * arrive, each after the one before it settled (fulfilled or rejected);
 * calls for different keys do not wait for each other. A key is forgotten
 * once nothing is queued for it.
 *
 * @example
 * ```ts
 * const oneAtATime = createOneAtATime();
 * await Promise.all([
 *   oneAtATime('report-42', () => pause('report-42')), // runs first
 *   oneAtATime('report-42', () => pause('report-42')), // runs once the first has settled
 *   oneAtATime('report-43', () => pause('report-43')), // runs at once
 * ]);
 * ```
 */
export function createOneAtATime(): OneAtATime {
  const lastOf = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const result = (lastOf.get(key) ?? Promise.resolve()).then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    lastOf.set(key, settled);
    void settled.then(() => {
      if (lastOf.get(key) === settled) lastOf.delete(key);
    });
    return result;
  };
}
