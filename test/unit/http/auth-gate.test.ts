import type { Client } from '@temporalio/client';
import { createControlApi, developmentKeys, DEVELOPMENT_API_KEY, hashApiKey } from '../../../src/http';
import { hostName } from '../../../src/http/gate/auth-gate';

/** An API whose gate answers before any route reaches Temporal. */
function api(keys = developmentKeys(), allowedHosts?: string[]) {
  return createControlApi({ client: {} as Client, taskQueue: 'tq', auth: { keys }, allowedHosts });
}

async function status(app: ReturnType<typeof api>, host: string, url = '/openapi.json') {
  const response = await app.inject({
    method: 'GET',
    url,
    headers: { host, 'x-api-key': DEVELOPMENT_API_KEY },
  });
  return { host, status: response.statusCode, error: response.json<{ error?: string }>().error };
}

describe('the host check of development mode', () => {
  it('reads the host name of a Host header, port and case aside', () => {
    expect(hostName('LocalHost:8080')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('[::1]');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
    expect(hostName(undefined)).toBe('');
  });

  it('answers only loopback names with the development key, 421 in the error shape otherwise', async () => {
    const app = api();
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'localhost']) {
      expect(await status(app, host)).toMatchObject({ host, status: 200 });
    }
    for (const host of [
      'attacker.example',
      'attacker.example:8080',
      'localhost.attacker.example',
      '10.0.0.5:8080',
    ]) {
      expect(await status(app, host)).toEqual({
        host,
        status: 421,
        error: expect.stringMatching(/^Misdirected request/) as unknown,
      });
    }
    // Probes answer on any name: an orchestrator asks by address.
    expect(
      (await app.inject({ method: 'GET', url: '/healthz', headers: { host: 'pod-ip:8080' } })).statusCode,
    ).toBe(200);
    await app.close();
  });

  it('extends the names with allowedHosts, and checks no Host without the development key', async () => {
    const extended = api(developmentKeys(), ['dev.box.internal']);
    expect(await status(extended, 'dev.box.internal:8080')).toMatchObject({ status: 200 });
    expect(await status(extended, 'other.internal:8080')).toMatchObject({ status: 421 });
    await extended.close();
    const production = api([{ ...developmentKeys()[0], key_hash: hashApiKey(DEVELOPMENT_API_KEY + 'x') }]);
    const response = await production.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { host: 'api.example.com', 'x-api-key': `${DEVELOPMENT_API_KEY}x` },
    });
    expect(response.statusCode).toBe(200);
    await production.close();
  });
});
