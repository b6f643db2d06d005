import fc from 'fast-check';
import { pauseRequestProblem, resumeRequestProblem } from '../../../src/common/validation';
import { decodeBatchBody, decodePauseBody, decodeResumeBody } from '../../../src/http/request-bodies';

describe('decodePauseBody', () => {
  it('turns a snake_case body into the pause request the caller sends', () => {
    expect(
      decodePauseBody(
        { reason: 'review', request_id: 'r-1', timeout: '7 days', on_timeout: 'fail', drain: 'interrupt' },
        'alice',
      ),
    ).toEqual({
      request: {
        reason: 'review',
        requestId: 'r-1',
        timeout: '7 days',
        onTimeout: 'fail',
        drain: 'interrupt',
        requestedBy: 'alice',
      },
    });
    expect(decodePauseBody({})).toEqual({ request: {} });
    expect(decodePauseBody(null)).toEqual({ request: {} });
  });

  it.each([
    [{ request_id: 7 }, 'Expected `request_id` to be a string, got `7` (number)'],
    [
      { on_timeout: 'explode' },
      "Expected `on_timeout` to be one of 'resume', 'fail', 'cancel', got `explode` (string)",
    ],
    [{ reason: 5 }, 'Expected `reason` to be a string, got `5` (number)'],
    [
      { timeout: -5 },
      'Expected `timeout` to be a positive duration of at most 100000 weeks, got `-5` (number)',
    ],
    [[], 'Expected the pause request to be an object, got an array'],
  ])('words the problem of %j with the wire names', (body, problem) => {
    expect(decodePauseBody(body)).toEqual({ problem });
  });

  it('names the user id the request carries as the wire does', () => {
    expect(decodePauseBody({}, 'x'.repeat(201))).toEqual({
      problem: 'Expected `requested_by` to be at most 200 characters, got 201',
    });
  });

  it('refuses exactly what the shared validation refuses, with the same message but for the names', () => {
    const body = fc.record(
      {
        reason: fc.oneof(fc.string(), fc.integer()),
        request_id: fc.oneof(fc.string({ maxLength: 250 }), fc.constant(null)),
        timeout: fc.oneof(fc.integer(), fc.constantFrom('7 days', 'soon', '90s')),
        on_timeout: fc.constantFrom('resume', 'fail', 'cancel', 'retry'),
        drain: fc.constantFrom('finish', 'interrupt', 'wait'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(body, (wire) => {
        const camel = {
          reason: wire.reason,
          requestId: wire.request_id,
          timeout: wire.timeout,
          onTimeout: wire.on_timeout,
          drain: wire.drain,
        };
        const defined = Object.fromEntries(Object.entries(camel).filter(([, value]) => value !== undefined));
        const decoded = decodePauseBody(wire);
        const problem = pauseRequestProblem(defined);
        if (problem === undefined) return 'request' in decoded;
        return (
          'problem' in decoded &&
          decoded.problem ===
            problem.replace('`requestId`', '`request_id`').replace('`onTimeout`', '`on_timeout`')
        );
      }),
    );
  });
});

describe('decodeResumeBody', () => {
  it('turns a snake_case body into the resume request the caller sends', () => {
    expect(decodeResumeBody({ request_id: 'r-2', input: { focus: 'sources' } }, 'alice')).toEqual({
      request: { requestId: 'r-2', input: { focus: 'sources' }, requestedBy: 'alice' },
    });
  });

  it('words a problem with the wire names, as the shared validation finds it', () => {
    const body = { request_id: 'x'.repeat(201) };
    expect(decodeResumeBody(body)).toEqual({
      problem: 'Expected `request_id` to be at most 200 characters, got 201',
    });
    expect(resumeRequestProblem({ requestId: body.request_id })).toBe(
      'Expected `requestId` to be at most 200 characters, got 201',
    );
  });
});

describe('decodeBatchBody', () => {
  it("turns a batch body into its action, query, reason and each task's pause", () => {
    expect(
      decodeBatchBody({
        action: 'pause',
        query: "WorkflowType='research'",
        reason: 'freeze',
        timeout: '1h',
        on_timeout: 'fail',
      }),
    ).toEqual({
      request: {
        action: 'pause',
        query: "WorkflowType='research'",
        pause: { reason: 'freeze', timeout: '1h', onTimeout: 'fail' },
      },
    });
    expect(decodeBatchBody({ action: 'cancel' })).toEqual({
      request: { action: 'cancel', query: undefined, pause: {} },
    });
  });

  it.each([
    ['a body that is not an object', [], 'Expected the request body to be an object'],
    ['no action', { query: '' }, 'Expected `action` in the request body'],
    ['an unknown action', { action: 'stop' }, "Expected `action` to be one of 'pause', 'resume', 'cancel'"],
    [
      'a timeout on a resume',
      { action: 'resume', timeout: '1h' },
      '`timeout` and `on_timeout` apply to a pause, not to a resume',
    ],
    [
      'an on_timeout on a cancel',
      { action: 'cancel', on_timeout: 'fail' },
      '`timeout` and `on_timeout` apply to a pause, not to a cancel',
    ],
    [
      'a bad pause timeout',
      { action: 'pause', timeout: -5 },
      'Expected `timeout` to be a positive duration of at most 100000 weeks, got `-5` (number)',
    ],
  ])('words %s as a 400 would', (_case, body, problem) => {
    expect(decodeBatchBody(body)).toEqual({ problem });
  });
});
