import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createControlApi } from '../src/http';
import { sleeper, steps } from './fixtures/control-workflows';
import { useHarness } from './support/harness';
import { ALICE_OWNS, createApiCaller, createTestApi, KEYS, testKeyConfig } from './support/http';

const harness = useHarness({ workflowsPath: require.resolve('./fixtures/control-workflows') });

/** A JSON value nested `depth` levels deep, `[[[…1…]]]`: 10 KB for 5000 levels. */
function nested(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** Sends `raw` bytes over a real socket to `app` (listening on loopback) and resolves with the whole reply. */
async function rawExchange(app: FastifyInstance, raw: string): Promise<{ status: number; body: string }> {
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('not listening');
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(address.port, '127.0.0.1', () => socket.write(raw));
    let data = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
    socket.once('close', () => resolve(data));
    socket.once('error', reject);
  });
  const [head = '', body = ''] = reply.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body };
}

describe('bad input never yields a 5xx or a body outside the contract', () => {
  let app: FastifyInstance;
  let call: Awaited<ReturnType<typeof createApiCaller>>['call'];
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = createTestApi(harness.env.client, harness.taskQueue(), {
      requestTimeoutMs: 500,
      maxStreamsPerKey: 1,
      logger: { level: 'warn', stream },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    ({ call } = await createApiCaller(app, KEYS.alice));
  });
  afterAll(() => app.close());

  it('rejects an input nested 5000 levels deep with 400 on submit and resume', async () => {
    for (const url of ['/api/v1/tasks', `/api/v1/tasks/t-${randomUUID()}/resume`]) {
      const response = await call('POST', url, {
        rawBody: `{"workflow":"steps","input":${nested(5000)}}`.replace(
          '"workflow":"steps",',
          url.endsWith('/resume') ? '' : '"workflow":"steps",',
        ),
        headers: { 'content-type': 'application/json' },
      });
      expect({ url, status: response.status, body: response.body }).toEqual({
        url,
        status: 400,
        body: { error: 'Expected the request body to nest arrays and objects at most 64 levels deep' },
      });
    }
  });

  it('answers 415 with the error body to text/plain', async () => {
    const response = await call('POST', '/api/v1/tasks', {
      rawBody: '{"workflow":"steps"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 415,
      body: { error: 'Unsupported Content-Type: send application/json' },
    });
  });

  it('counts the characters of `reason`, not UTF-16 units, and rejects lone surrogates', async () => {
    const unknown = `t-${randomUUID()}`;
    // 600 emoji are 600 characters: within the limit of 1000, so the request reaches the task lookup.
    const emoji = await call('POST', `/api/v1/tasks/${unknown}/pause`, {
      body: { reason: '😀'.repeat(600) },
    });
    expect({ status: emoji.status, body: emoji.body }).toEqual({
      status: 404,
      body: { error: 'Task not found' },
    });
    const surrogate = await call('POST', `/api/v1/tasks/${unknown}/pause`, {
      rawBody: '{"reason":"\\ud800 alone"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(surrogate.status).toBe(400);
    expect((surrogate.body as { error: string }).error).toContain('lone surrogate');
  });

  it('answers 414 to a long URL without repeating it, and /healthz with a query needs no key', async () => {
    const longSegment = await call('GET', `/api/v1/tasks/${'x'.repeat(1_500)}`);
    expect({ status: longSegment.status, body: longSegment.body }).toEqual({
      status: 414,
      body: { error: 'URL is too long: a path segment is longer than 1000 characters' },
    });
    const longQuery = await call('GET', `/api/v1/stream/sse?workflow_id=${'x'.repeat(3_000)}`);
    expect({ status: longQuery.status, body: longQuery.body }).toEqual({
      status: 414,
      body: { error: 'URL is too long: at most 2048 characters' },
    });
    const health = await app.inject({ method: 'GET', url: '/healthz?probe=1' });
    expect({ status: health.statusCode, body: health.json<unknown>() }).toEqual({
      status: 200,
      body: { status: 'ok' },
    });
  });

  it('answers 431, 408 and a malformed request with the error body, over a real socket', async () => {
    const huge = await rawExchange(
      app,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toEqual({
      status: 431,
      body: JSON.stringify({ error: 'Request headers (or the URL) are too large' }),
    });
    // A body announced and never sent: the request timeout (500 ms here) ends it.
    const halfSent = await rawExchange(
      app,
      `POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nX-API-Key: ${KEYS.alice}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"work`,
    );
    expect(halfSent).toEqual({
      status: 408,
      body: JSON.stringify({ error: 'The request did not arrive in time' }),
    });
    const garbage = await rawExchange(app, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toEqual({ status: 400, body: JSON.stringify({ error: 'Malformed HTTP request' }) });
  });

  it('caps the open event streams per key with 429', async () => {
    const handle = await harness.start(sleeper, { taskQueue: harness.taskQueue(), memo: ALICE_OWNS });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('not listening');
    const url = `http://127.0.0.1:${address.port}/api/v1/stream/sse?workflow_id=${handle.workflowId}`;
    const first = new AbortController();
    try {
      const open = await fetch(url, { headers: { 'x-api-key': KEYS.alice }, signal: first.signal });
      expect(open.status).toBe(200);
      const second = await call('GET', `/api/v1/stream/sse?workflow_id=${handle.workflowId}`);
      expect({ status: second.status, body: second.body }).toEqual({
        status: 429,
        body: { error: 'Too many open event streams: at most 1 per API key' },
      });
    } finally {
      first.abort();
      await handle.terminate('test over');
    }
  });

  it('reaches a task whose id holds `/` through its encoded id', async () => {
    const taskQueue = harness.taskQueue();
    const api = createTestApi(harness.env.client, taskQueue);
    try {
      const { call: callApi } = await createApiCaller(api, KEYS.alice);
      const worker = await harness.createWorker(taskQueue);
      const workflowId = `parent-${randomUUID()}/child-1`;
      await worker.runUntil(async () => {
        const handle = await harness.start(steps, { taskQueue, workflowId, args: [0], memo: ALICE_OWNS });
        await handle.result();
      });
      const response = await callApi('GET', `/api/v1/tasks/${encodeURIComponent(workflowId)}/control-state`);
      expect(response.status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('logs one line per failed request, and a 500 with its stack', async () => {
    logLines.length = 0;
    await call('GET', '/no-such-route');
    expect(logLines).toEqual([
      expect.objectContaining({ msg: 'request failed', method: 'GET', path: '/no-such-route', status: 404 }),
    ]);
    const lines: string[] = [];
    const failing = createControlApi({
      // A client whose every call fails the way a bug would: with a plain Error.
      client: {
        workflow: { getHandle: () => ({ describe: () => Promise.reject(new Error('boom')) }) },
        withDeadline: (_deadline: number, call: () => Promise<unknown>) => call(),
      } as unknown as Client,
      taskQueue: 'unused',
      auth: { keys: testKeyConfig() },
      logger: {
        level: 'warn',
        stream: new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
            done();
          },
        }),
      },
    });
    try {
      const response = await failing.inject({
        method: 'GET',
        url: '/api/v1/tasks/t-1/control-state',
        headers: { 'x-api-key': KEYS.alice },
      });
      expect({ status: response.statusCode, body: response.json<unknown>() }).toEqual({
        status: 500,
        body: { error: 'Internal server error' },
      });
      const errorLine = lines
        .map((line) => JSON.parse(line) as { level: number; err?: { stack?: string } })
        .find((line) => line.level >= 50);
      expect(errorLine?.err?.stack).toContain('Error: boom');
    } finally {
      await failing.close();
    }
  });
});
