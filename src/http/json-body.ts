/**
 * Checks on a JSON request body that JSON itself allows but the API cannot
 * carry: nesting deep enough to overflow the stack of whatever walks the
 * value later (the Temporal payload converter does, recursively), and lone
 * UTF-16 surrogates, which no UTF-8 payload can hold; and the parser that
 * applies them to every JSON body the API reads.
 *
 * Node zone.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

/** The deepest nesting of arrays and objects a request body may have. */
export const MAX_JSON_DEPTH = 64;

/**
 * How deep arrays and objects nest in the JSON text `text` (`0` for a
 * scalar), scanning at most until the depth exceeds `limit`. Brackets inside
 * strings do not count. Linear, with no recursion, so any text is safe.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/** Whether `value` is, or holds (keys included), a string with a lone UTF-16 surrogate. */
export function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(item));
  }
  return false;
}

/**
 * What is wrong with a parsed body and its text, in the words of a 400, or
 * `undefined` when nothing is. Call {@link jsonDepth} before parsing (see
 * `createControlApi`), so that the value walked here is never deep.
 */
export function jsonBodyProblem(text: string, value: unknown): string | undefined {
  const depth = jsonDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    return `Expected the request body to nest arrays and objects at most ${MAX_JSON_DEPTH} levels deep`;
  }
  if (hasLoneSurrogate(value)) {
    return 'Expected the request body to hold well-formed Unicode text: a string has a lone surrogate (`\\uD800`-`\\uDFFF`)';
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Makes `app` read only JSON bodies: `application/json` parsed and checked
 * with {@link jsonBodyProblem} (a 400 naming the problem), an empty one as
 * an absent body (which the control routes accept); `text/plain` gets 415
 * like every other type.
 */
export function acceptJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    void parseJson(request, text, (error, value) => {
      if (error) return done(error);
      const problem = jsonBodyProblem(text, value);
      if (problem) return done(new HttpError(400, problem));
      done(null, value);
    });
  });
  app.removeContentTypeParser('text/plain');
}
