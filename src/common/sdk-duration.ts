/**
 * The one place that reaches into the Temporal SDK's internals: the
 * conversion of a Temporal `Duration` (`'7 days'`, `60000`) to milliseconds.
 * The SDK exports it publicly only as deprecated; importing it from its
 * module here keeps the exact grammar Temporal accepts for every `Duration`,
 * and the unit test of this module fails when an SDK release moves it.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';

/**
 * Milliseconds in a Temporal `Duration`.
 *
 * @internal
 * @throws when `duration` is a string Temporal does not read as a duration.
 */
export function durationToMs(duration: Duration): number {
  return msToNumber(duration);
}
