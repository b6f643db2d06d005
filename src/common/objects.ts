/**
 * Small helpers for plain objects.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */

/**
 * A copy of `value` without its `undefined` fields, so that states, events
 * and wire bodies stay small and compare equal however they were built.
 *
 * @example
 * ```ts
 * withoutUndefined({ status: 'paused', reason: undefined }); // => { status: 'paused' }
 * ```
 */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
