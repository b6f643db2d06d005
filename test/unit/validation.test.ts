import fc from 'fast-check';
import {
  MAX_PAUSE_TIMEOUT_MS,
  pauseRequestProblem,
  pauseTimeoutMs,
  resumeRequestProblem,
} from '../../src/common/validation';

describe('pauseRequestProblem', () => {
  it.each([undefined, null, {}, { reason: 'review', requestedBy: 'alice', requestId: 'r-1' }])(
    'accepts %j',
    (request) => {
      expect(pauseRequestProblem(request)).toBeUndefined();
    },
  );

  it('accepts every timeout policy and a textual or numeric timeout', () => {
    for (const onTimeout of ['resume', 'fail', 'cancel']) {
      expect(pauseRequestProblem({ timeout: '7 days', onTimeout })).toBeUndefined();
    }
    expect(pauseRequestProblem({ timeout: 60_000 })).toBeUndefined();
  });

  it.each([
    ['a string', 'pause', 'Expected the pause request to be an object, got `pause` (string)'],
    ['an array', [], 'Expected the pause request to be an object, got an array'],
    ['a numeric reason', { reason: 5 }, 'Expected `reason` to be a string, got `5` (number)'],
    [
      'a long reason',
      { reason: 'x'.repeat(1001) },
      'Expected `reason` to be at most 1000 characters, got 1001',
    ],
    ['a numeric requestId', { requestId: 7 }, 'Expected `requestId` to be a string, got `7` (number)'],
    [
      'a long requestedBy',
      { requestedBy: 'x'.repeat(201) },
      'Expected `requestedBy` to be at most 200 characters, got 201',
    ],
    ['a null traceId', { traceId: null }, 'Expected `traceId` to be a string, got `null`'],
    [
      'a negative timeout',
      { timeout: -5 },
      'Expected `timeout` to be a positive duration of at most 100000 weeks, got `-5` (number)',
    ],
    [
      'an unreadable timeout',
      { timeout: 'soon' },
      'Expected `timeout` to be a positive duration of at most 100000 weeks, got `soon` (string)',
    ],
    ['an object timeout', { timeout: {} }, 'got a value of type object'],
    [
      'an unknown policy',
      { onTimeout: 'retry' },
      "Expected `onTimeout` to be one of 'resume', 'fail', 'cancel', got `retry` (string)",
    ],
  ])('rejects %s, naming the field', (_what, request, message) => {
    expect(pauseRequestProblem(request)).toContain(message);
  });

  it('shows the message its documentation promises', () => {
    expect(pauseRequestProblem({ timeout: -5 })).toBe(
      'Expected `timeout` to be a positive duration of at most 100000 weeks, got `-5` (number)',
    );
  });
});

describe('resumeRequestProblem', () => {
  it('accepts a request with any input', () => {
    expect(resumeRequestProblem({ input: { focus: 'offshore' }, requestId: 'r-2' })).toBeUndefined();
    expect(resumeRequestProblem(undefined)).toBeUndefined();
  });

  it('rejects a non-object and a bad identity field', () => {
    expect(resumeRequestProblem(3)).toBe('Expected the resume request to be an object, got `3` (number)');
    expect(resumeRequestProblem({ requestedBy: true })).toBe(
      'Expected `requestedBy` to be a string, got `true` (boolean)',
    );
  });
});

describe('pauseTimeoutMs', () => {
  it('reads Temporal durations in milliseconds', () => {
    expect(pauseTimeoutMs('7 days')).toBe(7 * 24 * 3600 * 1000);
    expect(pauseTimeoutMs('90s')).toBe(90_000);
    expect(pauseTimeoutMs(1)).toBe(1);
    expect(pauseTimeoutMs(MAX_PAUSE_TIMEOUT_MS)).toBe(MAX_PAUSE_TIMEOUT_MS);
  });

  it('refuses zero, negative, too long and unreadable durations', () => {
    expect(pauseTimeoutMs(0)).toBeUndefined();
    expect(pauseTimeoutMs('-1 day')).toBeUndefined();
    expect(pauseTimeoutMs(MAX_PAUSE_TIMEOUT_MS + 1)).toBeUndefined();
    expect(pauseTimeoutMs('a fortnight' as never)).toBeUndefined();
  });
});

describe('the validation, on any input', () => {
  it('answers with a message or nothing, and never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        for (const problem of [pauseRequestProblem(input), resumeRequestProblem(input)]) {
          expect(problem === undefined || problem.startsWith('Expected ')).toBe(true);
        }
      }),
    );
  });

  it('accepts exactly the timeouts in milliseconds between 1 and the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: MAX_PAUSE_TIMEOUT_MS + 10 }), (ms) => {
        const valid = ms >= 1 && ms <= MAX_PAUSE_TIMEOUT_MS;
        expect(pauseTimeoutMs(ms)).toBe(valid ? ms : undefined);
        expect(pauseRequestProblem({ timeout: ms }) === undefined).toBe(valid);
      }),
    );
  });
});
