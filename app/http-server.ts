/**
 * The worker process's HTTP endpoint: the control API of `src/http`
 * (a Fastify instance) listening on `HOST:PORT`.
 *
 * Node zone.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';

/** A listening HTTP server. */
export interface HttpEndpoint {
  /** `http://<host>:<port>` with the port actually bound. */
  url: string;
  /** Stops accepting connections, ends open event streams, and closes. */
  close(): Promise<void>;
}

/** Listens on `host:port` (port `0` picks a free one). This is the one place that binds HTTP. */
export async function startHttpServer(options: {
  app: FastifyInstance;
  host: string;
  port: number;
}): Promise<HttpEndpoint> {
  const { app } = options;
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, close: () => app.close() };
}
