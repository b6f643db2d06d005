/**
 * The control requests the bodies of `POST /api/v1/tasks/{id}/pause`,
 * `/resume` and `POST /api/v1/batches` stand for: each body is decoded
 * from snake_case and checked by the shared validation once, at the edge,
 * and its problems are worded with the wire's field names.
 *
 * Node zone.
 *
 * @module
 */
import { BATCH_ACTIONS, type BatchAction } from '../client/batches';
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

/** The request a batch body stands for: its action, its query, and each task's pause. */
export interface BatchRequest {
  action: BatchAction;
  /** The visibility query as sent (narrowed to the caller's reach later); empty or `undefined`: every task. */
  query: string | undefined;
  /** The body's `reason` (the batch's, and each task's pause reason), `timeout` and `on_timeout`. */
  pause: PauseRequest;
}

/**
 * The batch request a body stands for: its action, and the pause fields
 * decoded as a pause body's (`timeout` and `on_timeout` apply to a pause
 * only). The JSON schema checks `query` after this.
 *
 * @example
 * ```ts
 * decodeBatchBody({ action: 'pause', query: "WorkflowType='research'", timeout: '1h' });
 * // => { request: { action: 'pause', query: "WorkflowType='research'", pause: { timeout: '1h' } } }
 * decodeBatchBody({ action: 'resume', timeout: '1h' });
 * // => { problem: '`timeout` and `on_timeout` apply to a pause, not to a resume' }
 * ```
 */
export function decodeBatchBody(body: unknown): DecodedBody<BatchRequest> {
  if (!isObject(body)) return { problem: 'Expected the request body to be an object' };
  const { action } = body;
  if (action === undefined) return { problem: 'Expected `action` in the request body' };
  if (!isBatchAction(action)) {
    return { problem: `Expected \`action\` to be one of ${BATCH_ACTIONS.map((a) => `'${a}'`).join(', ')}` };
  }
  if (action !== 'pause' && (body.timeout !== undefined || body.on_timeout !== undefined)) {
    return { problem: `\`timeout\` and \`on_timeout\` apply to a pause, not to a ${action}` };
  }
  const pause = decodePauseBody({ reason: body.reason, timeout: body.timeout, on_timeout: body.on_timeout });
  if ('problem' in pause) return pause;
  const query = typeof body.query === 'string' ? body.query : undefined;
  return { request: { action, query, pause: pause.request } };
}

function isBatchAction(value: unknown): value is BatchAction {
  return (BATCH_ACTIONS as readonly unknown[]).includes(value);
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
