/**
 * The one HTTP error type of the control API, and the one place where every
 * error a route can meet (ours, `TaskControl`'s, Temporal's, Fastify's)
 * becomes a status and a `{"error": ...}` body (see "Errors" in
 * `docs/http-api.md`).
 *
 * Node zone.
 *
 * @module
 */
import { isGrpcServiceError } from '@temporalio/client';
import { InvalidVisibilityQueryError } from '../client/batches';
import {
  ControlNotInstalledError,
  InvalidControlRequestError,
  TaskAlreadyPausedError,
  TaskClosedError,
  TaskForbiddenError,
  TaskNotFoundError,
  TaskNotPausedError,
  TaskNotReadyError,
  TaskServerPausedError,
} from '../client/errors';

/** What a route does to a task; it words the 409 for a closed task (`cannot pause completed task`). */
export type TaskAction = 'pause' | 'resume' | 'cancel';

/** An error with the HTTP status and message the client is to see. */
export class HttpError extends Error {
  constructor(
    /** The HTTP status code, 4xx or 5xx. */
    public readonly status: number,
    /** The `error` of the response body. */
    message: string,
    options?: {
      cause?: unknown;
      /** Extra response headers, such as `Retry-After`. */
      headers?: Readonly<Record<string, string>>;
    },
  ) {
    super(message, options);
    this.name = 'HttpError';
    this.headers = options?.headers ?? {};
  }

  /** Extra response headers. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The body of every error response. */
export interface ErrorBody {
  error: string;
}

/** What the error handler sends. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Readonly<Record<string, string>>;
}

/** Messages that are part of the API's contract: clients match on them, so they never change. */
export const MESSAGES = {
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  notFound: 'Task not found',
  alreadyPaused: 'task is already paused',
  notPaused: 'task is not paused',
  taskExists: 'task already exists',
  tooManyRequests: 'Too many requests',
  misdirected: 'Misdirected request: this API answers only on a loopback host name (see ALLOWED_HOSTS)',
  internal: 'Internal server error',
  temporalUnavailable: 'Temporal is unavailable',
  taskNotReady: 'The task cannot answer yet: its workflow is being recovered',
} as const;

/** How long a client should wait before it retries a 503 of Temporal's, in seconds (`Retry-After`). */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/** The gRPC status codes the mapping reads. */
const GRPC = {
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
} as const;

/**
 * Turns any error thrown while serving a request into the response to send.
 * `action` is the route's action, for the wording of a closed task's 409.
 * Errors that are not understood become a 500 whose body reveals nothing.
 */
export function errorResponse(error: unknown, action: TaskAction | undefined): ErrorResponse {
  const response = (status: number, message: string, headers: Readonly<Record<string, string>> = {}) => ({
    status,
    body: { error: message },
    headers,
  });
  if (error instanceof HttpError) return response(error.status, error.message, error.headers);
  if (error instanceof TaskNotFoundError) return response(404, MESSAGES.notFound);
  if (error instanceof TaskForbiddenError) return response(403, MESSAGES.forbidden);
  if (error instanceof TaskClosedError)
    return response(409, `cannot ${action ?? 'control'} ${error.state} task`);
  if (error instanceof TaskServerPausedError) {
    // Paused by the server: already paused for a pause; only Temporal can unpause it.
    return response(
      409,
      action === 'pause' ? MESSAGES.alreadyPaused : `cannot ${action ?? 'control'} server-paused task`,
    );
  }
  if (error instanceof TaskAlreadyPausedError) return response(409, MESSAGES.alreadyPaused);
  if (error instanceof TaskNotPausedError) return response(409, MESSAGES.notPaused);
  if (error instanceof InvalidControlRequestError) return response(400, error.message);
  if (error instanceof ControlNotInstalledError)
    return response(409, 'task does not accept control requests');
  if (error instanceof InvalidVisibilityQueryError) return response(400, error.message);
  const temporal = temporalProblem(error);
  if (temporal) {
    return response(503, MESSAGES[temporal], { 'retry-after': String(TEMPORAL_RETRY_AFTER_SECONDS) });
  }
  const fastifyStatus = clientErrorStatus(error);
  if (fastifyStatus !== undefined)
    return response(fastifyStatus, fastifyMessage(error as FastifyLikeError, fastifyStatus));
  return response(500, MESSAGES.internal);
}

/**
 * What a failed Temporal call says about Temporal, if anything: the server
 * is unreachable, overloaded or too slow (`temporalUnavailable`: the call
 * ran out of its deadline, or the server refused it for now); or the
 * workflow cannot answer yet (`taskNotReady`: its workflow task failed or
 * timed out and waits for a retry, or no worker took the query in time, as
 * while a restarted worker replays; `TaskControl` says so itself, with a
 * `TaskNotReadyError`, when the worker failed the query). Anything else is
 * not a state of Temporal's and stays a 500.
 */
export function temporalProblem(error: unknown): 'temporalUnavailable' | 'taskNotReady' | undefined {
  if (error instanceof TaskNotReadyError) return 'taskNotReady';
  const status = grpcStatus(error);
  if (!status) return undefined;
  const { code, details } = status;
  if (code === GRPC.FAILED_PRECONDITION && /workflow task in failed state/i.test(details))
    return 'taskNotReady';
  if (code === GRPC.DEADLINE_EXCEEDED && /query timed out/i.test(details)) return 'taskNotReady';
  const unavailable: number[] = [GRPC.UNAVAILABLE, GRPC.DEADLINE_EXCEEDED, GRPC.RESOURCE_EXHAUSTED];
  return unavailable.includes(code) ? 'temporalUnavailable' : undefined;
}

/** The gRPC status of a failed Temporal call: the error's own, or that of its causes (the SDK wraps it). */
function grpcStatus(error: unknown): { code: number; details: string } | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (isGrpcServiceError(cause)) return { code: Number(cause.code), details: cause.details ?? '' };
  }
  return undefined;
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  validation?: unknown;
}

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as FastifyLikeError).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

// Fastify's own messages name its internals (`FST_ERR_CTP_...`, `body/reason`);
// these say what is wrong in the client's terms.
function fastifyMessage(error: FastifyLikeError, status: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'Malformed JSON in the request body';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type: send application/json';
    case 'FST_ERR_BAD_URL':
      return 'Malformed URL: a path segment is not valid percent-encoding';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'Content-Length does not match the request body';
  }
  if (error.validation) return error.message ?? 'Invalid request';
  // Fastify's own 414 repeats the whole path.
  if (status === 414) return 'URL is too long: a path segment is longer than 1000 characters';
  if (status === 413) return 'Request body is too large';
  if (status === 415) return 'Unsupported Content-Type: send application/json';
  return error.message || 'Bad request';
}

/** A response Node-level client errors get: the raw status line's parts and the JSON body. */
export interface ClientErrorResponse {
  status: number;
  statusText: string;
  body: string;
}

/**
 * The response to an error Node's HTTP parser meets before any route runs
 * (Fastify's `clientErrorHandler`): oversize headers (431), a request that
 * took too long to arrive (408), anything else malformed (400). The body is
 * the usual `{"error": ...}` and never repeats the request.
 */
export function clientErrorResponse(error: Error): ClientErrorResponse {
  const code = (error as NodeJS.ErrnoException).code;
  const [status, statusText, message] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'Request headers (or the URL) are too large']
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request did not arrive in time']
        : [400, 'Bad Request', 'Malformed HTTP request'];
  return { status, statusText, body: JSON.stringify({ error: message }) };
}
