/**
 * The Fastify instance of the control API, with its server options: request
 * deadlines, and errors met before routing answered in the API's
 * `{"error": ...}` shape.
 *
 * Node zone.
 *
 * @module
 */
import { createServer } from 'node:http';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import { clientErrorResponse, errorResponse } from './errors';
import { formatValidationErrors } from './schemas/validation-messages';

/** What the options depend on. */
export interface ServerSettings {
  logger: FastifyServerOptions['logger'];
  /** The largest request body, in bytes. */
  bodyLimit: number;
  /** How long a request may take to arrive, headers and body. */
  requestTimeoutMs: number;
}

/** The Fastify instance `createControlApi()` adds its routes to. */
export function createFastify(settings: ServerSettings) {
  return Fastify({
    logger: settings.logger,
    bodyLimit: settings.bodyLimit,
    // A client that sends its request slowly (a half-sent body) is cut off; the
    // check runs often enough for the deadline to hold within a second.
    serverFactory: (handler) => {
      const server = createServer(
        {
          requestTimeout: settings.requestTimeoutMs,
          connectionsCheckingInterval: Math.min(1_000, settings.requestTimeoutMs),
        },
        handler,
      );
      server.headersTimeout = Math.min(server.headersTimeout, settings.requestTimeoutMs);
      return server;
    },
    // Errors Node meets before Fastify sees a request (oversize headers, a
    // timeout, a malformed request line) get the same `{"error": ...}` body.
    clientErrorHandler: (error, socket) => {
      if (socket.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return;
      const response = clientErrorResponse(error);
      socket.end(
        `HTTP/1.1 ${response.status} ${response.statusText}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(response.body)}\r\nConnection: close\r\n\r\n${response.body}`,
      );
    },
    // Long ids must reach the id check (400), not fall through to 404.
    routerOptions: { maxParamLength: 1_000 },
    // A HEAD route would run a GET handler under a method no route spec names.
    exposeHeadRoutes: false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    schemaErrorFormatter: formatValidationErrors,
    // Errors Fastify meets before routing (a URL that does not decode) take the same way out.
    frameworkErrors: (error, _request, reply) => {
      const response = errorResponse(error, undefined);
      // The reply's generics are those of a route that has none; a plain reply is what it is.
      void (reply as unknown as FastifyReply).code(response.status).send(response.body);
    },
  });
}
