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
import type { RouteSpec } from '../schemas/openapi';
import type { TaskLookup } from './task-lookup';

/** A route of the API: its spec and its handler. */
export type ControlRoute = RouteSpec & {
  /** `traceId`: of the request's valid `traceparent`, if any. */
  handler: (request: FastifyRequest, reply: FastifyReply, traceId: string | undefined) => Promise<unknown>;
};

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
