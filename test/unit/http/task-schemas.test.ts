import type { Duration } from '@temporalio/common';
import { MAX_PAUSE_TIMEOUT_WEEKS, pauseTimeoutMs } from '../../../src/common/validation';
import {
  DURATION_PATTERN,
  MAX_DURATION_DIGITS,
  MAX_TASK_ID_LENGTH,
  TASK_ID_PATTERN,
} from '../../../src/http/schemas/task-schemas';

const duration = new RegExp(DURATION_PATTERN);
const UNITS = [
  '',
  'ms',
  's',
  'm',
  'h',
  'd',
  'w',
  'msecs',
  'seconds',
  'mins',
  'hrs',
  'hours',
  'days',
  'weeks',
];

describe('the duration pattern', () => {
  it('allows no fewer digits than the longest timeout needs', () => {
    const overLimit = `${'9'.repeat(MAX_DURATION_DIGITS + 1)} weeks` as Duration;
    expect(pauseTimeoutMs(overLimit)).toBeUndefined();
    expect(Number('9'.repeat(MAX_DURATION_DIGITS))).toBeLessThan(MAX_PAUSE_TIMEOUT_WEEKS);
  });

  it.each(UNITS)('accepts the longest duration in `%s`, which the shared parser takes', (unit) => {
    const longest = `${'9'.repeat(MAX_DURATION_DIGITS)}.999 ${unit}`.trim();
    expect(duration.test(longest)).toBe(true);
    expect(pauseTimeoutMs(longest as Duration)).toBeGreaterThan(0);
  });

  it.each(UNITS)('refuses one digit more in `%s`', (unit) => {
    expect(duration.test(`1${'0'.repeat(MAX_DURATION_DIGITS)}${unit}`)).toBe(false);
  });
});

describe('the task id pattern', () => {
  it('takes ids up to the longest length, and no longer', () => {
    const id = new RegExp(TASK_ID_PATTERN);
    expect(id.test('a'.repeat(MAX_TASK_ID_LENGTH))).toBe(true);
    expect(id.test('a'.repeat(MAX_TASK_ID_LENGTH + 1))).toBe(false);
  });
});
