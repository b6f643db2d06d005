/**
 * Words the schema validation errors of a request the way the shared
 * validation words its own: what was expected, and of which field.
 *
 * Node zone.
 *
 * @module
 */
import type { FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorDataVar } from 'fastify/types/schema';
import { HttpError } from '../errors';
import { DURATION_PATTERN, DURATION_WORDS, TASK_ID_PATTERN, TASK_ID_WORDS } from './task-schemas';

/** What each pattern of the schemas accepts, in words. */
const PATTERN_WORDS: Readonly<Record<string, string>> = {
  [TASK_ID_PATTERN]: TASK_ID_WORDS,
  [DURATION_PATTERN]: DURATION_WORDS,
};

const PLACES: Record<SchemaErrorDataVar, string> = {
  body: 'the request body',
  params: 'the path',
  querystring: 'the query',
  headers: 'the headers',
};

/** Fastify's `schemaErrorFormatter`: a 400 {@link HttpError} naming the first problem. */
export function formatValidationErrors(
  errors: FastifySchemaValidationError[],
  dataVar: SchemaErrorDataVar,
): Error {
  return new HttpError(400, describeValidationError(errors[0], dataVar));
}

function describeValidationError(
  error: FastifySchemaValidationError | undefined,
  dataVar: SchemaErrorDataVar,
): string {
  const place = PLACES[dataVar];
  if (!error) return `Invalid ${place}`;
  const field = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const subject = field ? `\`${field}\`` : place;
  const params = error.params;
  switch (error.keyword) {
    case 'required':
      return `Expected \`${String(params.missingProperty)}\` in ${place}`;
    case 'additionalProperties':
      return `Unexpected field \`${String(params.additionalProperty)}\` in ${place}`;
    case 'type':
      return `Expected ${subject} to be ${article(String(params.type))}`;
    case 'pattern':
      return `Expected ${subject} to be ${PATTERN_WORDS[String(params.pattern)] ?? `like /${String(params.pattern)}/`}`;
    case 'enum':
      return `Expected ${subject} to be one of ${(params.allowedValues as unknown[]).map((value) => `'${String(value)}'`).join(', ')}`;
    case 'maxLength':
      return `Expected ${subject} to be at most ${String(params.limit)} characters`;
    default:
      return `Invalid ${subject}: ${error.message ?? error.keyword}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
