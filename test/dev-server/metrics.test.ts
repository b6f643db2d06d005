/**
 * The worker process's Prometheus endpoint (`METRICS_BIND_ADDRESS`) on a
 * real dev server: a pause/resume cycle, an interrupting drain, a pause
 * that times out, an event stream and rate-limited requests, then one
 * scrape that must show exact counts of every metric `docs/operations.md`
 * lists, beside the SDK's own worker metrics.
 */
import { ALREADY_PAUSED, METRICS } from '../../src';
import { waitForEvent, waitForHistory } from '../support/control';
import { api, fleet, KEYS, submit, until } from '../support/fleet-api';
import { itReplaysEveryHistory, useFleetServer } from '../support/fleet-process';
import { freePort } from '../support/processes';
import { dashboardMetrics, documentedMetrics, scrape, type Scrape } from '../support/prometheus';

const server = useFleetServer(async () => ({
  // A burst of 12 per key: the scenario's key never reaches it, the noisy key does.
  API_RATE_LIMIT: '12/1',
  METRICS_BIND_ADDRESS: `127.0.0.1:${await freePort()}`,
  METRICS_FLEET_INTERVAL_MS: '500',
  // Searches and analyses of 30 s: a pause waits for the search, an interrupt stops the analysis.
  ACTIVITY_LATENCY_MS: '30000',
}));
const env = () => server().env;
const metricsUrl = () => server().ready.metrics ?? '';
const taskQueue = () => server().processEnv.TASK_QUEUE ?? '';

/** Resolves once `workflowId` has scheduled an activity of `type`. */
function scheduled(workflowId: string, type: string) {
  return waitForHistory(env().client, workflowId, (events) =>
    events.some((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === type),
  );
}

/** Polls the scrape until `ready` holds for it (the worker records a workflow's metrics after its task). */
function scrapeUntil(what: string, ready: (found: Scrape) => boolean): Promise<Scrape> {
  return until(what, async () => {
    const found = await scrape(metricsUrl());
    return ready(found) ? found : undefined;
  });
}

it('exports exact counts of pauses, parks, drains, timeouts and HTTP requests beside the SDK metrics', async () => {
  const [cycled, interrupted, timedOut] = [
    await submit('north'),
    await submit('north'),
    await submit('north'),
  ];
  const workflowId = (taskId: string) => `north/${taskId}`;
  await Promise.all([cycled, timedOut].map((taskId) => scheduled(workflowId(taskId), 'searchSources')));
  const pause = (taskId: string, body: Record<string, unknown>) =>
    api('north', 'POST', `/api/v1/tasks/${taskId}/pause`, body);
  expect((await pause(cycled, { reason: 'review' })).status).toBe(202);
  expect((await pause(timedOut, { reason: 'short', timeout: '2s', on_timeout: 'resume' })).status).toBe(202);

  await scheduled(workflowId(interrupted), 'analyzeSources');
  expect((await pause(interrupted, { reason: 'quota', drain: 'interrupt' })).status).toBe(202);

  const parked = await Promise.all(
    [cycled, interrupted, timedOut].map((taskId) =>
      waitForEvent(env().client, workflowId(taskId), 'workflow.paused'),
    ),
  );
  expect(parked[1]?.interrupted).toEqual([expect.objectContaining({ activity_type: 'analyzeSources' })]);
  expect((await pause(cycled, { reason: 'again' })).status).toBe(409);
  for (const taskId of [cycled, interrupted])
    expect((await api('north', 'POST', `/api/v1/tasks/${taskId}/resume`)).status).toBe(202);
  await waitForEvent(env().client, workflowId(timedOut), 'workflow.resumed');

  // An event stream, open while a task runs, ends with the task's cancellation.
  const streamed = await submit('north');
  const stream = await fetch(`${fleet.http}/api/v1/stream/sse?workflow_id=${streamed}`, {
    headers: { 'x-api-key': KEYS.north },
  });
  expect(stream.status).toBe(200);
  await scrapeUntil('one open stream', (found) => found.value('temporal_checkpoint_sse_streams_open') === 1);
  expect((await api('north', 'POST', `/api/v1/tasks/${streamed}/cancel`)).status).toBe(202);
  expect(await stream.text()).toContain('event: workflow.cancelled');

  // Another key beyond its burst: each 429 it gets is counted.
  const noisy = await Promise.all(
    Array.from({ length: 20 }, () => api('south', 'GET', '/api/v1/tasks/missing/control-state')),
  );
  const refused = noisy.filter((response) => response.status === 429).length;
  expect(refused).toBeGreaterThan(0);

  const ours = { workflowType: 'research', taskQueue: taskQueue() };
  const checkpoints = parked.map((event) => event.checkpoint ?? '');
  const route = (method: string, path: string, status?: number) => ({
    method,
    route: path,
    ...(status === undefined ? {} : { status: String(status) }),
  });
  const http = 'temporal_checkpoint_http_requests';
  // Metric, labels, the exact value: the worker records each a moment after the answer that caused it.
  const expected: Array<[string, Record<string, string>, number]> = [
    ['temporal_checkpoint_pause_requests', { ...ours, outcome: 'accepted' }, 3],
    ['temporal_checkpoint_pause_requests', { ...ours, outcome: 'refused', refusal: ALREADY_PAUSED }, 1],
    ['temporal_checkpoint_pause_requests', {}, 4],
    ...[...new Set(checkpoints)].map((checkpoint): [string, Record<string, string>, number] => [
      'temporal_checkpoint_parks',
      { ...ours, checkpoint },
      checkpoints.filter((name) => name === checkpoint).length,
    ]),
    ['temporal_checkpoint_parks', {}, 3],
    ['temporal_checkpoint_drain_duration_count', ours, 3],
    ['temporal_checkpoint_paused_duration_count', { ...ours, outcome: 'resumed' }, 2],
    ['temporal_checkpoint_paused_duration_count', { ...ours, outcome: 'timed_out' }, 1],
    ['temporal_checkpoint_paused_duration_count', {}, 3],
    ['temporal_checkpoint_interrupted_activities', { ...ours, activity_type: 'analyzeSources' }, 1],
    ['temporal_checkpoint_interrupted_activities', {}, 1],
    ['temporal_checkpoint_pause_timeouts', { ...ours, on_timeout: 'resume' }, 1],
    ['temporal_checkpoint_pause_timeouts', {}, 1],
    [http, route('POST', '/api/v1/tasks', 202), 4],
    [http, route('POST', '/api/v1/tasks/:id/pause', 202), 3],
    [http, route('POST', '/api/v1/tasks/:id/pause', 409), 1],
    [http, route('POST', '/api/v1/tasks/:id/resume', 202), 2],
    [http, route('POST', '/api/v1/tasks/:id/cancel', 202), 1],
    [http, route('GET', '/api/v1/stream/sse', 200), 1],
    [http, route('GET', '/api/v1/tasks/:id/control-state', 429), refused],
    [http, route('GET', '/api/v1/tasks/:id/control-state', 404), 20 - refused],
    [http, {}, 4 + 4 + 2 + 1 + 1 + 20],
    ['temporal_checkpoint_http_request_duration_count', route('POST', '/api/v1/tasks/:id/pause', 202), 3],
    ['temporal_checkpoint_http_request_duration_count', {}, 4 + 4 + 2 + 1 + 1 + 20],
    ['temporal_checkpoint_http_rate_limited', route('GET', '/api/v1/tasks/:id/control-state'), refused],
    ['temporal_checkpoint_http_rate_limited', {}, refused],
    ['temporal_checkpoint_sse_streams_open', {}, 0],
  ];
  const values = (scraped: Scrape) =>
    expected.map(([name, labels]) => [name, labels, scraped.value(name, labels)]);
  const wanted = expected.map(([name, labels, value]) => [name, labels, value]);
  const found = await scrapeUntil('every measurement', (scraped) =>
    values(scraped).every(([, , value], index) => value === wanted[index]?.[2]),
  ).catch(async () => scrape(metricsUrl()));
  expect(values(found)).toEqual(wanted);

  // The SDK's own worker metrics are in the same scrape, on the same task queue.
  expect(
    found.value('temporal_workflow_task_execution_latency_count', { task_queue: taskQueue() }),
  ).toBeGreaterThan(0);
  expect(
    found.value('temporal_activity_execution_latency_count', { task_queue: taskQueue() }),
  ).toBeGreaterThan(0);

  // Every metric the operations guide lists is the catalog's, and in the scrape with its type.
  expect(documentedMetrics()).toEqual(METRICS.map((metric) => metric.name));
  expect(METRICS.map((metric) => metric.name)).toEqual(expect.arrayContaining(dashboardMetrics()));
  const prometheusType = {
    counter: 'counter',
    histogram: 'histogram',
    up_down_counter: 'gauge',
    gauge: 'gauge',
  } as const;
  for (const metric of METRICS)
    expect([metric.name, found.types.get(metric.name)]).toEqual([metric.name, prometheusType[metric.kind]]);
}, 180_000);

it('counts open tasks by control status, on the API and in the gauges alike', async () => {
  // Beside the three research tasks of the test above, running again: two tasks held at their start.
  const held = [await submit('north', { start_paused: true }), await submit('north', { start_paused: true })];
  await Promise.all(held.map((taskId) => waitForEvent(env().client, `north/${taskId}`, 'workflow.paused')));
  const research = { running: 3, pausing: 0, paused: 2 };
  const none = { running: 0, pausing: 0, paused: 0 };
  // The pinned dev server (Temporal 1.29) has no server-side pause: that count is null, and no gauge.
  const counts = [
    { workflow: 'research', ...research, server_paused: null },
    { workflow: 'supervisor', ...none, server_paused: null },
  ];
  await until('the counts in visibility', async () => {
    const { status, body } = await api('north', 'GET', '/api/v1/fleet/counts');
    expect(status).toBe(200);
    return JSON.stringify(body.counts) === JSON.stringify(counts) ? true : undefined;
  }).catch(async () => expect((await api('north', 'GET', '/api/v1/fleet/counts')).body).toEqual({ counts }));

  const query = encodeURIComponent(`WorkflowId='north/${held[0]}'`);
  expect((await api('north', 'GET', `/api/v1/fleet/counts?query=${query}`)).body).toEqual({
    counts: [
      { workflow: 'research', ...none, paused: 1, server_paused: null },
      { workflow: 'supervisor', ...none, server_paused: null },
    ],
  });

  const gauges = (found: Scrape) =>
    Object.fromEntries(
      ['research', 'supervisor'].map((workflowType) => [
        workflowType,
        Object.fromEntries(
          ['running', 'pausing', 'paused', 'server_paused'].flatMap((status) => {
            const labels = { workflowType, taskQueue: taskQueue(), status };
            return found.samples.some(
              (sample) => sample.name === 'temporal_checkpoint_tasks' && sample.labels.status === status,
            )
              ? [[status, found.value('temporal_checkpoint_tasks', labels)]]
              : [];
          }),
        ),
      ]),
    );
  const wanted = { research, supervisor: none };
  const found = await scrapeUntil(
    'the gauges sampled',
    (scraped) => JSON.stringify(gauges(scraped)) === JSON.stringify(wanted),
  ).catch(() => scrape(metricsUrl()));
  expect(gauges(found)).toEqual(wanted);
}, 120_000);

itReplaysEveryHistory(server);
