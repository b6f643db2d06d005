/**
 * Builds the OpenAPI 3.1 document of the control API from its route table,
 * so that the document uses the very schemas the routes validate with.
 *
 * Node zone.
 *
 * @module
 */
import type { Scope } from '../gate/auth';
import type { TaskAction } from '../errors';
import { responseSchemas, type ResponseSchemaName } from './response-schemas';
import type { JsonSchema } from './task-schemas';

/** One documented response of a route. */
export interface ResponseSpec {
  description: string;
  /** A schema of {@link responseSchemas} (JSON), or `event-stream` for SSE. */
  body: ResponseSchemaName | 'event-stream';
  /** Response headers the client may read: name → description (integer values). */
  headers?: Record<string, string>;
  /** OpenAPI links: operation id → its parameters, as runtime expressions on this response. */
  links?: Record<string, Record<string, string>>;
}

/** A route of the control API: what Fastify registers and what the document describes. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** Fastify path syntax (`/api/v1/tasks/:id/pause`). */
  url: string;
  operationId: string;
  summary: string;
  /** The scope a key needs; none: any valid key. */
  scope?: Scope;
  /** Needs no key and counts against no rate limit (the probes). */
  public?: boolean;
  /**
   * What the route reaches, for the access policy (`docs/http-api.md`, "Who
   * may do what"): `task`, one task it names; `fleet`, the tasks a query
   * matches within the caller's reach; `tenant`, the caller's tenant's own
   * resources (a batch, a hold, a new task). None: a route with no target.
   * The document carries it as `x-access`, with the scope as `x-scope`.
   */
  access?: 'task' | 'fleet' | 'tenant';
  /**
   * How the handler calls Temporal: `deadline` (the default), each call
   * within the request's deadline, a 503 when Temporal does not answer;
   * `own`, with deadlines of its own (an event stream, the readiness
   * probe); `none`, not at all.
   */
  temporal?: 'deadline' | 'own' | 'none';
  /** The action on the task, which words the 409 of a closed task. */
  action?: TaskAction;
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  /** Whether the body must be sent. */
  bodyRequired?: boolean;
  /** Request headers the route reads besides `X-API-Key`. */
  headers?: Array<{
    name: string;
    description: string;
    /** The values the route accepts; others get 400. */
    pattern?: string;
  }>;
  /** Route-specific responses; the common error responses are added to all. */
  responses: Record<number, ResponseSpec>;
}

/** The status of a route's success: the 2xx its spec documents (201, 202), else 200. */
export function successStatus(route: RouteSpec): number {
  return Number(Object.keys(route.responses).find((status) => status.startsWith('2')) ?? 200);
}

const error = (description: string): ResponseSpec => ({ description, body: 'Error' });

/** Responses every route may give. */
const COMMON_RESPONSES: Record<number, ResponseSpec> = {
  401: error('Missing or unknown `X-API-Key`: `{"error":"Unauthorized"}`.'),
  403: error('The key lacks the scope, or the task belongs to another user: `{"error":"Forbidden"}`.'),
  408: error('The request took longer than the request timeout to arrive.'),
  414: error('The URL is longer than the limit.'),
  421: error(
    'Development mode only: the `Host` is not a loopback name or one of the allowed hosts (see `ALLOWED_HOSTS`).',
  ),
  429: error('Too many requests (see `Retry-After`), or too many open event streams, for this key.'),
  431: error('The request headers are larger than the limit.'),
  503: error('The server is shutting down and did not finish the request in time.'),
};

/** Responses of the routes that need no key: no 401, 403, 421 or 429. */
const PUBLIC_RESPONSES: Record<number, ResponseSpec> = Object.fromEntries(
  Object.entries(COMMON_RESPONSES).filter(([status]) => !['401', '403', '421', '429'].includes(status)),
);

/** Responses of the routes that call Temporal. */
const TEMPORAL_RESPONSES: Record<number, ResponseSpec> = {
  503: {
    description:
      'Temporal is unavailable (`{"error":"Temporal is unavailable"}`: unreachable, or no answer within the ' +
      'deadline), or the task cannot answer yet (its workflow is being recovered); try again after ' +
      '`Retry-After` seconds. Or the server is shutting down and did not finish the request in time.',
    body: 'Error',
    headers: { 'Retry-After': 'Seconds to wait before trying again (a 503 of Temporal).' },
  },
};

/** Responses of routes that take a body. */
const BODY_RESPONSES: Record<number, ResponseSpec> = {
  400: error('The body, path or query is malformed; `error` says what is wrong.'),
  413: error('The body is larger than the limit.'),
  415: error('The body is not `application/json`.'),
};

/** Responses of routes that name a task. */
const TASK_RESPONSES: Record<number, ResponseSpec> = {
  400: error('The id or query is malformed.'),
  404: error('No such task (or one of another tenant): `{"error":"Task not found"}`.'),
};

/** The OpenAPI 3.1 document of `routes`. */
export function buildOpenApiDocument(
  routes: readonly RouteSpec[],
  info: { title: string; version: string },
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const names = route.params ? Object.keys(properties(route.params)) : [];
    const responses: Record<number, ResponseSpec> = {
      ...(route.public ? PUBLIC_RESPONSES : COMMON_RESPONSES),
      ...(route.temporal === 'none' ? {} : TEMPORAL_RESPONSES),
      ...(names.length > 0 || route.querystring ? TASK_RESPONSES : {}),
      ...(route.body ? BODY_RESPONSES : {}),
      ...route.responses,
    };
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: {
        operationId: route.operationId,
        summary: route.summary,
        ...(route.scope
          ? { description: `Needs scope \`${route.scope}\` (or \`admin\`).`, 'x-scope': route.scope }
          : {}),
        ...(route.access ? { 'x-access': route.access } : {}),
        ...(route.public ? { security: [] } : {}),
        parameters: [
          ...parameters(route.params, 'path'),
          ...parameters(route.querystring, 'query'),
          ...(route.headers ?? []).map((header) => ({
            name: header.name,
            in: 'header',
            required: false,
            description: header.description,
            schema: { type: 'string', ...(header.pattern ? { pattern: header.pattern } : {}) },
          })),
        ],
        ...(route.body
          ? {
              requestBody: {
                required: route.bodyRequired ?? false,
                content: { 'application/json': { schema: route.body } },
              },
            }
          : {}),
        responses: Object.fromEntries(
          Object.entries(responses).map(([status, response]) => [status, responseObject(response)]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      schemas: responseSchemas,
    },
  };
}

function responseObject(response: ResponseSpec): Record<string, unknown> {
  if (response.body === 'event-stream') {
    return {
      description: response.description,
      content: {
        'text/event-stream': {
          // One schema per event, as SSE-aware tools (schemathesis, OpenAPI 3.2's `itemSchema`) read it.
          schema: {
            type: 'object',
            description:
              'One frame: `id: <event id>`, `event: <type>`, `data: <ControlEvent JSON>`; `: keep-alive` comments between frames.',
            required: ['id', 'event', 'data'],
            properties: {
              id: {
                type: 'string',
                pattern: '^([1-9][0-9]*|(0|[1-9][0-9]*)[.][1-9][0-9]*)$',
                description:
                  "The event's id: its `seq`, or `<seq>.<server_seq>` for a server pause event; send it back as `Last-Event-ID`.",
              },
              event: responseSchemas.ControlEvent.properties.type,
              data: {
                type: 'string',
                contentMediaType: 'application/json',
                contentSchema: { $ref: '#/components/schemas/ControlEvent' },
              },
            },
          },
        },
      },
    };
  }
  return {
    description: response.description,
    ...(response.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, description]) => [
              name,
              { description, schema: { type: 'integer', minimum: 0 } },
            ]),
          ),
        }
      : {}),
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${response.body}` } } },
    ...(response.links
      ? {
          links: Object.fromEntries(
            Object.entries(response.links).map(([operationId, parameters]) => [
              operationId,
              { operationId, parameters },
            ]),
          ),
        }
      : {}),
  };
}

function properties(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties ?? {}) as Record<string, JsonSchema>;
}

function parameters(schema: JsonSchema | undefined, location: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const required = (schema.required ?? []) as string[];
  return Object.entries(properties(schema)).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    description: property.description,
    schema: property,
  }));
}
