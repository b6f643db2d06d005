/**
 * Where a reader stands in a task's event stream, and the identity of each
 * event in it. The workflow numbers its control events `seq` 1, 2, 3, …
 * without gaps; it never sees the Temporal server pause it, so the events
 * readers derive from such a pause cannot take a `seq` of their own (the
 * workflow's next event would reuse it). A server pause event carries the
 * `seq` of the control event before it (0 when there is none) and a
 * `server_seq` counting the server pause events since that control event:
 * its id is `<seq>.<server_seq>` (`5.1`), a control event's is `<seq>`.
 * Cursors order as pairs: `5` < `5.1` < `5.2` < `6`.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlEvent } from '../common/types';

/** A place in the stream: after control event `seq` and, when `serverSeq` > 0, after its server pause event `serverSeq`. */
export interface EventCursor {
  seq: number;
  /** 0 for the control event `seq` itself. */
  serverSeq: number;
}

/** The place before every event. */
export const STREAM_START: EventCursor = { seq: 0, serverSeq: 0 };

/** An event id: `N` or `N.K`, each of at most 15 digits (exact in a JavaScript number). */
const CURSOR_PATTERN = /^(\d{1,15})(?:\.(\d{1,15}))?$/;

/**
 * The cursor an event id (`N` or `N.K`, an SSE `Last-Event-ID`) names, or
 * `undefined` when `text` is not one.
 *
 * @example
 * ```ts
 * parseEventCursor('5.1'); // => { seq: 5, serverSeq: 1 }
 * parseEventCursor('5'); // => { seq: 5, serverSeq: 0 }
 * ```
 */
export function parseEventCursor(text: string): EventCursor | undefined {
  const match = CURSOR_PATTERN.exec(text);
  if (!match) return undefined;
  return { seq: Number(match[1]), serverSeq: Number(match[2] ?? 0) };
}

/** The place of `event` in its stream. */
export function cursorOf(event: Pick<ControlEvent, 'seq' | 'server_seq'>): EventCursor {
  return { seq: event.seq, serverSeq: event.server_seq ?? 0 };
}

/**
 * The id of `event` in its stream (its SSE `id`): `<seq>` for a control
 * event, `<seq>.<server_seq>` for a server pause event.
 *
 * @example
 * ```ts
 * eventId({ seq: 5, server_seq: 1 }); // => '5.1'
 * ```
 */
export function eventId(event: Pick<ControlEvent, 'seq' | 'server_seq'>): string {
  return event.server_seq === undefined ? String(event.seq) : `${event.seq}.${event.server_seq}`;
}

/**
 * Whether `event` comes after `cursor` in its stream: a later `seq`, or
 * the same `seq` and a later `server_seq` (so the server pause events that
 * follow control event 5 come after cursor `5`).
 *
 * @example
 * ```ts
 * isAfter({ seq: 5, server_seq: 1 }, { seq: 5, serverSeq: 0 }); // => true
 * ```
 */
export function isAfter(event: Pick<ControlEvent, 'seq' | 'server_seq'>, cursor: EventCursor): boolean {
  const serverSeq = event.server_seq ?? 0;
  return event.seq > cursor.seq || (event.seq === cursor.seq && serverSeq > cursor.serverSeq);
}

/**
 * Numbers server pause events as a reader meets them, across the runs of
 * a continue-as-new chain: `server_seq` counts from 1 after each control
 * event.
 *
 * @example
 * ```ts
 * const numbering = new ServerEventNumbering();
 * numbering.next(5); // => 1
 * numbering.next(5); // => 2
 * numbering.next(6); // => 1
 * ```
 */
export class ServerEventNumbering {
  private seq = -1;
  private count = 0;

  /** The `server_seq` of the next server pause event after control event `seq`. */
  next(seq: number): number {
    if (seq !== this.seq) {
      this.seq = seq;
      this.count = 0;
    }
    return ++this.count;
  }
}
