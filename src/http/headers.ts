/**
 * Reading request headers: one value of a header, the SSE
 * `Last-Event-ID`, and the documented `traceparent`.
 *
 * Node zone.
 *
 * @module
 */
import { parseEventCursor, STREAM_START, type EventCursor } from '../control/event-cursor';
import { HttpError } from './errors';

/** The first value of a header, if any. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The event a reconnecting SSE client saw last (none: the stream's start); a malformed id is a 400. */
export function lastEventId(header: string | string[] | undefined): EventCursor {
  const value = headerValue(header);
  if (value === undefined || value === '') return STREAM_START;
  const cursor = parseEventCursor(value);
  if (!cursor) {
    throw new HttpError(
      400,
      `Expected \`Last-Event-ID\` to be an event id (\`<seq>\` or \`<seq>.<server_seq>\`), got \`${value.slice(0, 40)}\``,
    );
  }
  return cursor;
}

/** The optional trace header of the routes that act on a workflow. */
export const TRACEPARENT_HEADER = {
  name: 'traceparent',
  description:
    'W3C trace context: continues into the workflow (OpenTelemetry); its trace id is recorded in the control events.',
};
