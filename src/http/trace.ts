/**
 * W3C `traceparent` parsing: the trace id of a valid header continues into
 * the workflow's control events; anything else is ignored.
 *
 * Node zone.
 *
 * @module
 */

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The trace id of a W3C `traceparent` header, or `undefined` when the header
 * is absent or invalid (version `ff`, all-zero ids, trailing data on version
 * `00`, upper-case hex).
 */
export function traceIdFromTraceparent(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId ?? '') || /^0+$/.test(parentId ?? '')) return undefined;
  return traceId;
}
