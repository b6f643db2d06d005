/**
 * Reading request headers: one value of a header, the SSE
 * `Last-Event-ID`, and the documented `traceparent`.
 *
 * Node zone.
 *
 * @module
 */
import { HttpError } from './errors';

/** The first value of a header, if any. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The `seq` a reconnecting SSE client saw last (0: none); a malformed one is a 400. */
export function lastEventId(header: string | string[] | undefined): number {
  const value = headerValue(header);
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,15}$/.test(value)) {
    throw new HttpError(
      400,
      `Expected \`Last-Event-ID\` to be a non-negative integer, got \`${value.slice(0, 40)}\``,
    );
  }
  return Number(value);
}

/** The optional trace header of the routes that act on a workflow. */
export const TRACEPARENT_HEADER = {
  name: 'traceparent',
  description:
    'W3C trace context: continues into the workflow (OpenTelemetry); its trace id is recorded in the control events.',
};
