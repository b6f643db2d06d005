/**
 * `createControlApi()`: the HTTP control API (documented in
 * `docs/http-api.md`) as a Fastify instance, built over a Temporal
 * `Client`. It does not listen; the process entry point does.
 *
 * Node zone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { TaskClosedError, TaskServerPausedError } from '../client/errors';
import { TaskControl } from '../client/task-control';
import { taskLifecycle } from '../client/task-state';
import { CONTROL_STATE_MEMO_KEY, type ControlSummary } from '../common/memo';
import type { PauseRequest, ResumeRequest } from '../common/types';
import { pauseRequestProblem, resumeRequestProblem } from '../common/validation';
import {
  createKeyLookup,
  OWNER_MEMO_KEY,
  ownerFromMemo,
  hasScope,
  requireOwnership,
  type ApiKeyConfig,
  type Caller,
  type TaskOwner,
} from './auth';
import { clientErrorResponse, errorResponse, HttpError, MESSAGES, wireFieldNames } from './errors';
import { jsonBodyProblem } from './json-body';
import { candidateWorkflowIds, tenantWorkflowId } from './task-ids';
import { buildOpenApiDocument, type RouteSpec } from './openapi';
import { createRateLimiter, type RateLimitOptions } from './rate-limit';
import {
  pauseBodySchema,
  resumeBodySchema,
  sseQuerySchema,
  submitBodySchema,
  taskIdParamsSchema,
} from './schemas';
import { streamControlEvents } from './sse';
import { spanContextFromTraceparent, withParentSpan } from './trace';
import { formatValidationErrors } from './validation-messages';
import {
  memoControlStateBody,
  controlStateBody,
  pauseRequestFromBody,
  resumeRequestFromBody,
  taskStatusBody,
} from './wire';

/** Options of {@link createControlApi}. */
export interface ControlApiOptions {
  /** The Temporal client the API acts through. */
  client: Client;
  /** The API keys. Build them with `parseApiKeys()`, `readApiKeysFile()` or `developmentKeys()`. */
  auth: {
    /** Configured keys (hashes only). With none, every request is refused with 401. */
    keys: readonly ApiKeyConfig[];
  };
  /** The task queue `POST /api/v1/tasks` starts workflows on: the worker's. */
  taskQueue: string;
  /**
   * The workflows `POST /api/v1/tasks` may start: HTTP name → Temporal workflow type.
   *
   * @default {}
   */
  workflows?: Readonly<Record<string, string>>;
  /**
   * Largest request body in bytes; a larger one gets 413.
   *
   * @default 16384
   */
  bodyLimit?: number;
  /**
   * Per-key request rate limit (token bucket, in memory); `false` turns it off.
   *
   * @default { burst: 60, perSecond: 10 }
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * How long a client may take to send a whole request (headers and body),
   * in milliseconds; a slower one gets 408 and its connection closes.
   *
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Longest request URL (path and query) in characters; a longer one gets 414.
   *
   * @default 2048
   */
  maxUrlLength?: number;
  /**
   * Event streams (`GET /api/v1/stream/sse`) one API key may hold open at
   * once; one more gets 429.
   *
   * @default 10
   */
  maxStreamsPerKey?: number;
  /**
   * Interval of the keep-alive comments of SSE streams, in milliseconds.
   *
   * @default 15000
   */
  sseKeepAliveMs?: number;
  /**
   * Fastify's logger option (`true`, or pino options such as `{ level:
   * 'warn', stream: process.stderr }`). Each failed request logs one line at
   * `warn` (a 5xx at `error`, with its stack).
   *
   * @default false
   */
  logger?: FastifyServerOptions['logger'];
}

/** The body of the 202 of pause, resume and cancel. */
interface AcceptedBody {
  success: true;
  message: string;
  task_id: string;
}

/**
 * Creates the control API: pause, resume, cancel, inspect and submit tasks,
 * stream their control events (SSE), and `GET /openapi.json`. Call
 * `listen()` on the result (or `inject()` in tests); `close()` ends open
 * event streams.
 *
 * @example
 * ```ts
 * const app = createControlApi({
 *   client,
 *   taskQueue: 'research',
 *   workflows: { research: 'research' },
 *   auth: { keys: await readApiKeysFile('/etc/checkpoint/keys.json') },
 * });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 * ```
 */
export function createControlApi(options: ControlApiOptions): FastifyInstance {
  const { client, taskQueue } = options;
  const workflows = options.workflows ?? {};
  const control = new TaskControl(client);
  const findCaller = createKeyLookup(options.auth.keys);
  const limit = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit);
  const keepAliveMs = options.sseKeepAliveMs ?? 15_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxUrlLength = options.maxUrlLength ?? 2_048;
  const maxStreamsPerKey = options.maxStreamsPerKey ?? 10;
  const callers = new WeakMap<FastifyRequest, Caller>();
  const streams = new AbortController();
  const openStreams = new Map<string, number>();

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 16_384,
    // A client that sends its request slowly (a half-sent body) is cut off; the
    // check runs often enough for the deadline to hold within a second.
    serverFactory: (handler) => {
      const server = createServer(
        { requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs) },
        handler,
      );
      server.headersTimeout = Math.min(server.headersTimeout, requestTimeoutMs);
      return server;
    },
    // Errors Node meets before Fastify sees a request (oversize headers, a
    // timeout, a malformed request line) get the same `{"error": ...}` body.
    clientErrorHandler: (error, socket) => {
      if (socket.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return;
      const response = clientErrorResponse(error);
      socket.end(
        `HTTP/1.1 ${response.status} ${response.statusText}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(response.body)}\r\nConnection: close\r\n\r\n${response.body}`,
      );
    },
    // Long ids must reach the id check (400), not fall through to 404.
    routerOptions: { maxParamLength: 1_000 },
    // A HEAD route would run a GET handler under a method no route spec names.
    exposeHeadRoutes: false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    schemaErrorFormatter: formatValidationErrors,
    // Errors Fastify meets before routing (a URL that does not decode) take the same way out.
    frameworkErrors: (error, _request, reply) => {
      const response = errorResponse(error, undefined);
      // The reply's generics are those of a route that has none; a plain reply is what it is.
      void (reply as unknown as FastifyReply).code(response.status).send(response.body);
    },
  });

  const caller = (request: FastifyRequest): Caller => {
    const found = callers.get(request);
    if (!found) throw new HttpError(401, MESSAGES.unauthorized);
    return found;
  };

  /**
   * Finds the workflow a task id stands for in the caller's tenant (see
   * `candidateWorkflowIds`), describes it and checks that the caller may see it.
   */
  const ownedTask = async (
    request: FastifyRequest,
    taskId: string,
  ): Promise<{ workflowId: string; description: WorkflowExecutionDescription }> => {
    let lastError: unknown;
    for (const workflowId of candidateWorkflowIds(caller(request).tenant_id, taskId)) {
      try {
        const description = await client.workflow.getHandle(workflowId).describe();
        requireOwnership(caller(request), ownerFromMemo(description.memo));
        return { workflowId, description };
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        lastError = error;
      }
    }
    throw new HttpError(404, MESSAGES.notFound, { cause: lastError });
  };

  /** {@link ownedTask}, refused while the Temporal server holds the task paused (it would not answer). */
  const controllableTask = async (request: FastifyRequest, taskId: string): Promise<string> => {
    const { workflowId, description } = await ownedTask(request, taskId);
    if (taskLifecycle(description.status.name).serverPaused) throw new TaskServerPausedError(taskId);
    return workflowId;
  };

  const controlStateOf = async (workflowId: string, description: WorkflowExecutionDescription) => {
    if (description.status.name === 'RUNNING') {
      try {
        return controlStateBody(await control.state(workflowId));
      } catch (error) {
        // Closed between the describe and the query: read its memo instead.
        if (!(error instanceof TaskClosedError)) throw error;
        description = await client.workflow.getHandle(workflowId).describe();
      }
    }
    const summary = description.memo?.[CONTROL_STATE_MEMO_KEY] as ControlSummary | undefined;
    return memoControlStateBody(summary, {
      cancelled: description.status.name === 'CANCELLED',
      serverPaused: taskLifecycle(description.status.name).serverPaused,
    });
  };

  const accepted = (message: string, taskId: string): AcceptedBody => ({
    success: true,
    message,
    task_id: taskId,
  });
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  /** Who asks, as the pause and resume requests record it. */
  const requester = (request: FastifyRequest, traceId: string | undefined) => ({
    requestedBy: caller(request).user_id,
    traceId,
  });
  const workflowNames = Object.keys(workflows);

  const routes: Array<
    RouteSpec & {
      /** `traceId`: of the request's valid `traceparent`, if any. */
      handler: (
        request: FastifyRequest,
        reply: FastifyReply,
        traceId: string | undefined,
      ) => Promise<unknown>;
    }
  > = [
    {
      method: 'POST',
      url: '/api/v1/tasks',
      operationId: 'submitTask',
      summary: 'Start one of the configured workflows, owned by the caller.',
      scope: 'tasks:submit',
      body: submitBodySchema(workflowNames),
      headers: [TRACEPARENT_HEADER],
      bodyRequired: true,
      responses: {
        202: {
          description: 'Started.',
          body: 'Submitted',
          links: {
            ...Object.fromEntries(
              ['getTask', 'getControlState', 'pauseTask', 'resumeTask', 'cancelTask'].map((operationId) => [
                operationId,
                { id: '$response.body#/task_id' },
              ]),
            ),
            streamEvents: { workflow_id: '$response.body#/task_id' },
          },
        },
        409: { description: '`{"error":"task already exists"}`.', body: 'Error' },
      },
      handler: async (request) => {
        const body = request.body as { workflow: string; input?: unknown; task_id?: string };
        if (!Object.hasOwn(workflows, body.workflow)) {
          throw new HttpError(
            400,
            `Unknown workflow \`${body.workflow}\`: expected one of ${workflowNames.join(', ') || '(none configured)'}`,
          );
        }
        const { user_id, tenant_id } = caller(request);
        const owner: TaskOwner = { user_id, tenant_id };
        const taskId = body.task_id ?? `${body.workflow}-${randomUUID()}`;
        try {
          await client.workflow.start(workflows[body.workflow], {
            taskQueue,
            // The tenant's own id space: nobody else can take, or learn of, this id.
            workflowId: tenantWorkflowId(tenant_id, taskId),
            args: body.input === undefined ? [] : [body.input],
            memo: { [OWNER_MEMO_KEY]: owner },
            // An id stays taken while the closed task is retained, so that nobody can take over its history.
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          });
        } catch (error) {
          if (error instanceof WorkflowExecutionAlreadyStartedError)
            throw new HttpError(409, MESSAGES.taskExists, { cause: error });
          throw error;
        }
        return { success: true, task_id: taskId, workflow: body.workflow };
      },
    },
    {
      method: 'GET',
      url: '/api/v1/tasks/:id',
      operationId: 'getTask',
      summary: 'The workflow status of a task, with its control state.',
      scope: 'tasks:read',
      params: taskIdParamsSchema,
      responses: { 200: { description: 'The task.', body: 'TaskStatus' } },
      handler: async (request) => {
        const taskId = idOf(request);
        const { workflowId, description } = await ownedTask(request, taskId);
        const status = await control.status(workflowId);
        const workflow = workflowNames.find((name) => workflows[name] === status.workflowType) ?? null;
        const controlBody = status.control
          ? controlStateBody(status.control)
          : await controlStateOf(workflowId, description);
        return { ...taskStatusBody(status, workflow, controlBody), task_id: taskId };
      },
    },
    {
      method: 'GET',
      url: '/api/v1/tasks/:id/control-state',
      operationId: 'getControlState',
      summary: 'The control state of a task.',
      scope: 'tasks:read',
      params: taskIdParamsSchema,
      responses: { 200: { description: 'The control state.', body: 'ControlState' } },
      handler: async (request) => {
        const { workflowId, description } = await ownedTask(request, idOf(request));
        return controlStateOf(workflowId, description);
      },
    },
    {
      method: 'POST',
      url: '/api/v1/tasks/:id/pause',
      operationId: 'pauseTask',
      summary: 'Ask the task to pause at its next checkpoint, once its in-flight activities finish.',
      scope: 'tasks:pause',
      action: 'pause',
      params: taskIdParamsSchema,
      body: pauseBodySchema,
      headers: [TRACEPARENT_HEADER],
      responses: {
        202: {
          description: '`{"success":true,"message":"Pause signal sent","task_id":…}`.',
          body: 'Accepted',
        },
        409: {
          description: '`cannot pause <state> task`, or `task is already paused` (pausing or paused).',
          body: 'Error',
        },
      },
      handler: async (request, _reply, traceId) => {
        const taskId = idOf(request);
        const workflowId = await controllableTask(request, taskId);
        const pause = pauseRequestFromBody(request.body) as PauseRequest;
        await control.pause(workflowId, { ...pause, ...requester(request, traceId) });
        return accepted('Pause signal sent', taskId);
      },
    },
    {
      method: 'POST',
      url: '/api/v1/tasks/:id/resume',
      operationId: 'resumeTask',
      summary: 'Resume a paused task, or withdraw a pending pause.',
      scope: 'tasks:resume',
      action: 'resume',
      params: taskIdParamsSchema,
      body: resumeBodySchema,
      headers: [TRACEPARENT_HEADER],
      responses: {
        202: {
          description: '`{"success":true,"message":"Resume signal sent","task_id":…}`.',
          body: 'Accepted',
        },
        409: { description: '`task is not paused`, or `cannot resume <state> task`.', body: 'Error' },
      },
      handler: async (request, _reply, traceId) => {
        const taskId = idOf(request);
        const workflowId = await controllableTask(request, taskId);
        const resume = resumeRequestFromBody(request.body) as ResumeRequest;
        await control.resume(workflowId, { ...resume, ...requester(request, traceId) });
        return accepted('Resume signal sent', taskId);
      },
    },
    {
      method: 'POST',
      url: '/api/v1/tasks/:id/cancel',
      operationId: 'cancelTask',
      summary: 'Request cancellation of the task (paused or not).',
      scope: 'tasks:cancel',
      action: 'cancel',
      params: taskIdParamsSchema,
      headers: [TRACEPARENT_HEADER],
      responses: {
        202: {
          description: '`{"success":true,"message":"Cancel request sent","task_id":…}`.',
          body: 'Accepted',
        },
        409: { description: '`cannot cancel <state> task`.', body: 'Error' },
      },
      handler: async (request) => {
        const taskId = idOf(request);
        const { workflowId } = await ownedTask(request, taskId);
        await control.cancel(workflowId);
        return accepted('Cancel request sent', taskId);
      },
    },
    {
      method: 'GET',
      url: '/api/v1/stream/sse',
      operationId: 'streamEvents',
      summary: 'Stream the control events of a task as server-sent events, ending after the terminal event.',
      scope: 'tasks:read',
      querystring: sseQuerySchema,
      headers: [
        {
          name: 'Last-Event-ID',
          description: 'The last `seq` seen: the stream resumes exactly after it.',
          pattern: '^[0-9]{0,15}$',
        },
      ],
      responses: {
        200: {
          description: 'The event stream; a `: keep-alive` comment comes periodically.',
          body: 'event-stream',
        },
      },
      handler: async (request, reply) => {
        const { workflow_id: taskId } = request.query as { workflow_id: string };
        const afterSeq = lastEventId(request.headers['last-event-id']);
        const { workflowId } = await ownedTask(request, taskId);
        const keyHash = caller(request).key_hash;
        const open = openStreams.get(keyHash) ?? 0;
        if (open >= maxStreamsPerKey) {
          throw new HttpError(429, `Too many open event streams: at most ${maxStreamsPerKey} per API key`);
        }
        openStreams.set(keyHash, open + 1);
        // From here on the response is ours to write; Fastify sends nothing more.
        reply.hijack();
        try {
          await streamControlEvents({
            client,
            workflowId,
            afterSeq,
            response: reply.raw,
            keepAliveMs,
            stop: streams.signal,
            log: request.log,
          });
        } finally {
          const left = (openStreams.get(keyHash) ?? 1) - 1;
          if (left > 0) openStreams.set(keyHash, left);
          else openStreams.delete(keyHash);
        }
        return undefined;
      },
    },
  ];

  routes.push({
    method: 'GET',
    url: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI document, built from the schemas the routes validate with.',
    responses: { 200: { description: 'The OpenAPI 3.1 document.', body: 'OpenApiDocument' } },
    handler: () => Promise.resolve(document),
  });
  const document = buildOpenApiDocument(routes, { title: 'temporal-checkpoint control API', version: '1' });

  const specs = new Map(routes.map((route) => [`${route.method} ${route.url}`, route]));
  const templates = routes.map((route) => ({
    method: route.method,
    path: new RegExp(`^${route.url.replace(/:[^/]+/g, '[^/]+')}$`),
  }));
  /** The methods of the routes whose template matches `path`: a 405's `Allow`. */
  const allowedMethods = (path: string) =>
    templates.filter((template) => template.path.test(path)).map((template) => template.method);
  const specOf = (request: FastifyRequest) =>
    specs.get(`${request.method} ${request.routeOptions.url ?? ''}`);

  // An empty body with `Content-Type: application/json` is an absent body, which the control routes accept.
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
  // Only JSON bodies: text/plain gets 415 like every other type.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', (request, _reply, done) => {
    // Before anything that might repeat the URL.
    if (request.url.length > maxUrlLength) {
      return done(new HttpError(414, `URL is too long: at most ${maxUrlLength} characters`));
    }
    // Liveness probes carry no key.
    if (pathOf(request.url) === HEALTH_PATH) return done();
    const found = findCaller(headerValue(request.headers['x-api-key']));
    if (!found) return done(new HttpError(401, MESSAGES.unauthorized));
    callers.set(request, found);
    const verdict = limit?.(found.key_hash);
    if (verdict && !verdict.allowed) {
      return done(
        new HttpError(429, MESSAGES.tooManyRequests, {
          headers: { 'retry-after': String(verdict.retryAfterSeconds) },
        }),
      );
    }
    if (request.is404) {
      const path = pathOf(request.url);
      const allowed = allowedMethods(path);
      if (allowed.length > 0) {
        return done(
          new HttpError(
            405,
            `Method ${request.method} is not allowed on ${path}: use ${allowed.join(', ')}`,
            {
              headers: { allow: allowed.join(', ') },
            },
          ),
        );
      }
    }
    const scope = specOf(request)?.scope;
    if (scope && !hasScope(found, scope)) return done(new HttpError(403, MESSAGES.forbidden));
    done();
  });

  app.addHook('preValidation', (request, _reply, done) => {
    const route = specOf(request);
    if (!route?.body) return done();
    if (request.body === undefined) request.body = {};
    // The shared validation words the problems of pause and resume requests, as the workflow would.
    const problem =
      route.action === 'pause'
        ? pauseRequestProblem(pauseRequestFromBody(request.body))
        : route.action === 'resume'
          ? resumeRequestProblem(resumeRequestFromBody(request.body))
          : undefined;
    done(problem ? new HttpError(400, wireFieldNames(problem)) : undefined);
  });

  app.setErrorHandler((error, request, reply) => {
    const response = errorResponse(error, specOf(request)?.action);
    if (response.status >= 500) request.log.error({ err: error }, 'request failed with a server error');
    void reply.code(response.status).headers(response.headers).send(response.body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `No route ${request.method} ${shortened(pathOf(request.url))}` });
  });

  // One line per failed request, never the whole URL.
  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode >= 400 && reply.statusCode < 500) {
      request.log.warn(
        { method: request.method, path: shortened(pathOf(request.url)), status: reply.statusCode },
        'request failed',
      );
    }
    done();
  });

  app.addHook('preClose', (done) => {
    streams.abort();
    done();
  });

  app.get(HEALTH_PATH, (_request, reply) => reply.send({ status: 'ok' }));

  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      schema: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.querystring ? { querystring: route.querystring } : {}),
        ...(route.body ? { body: route.body } : {}),
      },
      handler: async (request, reply) => {
        // Parsed once: the parent of every Temporal call the route makes, and the trace id its events record.
        const parent = spanContextFromTraceparent(request.headers.traceparent);
        const body = await withParentSpan(parent, () => route.handler(request, reply, parent?.traceId));
        if (reply.sent) return reply;
        return reply.code(route.responses[202] ? 202 : 200).send(body);
      },
    });
  }
  return app;
}

/** The optional trace header of the routes that act on a workflow. */
const TRACEPARENT_HEADER = {
  name: 'traceparent',
  description:
    'W3C trace context: continues into the workflow (OpenTelemetry); its trace id is recorded in the control events.',
};

/** The one route without a key: a liveness probe answering `{"status":"ok"}`. */
const HEALTH_PATH = '/healthz';

function pathOf(url: string): string {
  return url.split('?')[0] ?? '';
}

/** At most 100 characters of `text`: what a message or log line repeats of a URL. */
function shortened(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function lastEventId(header: string | string[] | undefined): number {
  const value = headerValue(header);
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,15}$/.test(value)) {
    throw new HttpError(
      400,
      `Expected \`Last-Event-ID\` to be a non-negative integer, got \`${value.slice(0, 40)}\``,
    );
  }
  return Number(value);
}
