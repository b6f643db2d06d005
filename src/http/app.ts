/**
 * `createControlApi()`: the HTTP control API (documented in
 * `docs/http-api.md`) as a Fastify instance, built over a Temporal
 * `Client`. It does not listen; the process entry point does. Its options
 * are in `control-api-options.ts`.
 *
 * Node zone.
 *
 * @module
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HoldStore } from '../client/holds';
import { TaskControl } from '../client/task-control';
import { batchRoutes } from './routes/batch-routes';
import type { Caller } from './gate/auth';
import type { ControlApiOptions } from './control-api-options';
import { serveDashboard } from './dashboard';
import { answerErrors } from './error-answers';
import { HttpError, MESSAGES } from './errors';
import { fleetCountsRoute } from './routes/fleet-counts-route';
import { createAuthGate } from './gate/auth-gate';
import { holdRoutes } from './routes/hold-routes';
import { acceptJsonBodies } from './json-body';
import { countResponses, createHttpMetrics } from './metrics';
import { buildOpenApiDocument, successStatus } from './schemas/openapi';
import { probeRoutes, temporalReachable } from './routes/probes';
import { createRateLimiter } from './gate/rate-limit';
import { createFastify } from './server-options';
import { taskListRoute } from './routes/task-list-route';
import { createTaskLookup } from './routes/task-lookup';
import { taskRoutes } from './routes/task-routes';
import { pathOf } from './urls';
import { spanContextFromTraceparent, withParentSpan } from './trace';

/** Where a request keeps its body as its route decoded it. */
const DECODED_BODY = 'decodedBody';

/**
 * Creates the control API: pause, resume, cancel, inspect, list and submit
 * tasks (paused, or held), stream their control events (SSE), act on many
 * tasks by query (batches), hold new runs, the probes `GET /healthz` and
 * `GET /readyz`, and `GET /openapi.json`. Call
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
  const { client, taskQueue, dashboard = true } = options;
  const workflows = options.workflows ?? {};
  const control = new TaskControl(client);
  const limit = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit);
  const keepAliveMs = options.sseKeepAliveMs ?? 15_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxUrlLength = options.maxUrlLength ?? 2_048;
  const maxStreamsPerKey = options.maxStreamsPerKey ?? 10;
  const temporalTimeoutMs = options.temporalTimeoutMs ?? 10_000;
  const withDeadline = <T>(call: () => Promise<T>) =>
    client.withDeadline(Date.now() + temporalTimeoutMs, call);
  const callers = new WeakMap<FastifyRequest, Caller>();
  const streams = new AbortController();
  const openStreams = new Map<string, number>();
  const httpMetrics = createHttpMetrics(options.meter);

  const app = createFastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 16_384,
    requestTimeoutMs,
  });

  const caller = (request: FastifyRequest): Caller => {
    const found = callers.get(request);
    if (!found) throw new HttpError(401, MESSAGES.unauthorized);
    return found;
  };

  const lookup = createTaskLookup({ client, control, caller });
  const holds = new HoldStore(client, taskQueue);
  const routes = [
    taskListRoute({ client, workflows, caller }),
    fleetCountsRoute({ client, workflows, caller }),
    ...taskRoutes({
      client,
      control,
      taskQueue,
      workflows,
      caller,
      lookup,
      withDeadline,
      streams: {
        stop: streams.signal,
        keepAliveMs,
        maxPerKey: maxStreamsPerKey,
        open: openStreams,
        counted: httpMetrics.streams,
      },
      holds: options.visibility === false ? undefined : holds,
    }),
    ...batchRoutes({ client, caller }),
    ...holdRoutes({ client, holds, control, workflows, caller }),
  ];

  routes.push(...probeRoutes(options.readiness ?? { temporal: temporalReachable(client) }));
  routes.push({
    method: 'GET',
    url: '/openapi.json',
    operationId: 'getOpenApiDocument',
    temporal: 'none',
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
  /** A 405 with `Allow` for a method no route of a known path takes. */
  const wrongMethod = (request: FastifyRequest): HttpError | undefined => {
    const path = pathOf(request.url);
    const allowed = request.is404 ? allowedMethods(path).join(', ') : '';
    if (!allowed) return undefined;
    const message = `Method ${request.method} is not allowed on ${path}: use ${allowed}`;
    return new HttpError(405, message, { headers: { allow: allowed } });
  };
  const specOf = (request: FastifyRequest) =>
    specs.get(`${request.method} ${request.routeOptions.url ?? ''}`);

  acceptJsonBodies(app);
  countResponses(app, httpMetrics);

  app.addHook(
    'onRequest',
    createAuthGate({
      keys: options.auth.keys,
      maxUrlLength,
      limit,
      rateLimited: httpMetrics.rateLimited,
      dashboard,
      allowedHosts: options.allowedHosts ?? [],
      wrongMethod,
      scopeOf: (request) => specOf(request)?.scope,
      callers,
    }),
  );

  // The one decode of a body: before the JSON schema, so that the shared validation words what
  // both would refuse, as the workflow would; the handler gets what it decoded.
  app.decorateRequest(DECODED_BODY, undefined);
  app.addHook('preValidation', (request, _reply, done) => {
    const route = specOf(request);
    if (!route?.body) return done();
    if (request.body === undefined) request.body = {};
    const decoded = route.decodeBody?.(request.body, caller(request).user_id);
    if (decoded && 'problem' in decoded) return done(new HttpError(400, decoded.problem));
    if (decoded) request.setDecorator(DECODED_BODY, decoded.request);
    done();
  });

  answerErrors(app, (request) => specOf(request)?.action);

  app.addHook('preClose', (done) => {
    streams.abort();
    done();
  });

  if (dashboard) serveDashboard(app);
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
        const decoded: unknown = route.decodeBody ? request.getDecorator(DECODED_BODY) : request.body;
        const handle = () => route.handler(request, reply, parent?.traceId, decoded);
        const answer = await withParentSpan(parent, () =>
          (route.temporal ?? 'deadline') === 'deadline' ? withDeadline(handle) : handle(),
        );
        if (reply.sent) return reply;
        return reply.code(successStatus(route)).send(answer);
      },
    });
  }
  return app;
}
