/**
 * How the control API answers and logs a failed request: every error goes
 * through `errorResponse` (the one mapping), and each failure is logged
 * once, a 500 with its stack, anything else as one line that never repeats
 * the whole URL.
 *
 * Node zone.
 *
 * @module
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponse, type TaskAction } from './errors';
import { pathOf, shortened } from './urls';

/** Installs the error handler, the 404 of unknown routes and the failure log on `app`. */
export function answerErrors(
  app: FastifyInstance,
  actionOf: (request: FastifyRequest) => TaskAction | undefined,
): void {
  const where = (request: FastifyRequest) => ({
    method: request.method,
    path: shortened(pathOf(request.url)),
  });

  app.setErrorHandler((error, request, reply) => {
    const response = errorResponse(error, actionOf(request));
    if (response.status === 500) request.log.error({ err: error }, 'request failed with a server error');
    else if (response.status > 500) {
      // Temporal's state, not a bug: what happened, without the stack.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      request.log.warn({ ...where(request), status: response.status, reason }, 'request failed');
    }
    void reply.code(response.status).headers(response.headers).send(response.body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `No route ${request.method} ${shortened(pathOf(request.url))}` });
  });

  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode >= 400 && reply.statusCode < 500) {
      request.log.warn({ ...where(request), status: reply.statusCode }, 'request failed');
    }
    done();
  });
}
