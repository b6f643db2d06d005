/**
 * The control requests the bodies of `POST /api/v1/tasks/{id}/pause` and
 * `/resume` (and a batch's pause fields) stand for: each body is decoded
 * from snake_case and checked by the shared validation once, at the edge,
 * and its problems are worded with the wire's field names.
 *
 * Node zone.
 *
 * @module
 */
import { withoutUndefined } from '../common/objects';
import type { PauseRequest, ResumeRequest } from '../common/types';
import { pauseRequestProblem, resumeRequestProblem, type FieldNames } from '../common/validation';

/** A body decoded once: the request it stands for, or what is wrong with it (a 400's `error`). */
export type DecodedBody<Request> = { request: Request } | { problem: string };

/**
 * What the wire calls the fields of a request, where it differs from the
 * library: the body's own fields, and `requested_by` for the key's user id
 * the request carries.
 */
const WIRE_NAMES: FieldNames = {
  requestId: 'request_id',
  onTimeout: 'on_timeout',
  requestedBy: 'requested_by',
};

/**
 * The pause request a body stands for, as `requestedBy` sends it (the key's
 * user id; none for a batch, whose pauses go as signals). A body that is
 * not an object is checked as it is, for the problem to name it.
 *
 * @example
 * ```ts
 * decodePauseBody({ reason: 'review', on_timeout: 'fail' }, 'alice');
 * // => { request: { reason: 'review', onTimeout: 'fail', requestedBy: 'alice' } }
 * decodePauseBody({ on_timeout: 'explode' });
 * // => { problem: "Expected `on_timeout` to be one of 'resume', 'fail', 'cancel', got `explode` (string)" }
 * ```
 */
export function decodePauseBody(body: unknown, requestedBy?: string): DecodedBody<PauseRequest> {
  const candidate = isObject(body)
    ? withoutUndefined({
        reason: body.reason,
        requestedBy,
        requestId: body.request_id,
        timeout: body.timeout,
        onTimeout: body.on_timeout,
        drain: body.drain,
      })
    : body;
  return checked<PauseRequest>(candidate, pauseRequestProblem(candidate, WIRE_NAMES));
}

/** The resume request a body stands for, as `requestedBy` sends it; see {@link decodePauseBody}. */
export function decodeResumeBody(body: unknown, requestedBy?: string): DecodedBody<ResumeRequest> {
  const candidate = isObject(body)
    ? withoutUndefined({ requestedBy, requestId: body.request_id, input: body.input })
    : body;
  return checked<ResumeRequest>(candidate, resumeRequestProblem(candidate, WIRE_NAMES));
}

/**
 * `candidate` as the request it is, once the shared validation found no
 * `problem` with it (`undefined` and `null` stand for a request with no
 * fields); else the problem.
 */
function checked<Request>(candidate: unknown, problem: string | undefined): DecodedBody<Request> {
  return problem === undefined ? { request: (candidate ?? {}) as Request } : { problem };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
