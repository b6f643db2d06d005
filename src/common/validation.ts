/**
 * Input checks for pause and resume requests, shared by the update
 * validators, the client and the HTTP API so that all three reject the same
 * input with the same message.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */
import type { Duration } from '@temporalio/common';
import { durationToMs } from './duration';
import {
  MAX_REASON_LENGTH,
  type DrainPolicy,
  type OnPauseTimeout,
  type PauseRequest,
  type ResumeRequest,
} from './types';

/** What a pause may do when its timeout runs out (`onTimeout`). */
export const ON_TIMEOUT_POLICIES: readonly OnPauseTimeout[] = ['resume', 'fail', 'cancel'];
/** How a pause may drain the activities in flight (`drain`). */
export const DRAIN_POLICIES: readonly DrainPolicy[] = ['finish', 'interrupt'];
/** The longest id a request may carry (`requestId`, `requestedBy`, `traceId`, `ifPauseRequestId`), in characters. */
export const MAX_ID_LENGTH = 200;

/** The fields a pause or resume request may carry. */
export type RequestField = keyof PauseRequest | keyof ResumeRequest;

/**
 * What a surface calls the request fields in its messages, where it does
 * not call them as the library does (the HTTP API says `request_id` for
 * `requestId`).
 */
export type FieldNames = Readonly<Partial<Record<RequestField, string>>>;

/**
 * Returns what is wrong with a pause request, or `undefined` when it is
 * valid. `names`: how the messages call the fields (the library's names by
 * default).
 *
 * @example
 * ```ts
 * pauseRequestProblem({ timeout: -5 });
 * // => 'Expected `timeout` to be a positive duration of at most 100000 weeks, got `-5` (number)'
 * ```
 */
export function pauseRequestProblem(input: unknown, names: FieldNames = {}): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isPlainObject(input)) return `Expected the pause request to be an object, got ${describe(input)}`;
  const request = input as Record<keyof PauseRequest, unknown>;
  const name = (field: RequestField) => `\`${names[field] ?? field}\``;
  if (request.reason !== undefined) {
    if (typeof request.reason !== 'string')
      return `Expected ${name('reason')} to be a string, got ${describe(request.reason)}`;
    const length = characterCount(request.reason);
    if (length > MAX_REASON_LENGTH) {
      return `Expected ${name('reason')} to be at most ${MAX_REASON_LENGTH} characters, got ${length}`;
    }
  }
  const identityProblem = identityFieldsProblem(request, names);
  if (identityProblem) return identityProblem;
  if (request.timeout !== undefined && pauseTimeoutMs(request.timeout as Duration) === undefined) {
    return `Expected ${name('timeout')} to be a positive duration of at most ${MAX_PAUSE_TIMEOUT_WEEKS} weeks, got ${describe(request.timeout)}`;
  }
  if (request.onTimeout !== undefined && !ON_TIMEOUT_POLICIES.includes(request.onTimeout as OnPauseTimeout)) {
    return `Expected ${name('onTimeout')} to be one of ${ON_TIMEOUT_POLICIES.map((p) => `'${p}'`).join(', ')}, got ${describe(request.onTimeout)}`;
  }
  if (request.drain !== undefined && !DRAIN_POLICIES.includes(request.drain as DrainPolicy)) {
    return `Expected ${name('drain')} to be one of ${DRAIN_POLICIES.map((p) => `'${p}'`).join(', ')}, got ${describe(request.drain)}`;
  }
  return undefined;
}

/** Returns what is wrong with a resume request, or `undefined` when it is valid; `names` as for a pause. */
export function resumeRequestProblem(input: unknown, names: FieldNames = {}): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isPlainObject(input)) return `Expected the resume request to be an object, got ${describe(input)}`;
  const request = input as Record<keyof ResumeRequest, unknown>;
  return (
    identityFieldsProblem(request, names) ??
    idFieldProblem(names.ifPauseRequestId ?? 'ifPauseRequestId', request.ifPauseRequestId)
  );
}

/**
 * The longest pause timeout in weeks: 100 000 weeks (about 1 917 years),
 * well inside what a Temporal timer can hold.
 */
export const MAX_PAUSE_TIMEOUT_WEEKS = 100_000;

/** The longest pause timeout, {@link MAX_PAUSE_TIMEOUT_WEEKS}, in milliseconds. */
export const MAX_PAUSE_TIMEOUT_MS = MAX_PAUSE_TIMEOUT_WEEKS * 7 * 24 * 60 * 60 * 1000;

/**
 * A pause timeout in milliseconds, or `undefined` when `timeout` is not a
 * positive Temporal `Duration` of at most {@link MAX_PAUSE_TIMEOUT_MS}.
 */
export function pauseTimeoutMs(timeout: Duration): number | undefined {
  if (typeof timeout !== 'string' && typeof timeout !== 'number') return undefined;
  let ms: number;
  try {
    ms = durationToMs(timeout);
  } catch {
    return undefined;
  }
  return ms > 0 && ms <= MAX_PAUSE_TIMEOUT_MS ? ms : undefined;
}

function identityFieldsProblem(
  request: Record<'requestedBy' | 'requestId' | 'traceId' | 'caller', unknown>,
  names: FieldNames,
): string | undefined {
  if (request.caller !== undefined) {
    const caller = request.caller as Record<string, unknown>;
    if (!isPlainObject(caller)) return `Expected \`caller\` to be an object, got ${describe(caller)}`;
    for (const field of ['userId', 'tenantId'] as const) {
      if (typeof caller[field] !== 'string')
        return `Expected \`caller.${field}\` to be a string, got ${describe(caller[field])}`;
    }
    if (caller.admin !== undefined && typeof caller.admin !== 'boolean')
      return `Expected \`caller.admin\` to be a boolean, got ${describe(caller.admin)}`;
  }
  for (const field of ['requestedBy', 'requestId', 'traceId'] as const) {
    const problem = idFieldProblem(names[field] ?? field, request[field]);
    if (problem) return problem;
  }
  return undefined;
}

function idFieldProblem(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return `Expected \`${field}\` to be a string, got ${describe(value)}`;
  const length = characterCount(value);
  if (length > MAX_ID_LENGTH) {
    return `Expected \`${field}\` to be at most ${MAX_ID_LENGTH} characters, got ${length}`;
  }
  return undefined;
}

/**
 * The length of `text` in characters (Unicode code points), as a user counts
 * them and as the HTTP schemas do: an emoji is one, not two UTF-16 units.
 */
export function characterCount(text: string): number {
  return Array.from(text).length;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return '`null`';
  if (typeof value === 'string') return `\`${value.slice(0, 40)}\` (string)`;
  if (typeof value === 'number' || typeof value === 'boolean') return `\`${value}\` (${typeof value})`;
  return `a value of type ${typeof value}`;
}
