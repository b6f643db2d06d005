import type { Client } from '@temporalio/client';
import { createControlApi, developmentKeys } from '../../../src/http';

/** The API over a client that is never called: the dashboard's routes touch no Temporal. */
function api() {
  return createControlApi({ client: {} as Client, auth: { keys: developmentKeys() }, taskQueue: 'tq' });
}

const ASSETS = {
  '/': 'text/html; charset=utf-8',
  '/ui/dashboard.css': 'text/css; charset=utf-8',
  '/ui/dashboard.js': 'text/javascript; charset=utf-8',
  '/ui/api.js': 'text/javascript; charset=utf-8',
  '/ui/event-stream.js': 'text/javascript; charset=utf-8',
  '/ui/fleet-overview.js': 'text/javascript; charset=utf-8',
  '/ui/task-list.js': 'text/javascript; charset=utf-8',
  '/ui/task-page.js': 'text/javascript; charset=utf-8',
  '/ui/timeline-bars.js': 'text/javascript; charset=utf-8',
  '/ui/view.js': 'text/javascript; charset=utf-8',
};

describe('the dashboard routes', () => {
  it('serve the page and its files without a key, typed, under a strict CSP', async () => {
    const app = api();
    for (const [url, type] of Object.entries(ASSETS)) {
      const response = await app.inject({ method: 'GET', url });
      expect([url, response.statusCode, response.headers['content-type']]).toEqual([url, 200, type]);
      expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self'/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.body.length).toBeGreaterThan(0);
      expect((await app.inject({ method: 'HEAD', url })).statusCode).toBe(200);
    }
    await app.close();
  });

  it('serve nothing else without a key, and stay out of the OpenAPI document', async () => {
    const app = api();
    for (const url of ['/ui/', '/ui/../package.json', '/ui/missing.js', '/index.html']) {
      expect([url, (await app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 401]);
    }
    const document = (
      await app.inject({ method: 'GET', url: '/openapi.json', headers: { 'x-api-key': 'sk_test_123456' } })
    ).json<{ paths: Record<string, unknown> }>();
    const paths = Object.keys(document.paths);
    expect(paths).toContain('/openapi.json');
    expect(paths.filter((path) => path === '/' || path.startsWith('/ui/'))).toEqual([]);
    await app.close();
  });
});

describe('createControlApi({ dashboard: false })', () => {
  it('serves no page: `/` and its files are API paths again (401 without a key, 404 with one)', async () => {
    const app = createControlApi({
      client: {} as Client,
      auth: { keys: developmentKeys() },
      taskQueue: 'tq',
      dashboard: false,
    });
    for (const url of Object.keys(ASSETS)) {
      expect([url, (await app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 401]);
      const withKey = await app.inject({ method: 'GET', url, headers: { 'x-api-key': 'sk_test_123456' } });
      expect([url, withKey.statusCode]).toEqual([url, 404]);
    }
    await app.close();
  });
});
