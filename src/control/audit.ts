/**
 * The record an ended pause leaves in the audit list.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import { withoutUndefined } from '../common/objects';
import type { PauseRecord } from '../common/types';
import { isoTime, type ParkedPause, type PendingPause } from './state';

/** How many past pauses the audit list keeps unless the workflow is configured otherwise. */
export const DEFAULT_AUDIT_LIMIT = 50;

/** How a pause ended, and when. */
export interface PauseEnding {
  atMs: number;
  /** The resume's `requestedBy`, `'timeout'` or `'cancellation'`. */
  resumedBy: string | undefined;
  outcome: PauseRecord['outcome'];
}

/**
 * The audit record of `pause`, parked as `parked` (or never parked: then a
 * resume counts as a withdrawal).
 */
export function pauseRecord(
  pause: PendingPause,
  parked: ParkedPause | undefined,
  ending: PauseEnding,
): PauseRecord {
  const { atMs, resumedBy, outcome } = ending;
  return withoutUndefined({
    reason: pause.request.reason,
    requestedBy: pause.request.requestedBy,
    checkpoint: parked?.checkpoint,
    requestedAt: new Date(pause.requestedAtMs).toISOString(),
    pausedAt: isoTime(parked?.pausedAtMs),
    endedAt: new Date(atMs).toISOString(),
    pausedMs: parked ? atMs - parked.pausedAtMs : 0,
    resumedBy,
    outcome: !parked && outcome === 'resumed' ? 'withdrawn' : outcome,
  });
}
