/**
 * Helpers for the HTTP API tests: a caller that checks every response
 * against the API's own OpenAPI document, and the test keys.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Client } from '@temporalio/client';
import {
  createControlApi,
  hashApiKey,
  type ApiKeyConfig,
  type ControlApiOptions,
  type Scope,
} from '../../src/http';
import { tenantWorkflowId } from '../../src/http/routes/task-ids';
import { OWNER_MEMO_KEY } from '../../src/common/ownership';

/** A response, its JSON body parsed. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: unknown;
}

type OpenApiDocument = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>
  >;
  components: { schemas: Record<string, unknown> };
};

/**
 * Checks responses against the response schemas of an OpenAPI document:
 * the path, method, status and content type must be documented and the body
 * must match.
 */
export class OpenApiChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly definitions: Record<string, unknown>;
  /** How many responses were checked. */
  checked = 0;

  constructor(private readonly document: OpenApiDocument) {
    this.definitions = JSON.parse(
      JSON.stringify(document.components.schemas).replace(/#\/components\/schemas\//g, '#/definitions/'),
    ) as Record<string, unknown>;
  }

  /** Throws when the response is not what the document promises. */
  check(method: string, url: string, response: ApiResponse): void {
    const path = url.split('?')[0] ?? url;
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0] ?? '';
    const template = Object.keys(this.document.paths).find((candidate) =>
      new RegExp(`^${candidate.replace(/\{[^}]+\}/g, '[^/]*')}$`).test(path),
    );
    const operation = template ? this.document.paths[template]?.[method.toLowerCase()] : undefined;
    let schema: unknown;
    if (!operation) {
      // Unknown routes and methods answer with the Error body.
      if (![401, 404, 405].includes(response.status)) {
        throw new Error(`${method} ${path}: undocumented route answered ${response.status}`);
      }
      schema = { $ref: '#/definitions/Error' };
    } else {
      const documented = operation.responses[String(response.status)];
      if (!documented) throw new Error(`${method} ${template}: status ${response.status} is not documented`);
      const media = documented.content[contentType];
      if (!media)
        throw new Error(
          `${method} ${template} ${response.status}: content type ${contentType} is not documented`,
        );
      if (contentType !== 'application/json') {
        this.checked++;
        return;
      }
      schema = media.schema;
    }
    const validate = this.validator(schema);
    if (!validate(response.body)) {
      throw new Error(
        `${method} ${path} ${response.status}: body ${JSON.stringify(response.body)} does not match the document: ${this.ajv.errorsText(validate.errors)}`,
      );
    }
    this.checked++;
  }

  /** Validates `value` against a component schema, e.g. `ControlEvent`. */
  checkComponent(name: string, value: unknown): void {
    const validate = this.validator({ $ref: `#/definitions/${name}` });
    if (!validate(value))
      throw new Error(`${JSON.stringify(value)} is not a ${name}: ${this.ajv.errorsText(validate.errors)}`);
    this.checked++;
  }

  private validator(schema: unknown): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      const rewritten = JSON.parse(key.replace(/#\/components\/schemas\//g, '#/definitions/')) as Record<
        string,
        unknown
      >;
      validate = this.ajv.compile({ ...rewritten, definitions: this.definitions });
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** Injects requests into `app`, checking each response against its `/openapi.json`. */
export async function createApiCaller(app: FastifyInstance, key: string) {
  const documentResponse = await app.inject({
    method: 'GET',
    url: '/openapi.json',
    headers: { 'x-api-key': key },
  });
  const checker = new OpenApiChecker(documentResponse.json());
  checker.check('GET', '/openapi.json', {
    status: documentResponse.statusCode,
    headers: documentResponse.headers,
    body: documentResponse.json(),
  });
  /** Sends a request as `as` (the default key unless given; `null` sends no key). */
  async function call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options: { as?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const as = options.as === undefined ? key : options.as;
    const headers: Record<string, string> = {
      ...(as === null ? {} : { 'x-api-key': as }),
      ...options.headers,
    };
    const inject: InjectOptions = { method, url, headers };
    if (options.rawBody !== undefined) inject.payload = options.rawBody;
    else if (options.body !== undefined) inject.payload = options.body as InjectOptions['payload'];
    const response = await app.inject(inject);
    const result: ApiResponse = {
      status: response.statusCode,
      headers: response.headers,
      body: response.body === '' ? undefined : (JSON.parse(response.body) as unknown),
    };
    checker.check(method, url, result);
    return result;
  }
  return { call, checker };
}

/** API keys of the tests: alice and bob share tenant `acme`; eve is of tenant `globex`. */
export const KEYS = {
  alice: 'key-alice',
  bob: 'key-bob',
  eve: 'key-eve',
  /** alice's tenant, read-only. */
  reader: 'key-reader',
  /** alice's tenant, `admin`. */
  admin: 'key-admin',
} as const;

const TASK_SCOPES: Scope[] = ['tasks:read', 'tasks:submit', 'tasks:pause', 'tasks:resume', 'tasks:cancel'];

/** The key configuration for {@link KEYS}. */
export function testKeyConfig(): ApiKeyConfig[] {
  const key = (secret: string, user_id: string, tenant_id: string, scopes: Scope[]): ApiKeyConfig => ({
    key_hash: hashApiKey(secret),
    user_id,
    tenant_id,
    scopes,
  });
  return [
    key(KEYS.alice, 'alice', 'acme', TASK_SCOPES),
    key(KEYS.bob, 'bob', 'acme', TASK_SCOPES),
    key(KEYS.eve, 'eve', 'globex', TASK_SCOPES),
    key(KEYS.reader, 'reader', 'acme', ['tasks:read']),
    key(KEYS.admin, 'root', 'acme', ['admin']),
  ];
}

/** The workflow id of a task alice (tenant `acme`) submitted through the API as `taskId`. */
export function aliceWorkflowId(taskId: string): string {
  return tenantWorkflowId('acme', taskId);
}

/** The memo that makes alice (tenant `acme`) the owner of a task started in a test. */
export const ALICE_OWNS = { [OWNER_MEMO_KEY]: { user_id: 'alice', tenant_id: 'acme' } };

/**
 * The control API the HTTP tests run against: the test keys, the `steps`
 * fixture workflow, the harness's client, no visibility (the Java test
 * server has none); `options` override any of these.
 */
export function createTestApi(
  client: Client,
  taskQueue: string,
  options: Partial<ControlApiOptions> = {},
): FastifyInstance {
  return createControlApi({
    client,
    taskQueue,
    auth: { keys: testKeyConfig() },
    workflows: { steps: 'steps' },
    // The Java test server has no visibility and no custom search attributes.
    visibility: false,
    ...options,
  });
}

/** One request of every route that calls Temporal, each valid for the key's tenant (tasks, batches, holds). */
export const TEMPORAL_ROUTE_REQUESTS: ReadonlyArray<{
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  body?: unknown;
}> = [
  { method: 'GET', url: '/api/v1/tasks' },
  { method: 'POST', url: '/api/v1/tasks', body: { workflow: 'steps' } },
  { method: 'GET', url: '/api/v1/tasks/t-1' },
  { method: 'GET', url: '/api/v1/tasks/t-1/control-state' },
  { method: 'POST', url: '/api/v1/tasks/t-1/pause', body: {} },
  { method: 'POST', url: '/api/v1/tasks/t-1/resume', body: {} },
  { method: 'POST', url: '/api/v1/tasks/t-1/cancel' },
  { method: 'GET', url: '/api/v1/stream/sse?workflow_id=t-1' },
  { method: 'POST', url: '/api/v1/batches', body: { action: 'pause', query: "WorkflowType='steps'" } },
  { method: 'GET', url: '/api/v1/batches/pause-00000000-0000-4000-8000-000000000000' },
  { method: 'POST', url: '/api/v1/batches/pause-00000000-0000-4000-8000-000000000000/stop' },
  { method: 'POST', url: '/api/v1/holds', body: { workflow: 'steps' } },
  { method: 'GET', url: '/api/v1/holds' },
  { method: 'DELETE', url: '/api/v1/holds/hold-00000000-0000-4000-8000-000000000000' },
];

/** What one route of {@link TEMPORAL_ROUTE_REQUESTS} answered. */
export interface RouteAnswer {
  route: string;
  status: number;
  body: unknown;
  retryAfter: string | number | string[] | undefined;
}

/** Sends every request of {@link TEMPORAL_ROUTE_REQUESTS} at once through `call` (of {@link createApiCaller}). */
export function temporalRouteAnswers(
  call: Awaited<ReturnType<typeof createApiCaller>>['call'],
): Promise<RouteAnswer[]> {
  return Promise.all(
    TEMPORAL_ROUTE_REQUESTS.map(async ({ method, url, body }) => {
      const response = await call(method, url, { body });
      const retryAfter = response.headers['retry-after'];
      return { route: `${method} ${url}`, status: response.status, body: response.body, retryAfter };
    }),
  );
}

/** What {@link temporalRouteAnswers} gives while Temporal is unavailable: 503 with `Retry-After` everywhere. */
export function unavailableAnswers(): RouteAnswer[] {
  return TEMPORAL_ROUTE_REQUESTS.map(({ method, url }) => ({
    route: `${method} ${url}`,
    status: 503,
    body: { error: 'Temporal is unavailable' },
    retryAfter: '5',
  }));
}
