/**
 * The probes of the control API, for a load balancer or an orchestrator:
 * `GET /healthz` (liveness: the process answers) and `GET /readyz`
 * (readiness: every part the process needs is up). Neither needs a key.
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import type { ControlRoute } from './route-context';

/**
 * One part a ready process needs: resolves to `undefined` while the part is
 * ready, or to a short text saying what is wrong (`'unreachable: …'`,
 * `'shutting down'`). A check that throws counts as not ready, with its message.
 */
export type ReadinessCheck = () => Promise<string | undefined> | string | undefined;

/** The paths of the probes: the routes that need no key and count against no rate limit. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/**
 * How long the Temporal check waits for the server's answer before it calls
 * the server unreachable, in milliseconds: shorter than a load balancer's
 * usual probe timeout (2–5 s).
 */
const TEMPORAL_CHECK_TIMEOUT_MS = 1_500;

/**
 * A readiness check of the Temporal server behind `client`: one
 * `GetSystemInfo` call, answered within 1.5 s.
 *
 * @example
 * ```ts
 * createControlApi({ client, ..., readiness: { temporal: temporalReachable(client), worker: () => ... } });
 * ```
 */
export function temporalReachable(client: Client): ReadinessCheck {
  return async () => {
    try {
      await client.connection.withDeadline(Date.now() + TEMPORAL_CHECK_TIMEOUT_MS, () =>
        client.workflowService.getSystemInfo({}),
      );
      return undefined;
    } catch (error) {
      return `unreachable: ${firstLine(error)}`;
    }
  };
}

/** The probe routes, with the readiness `checks` (by name) `/readyz` runs on every call. */
export function probeRoutes(checks: Readonly<Record<string, ReadinessCheck>>): ControlRoute[] {
  return [
    {
      method: 'GET',
      url: '/healthz',
      operationId: 'getLiveness',
      temporal: 'none',
      summary: 'Liveness: the process answers. No key needed.',
      public: true,
      responses: { 200: { description: '`{"status":"ok"}`', body: 'Health' } },
      handler: () => Promise.resolve({ status: 'ok' }),
    },
    {
      method: 'GET',
      url: '/readyz',
      operationId: 'getReadiness',
      temporal: 'own',
      summary:
        'Readiness: 200 while every part the process needs (the Temporal connection, the worker) is up; 503 while one is down or the process is shutting down. No key needed.',
      public: true,
      responses: {
        200: { description: 'Ready: `{"status":"ready","checks":{"temporal":"ok",…}}`.', body: 'Ready' },
        503: {
          description:
            'Not ready: `error` names the parts that are not, `checks` says what each one is (or a shutdown past its deadline: `{"error":…}` alone).',
          body: 'NotReady',
        },
      },
      handler: async (_request, reply: FastifyReply) => {
        const results = await Promise.all(
          Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)] as const),
        );
        const problems = results.filter(([, problem]) => problem !== undefined);
        const report = Object.fromEntries(results.map(([name, problem]) => [name, problem ?? 'ok']));
        if (problems.length === 0) return { status: 'ready', checks: report };
        const error = `Not ready: ${problems.map(([name, problem]) => `${name} ${problem}`).join('; ')}`;
        return reply.code(503).send({ status: 'not ready', error, checks: report });
      },
    },
  ];
}

async function runCheck(check: ReadinessCheck): Promise<string | undefined> {
  try {
    return await check();
  } catch (error) {
    return `failed: ${firstLine(error)}`;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}
