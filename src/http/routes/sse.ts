/**
 * Server-sent events: streams a task's durable control events, read from
 * its workflow history, so that any API process can serve any task and a
 * reconnecting client resumes exactly after its `Last-Event-ID`.
 *
 * Node zone.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import { readControlEvents } from '../../client/events';
import type { ControlEvent } from '../../common/types';
import { eventId, type EventCursor } from '../../control/event-cursor';
import { TEMPORAL_RETRY_AFTER_SECONDS } from '../errors';

/** One SSE frame of a control event, its `id` the event's (`<seq>` or `<seq>.<server_seq>`). */
export function eventFrame(event: ControlEvent): string {
  return `id: ${eventId(event)}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Writes the events of `workflowId` after `after` to `response` until the
 * terminal event, the client going away, or `stop` aborting; sends a comment
 * every `keepAliveMs` so that proxies keep the connection open. Never throws:
 * once the stream has begun, a failure can only end it, with a `retry:` hint
 * (Temporal's `Retry-After`) after which the client's `EventSource`
 * reconnects and resumes after its `Last-Event-ID`.
 */
export async function streamControlEvents(options: {
  client: Client;
  workflowId: string;
  /** The newest run of the workflow, as the route's describe found it. */
  runId: string;
  after: EventCursor;
  response: ServerResponse;
  keepAliveMs: number;
  stop: AbortSignal;
  log: FastifyBaseLogger;
}): Promise<void> {
  const { response } = options;
  const reading = new AbortController();
  const abort = () => reading.abort();
  response.on('close', abort);
  options.stop.addEventListener('abort', abort);
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), options.keepAliveMs);
  try {
    for await (const event of readControlEvents(options.client, options.workflowId, {
      afterSeq: options.after.seq,
      afterServerSeq: options.after.serverSeq,
      signal: reading.signal,
      latestRunId: options.runId,
    })) {
      response.write(eventFrame(event));
    }
  } catch (error) {
    if (!reading.signal.aborted) {
      options.log.error({ err: error, workflowId: options.workflowId }, 'SSE stream failed');
      response.write(`retry: ${TEMPORAL_RETRY_AFTER_SECONDS * 1_000}\n\n`);
    }
  } finally {
    clearInterval(keepAlive);
    options.stop.removeEventListener('abort', abort);
    response.off('close', abort);
    response.end();
  }
}
