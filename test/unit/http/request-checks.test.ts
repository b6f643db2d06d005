import fc from 'fast-check';
import { characterCount, pauseRequestProblem } from '../../../src/common/validation';
import { clientErrorResponse } from '../../../src/http/errors';
import { hasLoneSurrogate, jsonBodyProblem, jsonDepth, MAX_JSON_DEPTH } from '../../../src/http/json-body';

/** JSON values with their nesting depth, as JSON text. */
const nestedValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }),
  ),
})).value;

function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null)
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('the JSON body checks', () => {
  it('measure the nesting of any JSON text as the parsed value has it, brackets in strings aside', () => {
    fc.assert(fc.property(nestedValue, (value) => jsonDepth(JSON.stringify(value)) === depthOf(value)));
    expect(jsonDepth('{"a":"[[[{{{\\"]]]"}')).toBe(1);
  });

  it('reject bodies nested deeper than the limit, without recursion on 5000 levels', () => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    expect(jsonDepth(deep, MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonBodyProblem(deep, undefined)).toMatch(/at most 64 levels deep/);
    const limit = `${'['.repeat(MAX_JSON_DEPTH)}1${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(jsonBodyProblem(limit, JSON.parse(limit))).toBeUndefined();
  });

  it('find lone surrogates in strings and keys, and accept well-formed pairs', () => {
    expect(hasLoneSurrogate({ reason: '😀 fine', list: ['ok'] })).toBe(false);
    expect(hasLoneSurrogate({ reason: '\ud800' })).toBe(true);
    expect(hasLoneSurrogate(['x', ['\udc00y']])).toBe(true);
    expect(hasLoneSurrogate({ '\ud83d': 1 })).toBe(true);
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => !hasLoneSurrogate(text)));
  });
});

describe('lengths in characters', () => {
  it('count code points: an emoji is one character', () => {
    expect(characterCount('😀'.repeat(600))).toBe(600);
    expect(pauseRequestProblem({ reason: '😀'.repeat(1000) })).toBeUndefined();
    expect(pauseRequestProblem({ reason: '😀'.repeat(1001) })).toBe(
      'Expected `reason` to be at most 1000 characters, got 1001',
    );
  });
});

describe('Node-level client errors', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });

  it('become the error body, with the status that fits', () => {
    expect(clientErrorResponse(withCode('HPE_HEADER_OVERFLOW'))).toEqual({
      status: 431,
      statusText: 'Request Header Fields Too Large',
      body: '{"error":"Request headers (or the URL) are too large"}',
    });
    expect(clientErrorResponse(withCode('ERR_HTTP_REQUEST_TIMEOUT')).status).toBe(408);
    expect(clientErrorResponse(withCode('HPE_INVALID_METHOD'))).toMatchObject({
      status: 400,
      body: '{"error":"Malformed HTTP request"}',
    });
  });
});
