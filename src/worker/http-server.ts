/**
 * The worker process's HTTP endpoint. Until the control API is wired in, it
 * serves `GET /healthz`; everything else is a JSON 404.
 *
 * Node zone.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening HTTP server. */
export interface HttpEndpoint {
  /** `http://<host>:<port>` with the port actually bound. */
  url: string;
  /** Stops accepting connections and closes the idle ones. */
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (port `0` picks a free one). This is the one place
 * that wires HTTP; the control API (`createControlApi({ client })`, a
 * Fastify instance) replaces the handler here.
 */
export async function startHttpServer(options: { host: string; port: number }): Promise<HttpEndpoint> {
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const path = (request.url ?? '/').split('?')[0];
  if (path === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
    send(response, 200, { status: 'ok' });
  } else {
    send(response, 404, { error: 'Not found' });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}
