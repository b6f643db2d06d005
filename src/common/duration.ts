/**
 * Reading a Temporal `Duration` (`'7 days'`, `'1.5h'`, `60000`) as
 * milliseconds, with the grammar Temporal's SDK accepts (the `ms` package's):
 * a number, optionally signed and fractional, then optional spaces and an
 * optional unit (milliseconds when none), at most 100 characters. Written
 * here, with no import, so that the control rules stay free of the SDK;
 * `test/unit/sdk-internals.test.ts` checks it against the SDK's own reader.
 *
 * Anywhere zone (workflow sandbox and Node), pure.
 *
 * @module
 */
import type { Duration } from '@temporalio/common';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds per unit, by every spelling the grammar accepts (lower case). */
const UNIT_MS: Readonly<Record<string, number>> = {
  ...spellings(['milliseconds', 'millisecond', 'msecs', 'msec', 'ms'], 1),
  ...spellings(['seconds', 'second', 'secs', 'sec', 's'], SECOND),
  ...spellings(['minutes', 'minute', 'mins', 'min', 'm'], MINUTE),
  ...spellings(['hours', 'hour', 'hrs', 'hr', 'h'], HOUR),
  ...spellings(['days', 'day', 'd'], DAY),
  ...spellings(['weeks', 'week', 'w'], 7 * DAY),
  ...spellings(['years', 'year', 'yrs', 'yr', 'y'], 365.25 * DAY),
};

const DURATION_TEXT = /^(-?\d*\.?\d+) *([a-z]+)?$/i;

/** The longest duration text the grammar reads. */
const MAX_DURATION_TEXT = 100;

/**
 * Milliseconds in a Temporal `Duration`: a number as it is; text by the
 * grammar of the module header.
 *
 * @throws `TypeError` when `duration` is text that is no duration.
 *
 * @example
 * ```ts
 * durationToMs('7 days'); // => 604800000
 * ```
 */
export function durationToMs(duration: Duration): number {
  if (typeof duration === 'number') return duration;
  const match = duration.length <= MAX_DURATION_TEXT ? DURATION_TEXT.exec(duration) : null;
  const unit = match ? UNIT_MS[(match[2] ?? 'ms').toLowerCase()] : undefined;
  if (!match?.[1] || unit === undefined) throw new TypeError(`Invalid duration string: '${duration}'`);
  return parseFloat(match[1]) * unit;
}

function spellings(names: readonly string[], ms: number): Record<string, number> {
  return Object.fromEntries(names.map((name) => [name, ms]));
}
