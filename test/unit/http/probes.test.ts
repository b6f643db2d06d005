import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createControlApi, hashApiKey, type ApiKeyConfig, type ReadinessCheck } from '../../../src/http';
import { freePort } from '../../../src/testing/ports';

/** An API over a client of a port where nothing listens; no key configured unless `keys`. */
async function api(
  readiness?: Record<string, ReadinessCheck>,
  keys: ApiKeyConfig[] = [],
): Promise<FastifyInstance> {
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  return createControlApi({ client: new Client({ connection }), auth: { keys }, taskQueue: 'q', readiness });
}

describe('the probes', () => {
  it('answer without a key: /healthz is alive, /readyz is ready while every check is', async () => {
    const app = await api({ temporal: () => undefined, worker: () => Promise.resolve(undefined) });
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { temporal: 'ok', worker: 'ok' } });
    // Any other route still needs a key.
    expect((await app.inject({ url: '/api/v1/tasks/x' })).statusCode).toBe(401);
    // Another method gets 405, as on every documented path.
    const post = await app.inject({ method: 'POST', url: '/readyz' });
    expect([post.statusCode, post.headers.allow]).toEqual([405, 'GET']);
  });

  it('answer 503 naming every part that is not ready, a check that throws included', async () => {
    const app = await api({
      temporal: () => undefined,
      worker: () => 'stopping',
      process: () => Promise.reject(new Error('lost\nmore')),
    });
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'not ready',
      error: 'Not ready: worker stopping; process failed: lost',
      checks: { temporal: 'ok', worker: 'stopping', process: 'failed: lost' },
    });
  });

  it('check the Temporal server by default, and call one that does not answer unreachable', async () => {
    const app = await api();
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json<{ checks: { temporal: string } }>().checks.temporal).toMatch(/^unreachable: /);
  });

  it('are in the OpenAPI document, needing no key and never answering 401, 403 or 429', async () => {
    const app = await api({}, [{ key_hash: hashApiKey('k'), user_id: 'u', tenant_id: 't', scopes: [] }]);
    const document = (await app.inject({ url: '/openapi.json', headers: { 'x-api-key': 'k' } })).json<{
      paths: Record<string, { get: { security?: unknown[]; responses: Record<string, unknown> } }>;
    }>();
    for (const path of ['/healthz', '/readyz']) {
      const operation = document.paths[path]?.get;
      expect(operation?.security).toEqual([]);
      expect(Object.keys(operation?.responses ?? {})).not.toEqual(expect.arrayContaining(['401']));
      expect(Object.keys(operation?.responses ?? {})).not.toContain('429');
    }
    expect(Object.keys(document.paths['/readyz']?.get.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '503']),
    );
  });
});
