// The control API's metrics, recorded through `runtimeMeter` into a Temporal meter that keeps what it gets.
import { Client, Connection } from '@temporalio/client';
import type { MetricMeter, MetricTags } from '@temporalio/common';
import { createControlApi, hashApiKey } from '../../../src/http';
import { freePort } from '../../../src/testing/ports';
import { runtimeMeter } from '../../../src/worker/runtime-metrics';

/** A Temporal meter that records each value as `name{tags}=value`. */
function recordingMeter(recorded: string[]): MetricMeter {
  const instrument = (name: string) => {
    const keep = (value: number, tags: MetricTags = {}) =>
      recorded.push(`${name}${JSON.stringify(tags)}=${value}`);
    return { name, add: keep, record: keep, set: keep };
  };
  return {
    createCounter: instrument,
    createHistogram: instrument,
    createGauge: instrument,
    createUpDownCounter: instrument,
  } as unknown as MetricMeter;
}

describe('runtimeMeter', () => {
  it('records counters, histograms and gauges through the Temporal meter, and keeps the observables no-ops', () => {
    const recorded: string[] = [];
    const meter = runtimeMeter(recordingMeter(recorded));
    meter.createCounter('c').add(2, { route: '/x', codes: [1, 2] });
    meter.createHistogram('h').record(5);
    meter.createGauge('g').record(7, { status: 'paused' });
    meter.createObservableGauge('o').addCallback((result) => result.observe(1));
    expect(recorded).toEqual(['c{"route":"/x","codes":"1,2"}=2', 'h{}=5', 'g{"status":"paused"}=7']);
  });
});

describe('the HTTP metrics', () => {
  it('count requests by method, route template and status, and each request the rate limit refuses', async () => {
    const recorded: string[] = [];
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const app = createControlApi({
      client: new Client({ connection }),
      auth: {
        keys: [{ key_hash: hashApiKey('k'), user_id: 'ann', tenant_id: 'acme', scopes: ['tasks:read'] }],
      },
      taskQueue: 'q',
      readiness: {},
      rateLimit: { burst: 2, perSecond: 0.001 },
      meter: runtimeMeter(recordingMeter(recorded)),
    });
    await app.inject({ url: '/healthz' });
    // A key without `tasks:pause`: 403 before any Temporal call.
    await app.inject({ method: 'POST', url: '/api/v1/tasks/x/pause', headers: { 'x-api-key': 'k' } });
    await app.inject({ url: '/nowhere', headers: { 'x-api-key': 'k' } });
    await app.inject({ url: '/api/v1/tasks/x', headers: { 'x-api-key': 'k' } });
    const counted = recorded.filter((line) => !line.startsWith('temporal_checkpoint_http_request_duration'));
    expect(counted).toEqual([
      'temporal_checkpoint_http_requests{"method":"GET","route":"/healthz","status":200}=1',
      'temporal_checkpoint_http_requests{"method":"POST","route":"/api/v1/tasks/:id/pause","status":403}=1',
      'temporal_checkpoint_http_requests{"method":"GET","route":"unmatched","status":404}=1',
      'temporal_checkpoint_http_rate_limited{"method":"GET","route":"/api/v1/tasks/:id"}=1',
      'temporal_checkpoint_http_requests{"method":"GET","route":"/api/v1/tasks/:id","status":429}=1',
    ]);
    expect(
      recorded.filter((line) => line.startsWith('temporal_checkpoint_http_request_duration')),
    ).toHaveLength(4);
  });
});
