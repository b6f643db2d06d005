/**
 * The probes of real worker-process copies on a dev server: `/readyz` is
 * ready while Temporal and the worker are up, 503 once the Temporal server is
 * gone and from the first moment of a shutdown, while `/healthz` stays alive.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDevServerEnvironment } from '../../src/testing';
import { deployment, startCopy, type Copy } from '../support/copies';

let server: TestWorkflowEnvironment;
let serverStopped = false;
let copies: Copy[] = [];

beforeAll(async () => {
  server = await createDevServerEnvironment();
  const shared = deployment(server.address);
  // A stop keeps serving for a minute with /readyz at 503: the time a load balancer has to notice.
  copies = await Promise.all([startCopy(shared), startCopy(shared, { SHUTDOWN_DELAY_MS: '60000' })]);
}, 120_000);

afterAll(async () => {
  for (const copy of copies) if (copy.process.child.exitCode === null) copy.process.child.kill('SIGKILL');
  await Promise.all(copies.map((copy) => copy.process.finished));
  if (!serverStopped) await server?.teardown();
}, 60_000);

async function probe(copy: Copy, path: '/readyz' | '/healthz'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${copy.http}${path}`);
  return { status: response.status, body: await response.json() };
}

it('is ready while the Temporal server and the worker are up', async () => {
  for (const copy of copies) {
    expect(await probe(copy, '/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', checks: { temporal: 'ok', worker: 'ok', process: 'ok' } },
    });
  }
});

it('answers 503 from the first moment of a shutdown, while everything else still serves', async () => {
  const stopping = copies[1];
  stopping.process.child.kill('SIGTERM');
  await stopping.process.jsonLine('stdout', (line) => line.event === 'stopping');
  expect(await probe(stopping, '/readyz')).toEqual({
    status: 503,
    body: {
      status: 'not ready',
      error: 'Not ready: process shutting down',
      checks: { temporal: 'ok', worker: 'ok', process: 'shutting down' },
    },
  });
  expect(await probe(stopping, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  // A second signal, once the process says it is a request of its own, ends the wait at once.
  await stopping.process.line('stderr', (text) => text.includes('SIGTERM again exits at once'));
  stopping.process.child.kill('SIGTERM');
  expect((await stopping.process.finished).code).toBe(143);
});

it('answers 503 naming Temporal once the Temporal server is gone, and stays alive', async () => {
  serverStopped = true;
  await server.teardown();
  const ready = await probe(copies[0], '/readyz');
  expect(ready).toMatchObject({
    status: 503,
    body: { status: 'not ready', checks: { temporal: expect.stringMatching(/^unreachable: /) as unknown } },
  });
  expect((ready.body as { error: string }).error).toMatch(/^Not ready: temporal unreachable: /);
  expect(await probe(copies[0], '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
});
