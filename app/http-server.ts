/**
 * The worker process's HTTP endpoint: the control API of `src/http` (a
 * Fastify instance) listening on `HOST:PORT`, and its stop with a deadline.
 *
 * Node zone.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** A listening HTTP server. */
export interface HttpEndpoint {
  /** `http://<host>:<port>` with the port actually bound. */
  url: string;
  /**
   * Stops accepting connections, ends open event streams, and lets requests
   * in flight finish within `deadlineMs`; any still unanswered then get
   * `503 {"error":"The server is shutting down"}` and their connections close.
   */
  close(deadlineMs: number): Promise<void>;
}

/** The body of the 503 a request gets when it outlives the shutdown deadline. */
export const SHUTTING_DOWN_BODY = JSON.stringify({ error: 'The server is shutting down' });

/** Listens on `host:port` (port `0` picks a free one). This is the one place that binds HTTP. */
export async function startHttpServer(options: {
  app: FastifyInstance;
  host: string;
  port: number;
}): Promise<HttpEndpoint> {
  const { app } = options;
  await app.listen({ host: options.host, port: options.port });
  const inFlight = new Set<ServerResponse>();
  app.server.on('request', (_request, response: ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: async (deadlineMs) => {
      const closing = app.close();
      const deadline = setTimeout(() => {
        for (const response of inFlight) {
          // An event stream has begun its response: it can only end.
          if (response.headersSent) {
            response.end();
            continue;
          }
          response.writeHead(503, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
          response.end(SHUTTING_DOWN_BODY);
        }
        app.server.closeAllConnections();
      }, deadlineMs);
      try {
        await closing;
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}
