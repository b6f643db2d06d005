/**
 * The shape every route of the control API has (its spec and its handler),
 * and what the task routes are built from: types only, below every route
 * module.
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HoldStore } from '../../client/holds';
import type { TaskControl } from '../../client/task-control';
import type { Caller } from '../gate/auth';
import type { DecodedBody } from '../request-bodies';
import type { RouteSpec } from '../schemas/openapi';
import type { TaskLookup } from './task-lookup';

/**
 * A route of the API: its spec and its handler; `Body`, what its body is
 * decoded to.
 */
export interface ControlRoute<Body = unknown> extends RouteSpec {
  /**
   * Decodes and checks the body once, before the JSON schema checks it, as
   * the caller `userId` sends it: a problem is the 400's `error`, and the
   * request is what the handler gets as `body`.
   */
  decodeBody?: (body: unknown, userId: string) => DecodedBody<Body>;
  /**
   * `traceId`: of the request's valid `traceparent`, if any; `body`: the
   * decoded body (the raw one for a route without `decodeBody`).
   */
  handler(
    request: FastifyRequest,
    reply: FastifyReply,
    traceId: string | undefined,
    body: Body,
  ): Promise<unknown>;
}

/** What the task routes need. */
export interface TaskRouteContext {
  client: Client;
  control: TaskControl;
  taskQueue: string;
  /** HTTP workflow names and the workflow types they start. */
  workflows: Readonly<Record<string, string>>;
  caller: (request: FastifyRequest) => Caller;
  lookup: TaskLookup;
  /** Runs `call` with the deadline of a request's Temporal calls (what routes of `temporal: 'deadline'` run under). */
  withDeadline: <T>(call: () => Promise<T>) => Promise<T>;
  /** Where holds are looked up; `undefined` where the server has no visibility (no holds, no search attributes). */
  holds: HoldStore | undefined;
  /** The event streams: stopped all at once on close, at most `maxPerKey` open per key, each counted as it opens (+1) and closes (-1). */
  streams: {
    stop: AbortSignal;
    keepAliveMs: number;
    maxPerKey: number;
    open: Map<string, number>;
    counted: (change: 1 | -1) => void;
  };
}

/**
 * `route` as an entry of a route list: its handler gets the body typed as
 * its `decodeBody` decodes it.
 *
 * @example
 * ```ts
 * decodedRoute({ ...spec, decodeBody: decodePauseBody, handler: async (request, reply, traceId, pause) => ... });
 * ```
 */
export function decodedRoute<Body>(
  route: ControlRoute<Body> & { decodeBody: ControlRoute<Body>['decodeBody'] },
): ControlRoute {
  return route;
}
