// Where a reader stands in a task's event stream: event ids `N` and `N.K`,
// and which events come after a cursor.
import {
  cursorOf,
  eventId,
  isAfter,
  parseEventCursor,
  ServerEventNumbering,
  STREAM_START,
} from '../../../src/control/event-cursor';

/** A stream in order: control events 1 and 2, server pause events after each, the start before all. */
const STREAM = [
  { seq: 0, server_seq: 1 },
  { seq: 0, server_seq: 2 },
  { seq: 1 },
  { seq: 1, server_seq: 1 },
  { seq: 2 },
  { seq: 2, server_seq: 1 },
  { seq: 2, server_seq: 2 },
  { seq: 3 },
];

describe('event cursors', () => {
  it('reads `N` and `N.K`, and nothing else', () => {
    expect(parseEventCursor('5')).toEqual({ seq: 5, serverSeq: 0 });
    expect(parseEventCursor('5.1')).toEqual({ seq: 5, serverSeq: 1 });
    expect(parseEventCursor('0.2')).toEqual({ seq: 0, serverSeq: 2 });
    for (const text of ['', '-1', '5.', '.1', '5.1.1', '1e3', ' 5', '5x', '1234567890123456']) {
      expect(parseEventCursor(text)).toBeUndefined();
    }
  });

  it('names each event by its id, and reads the id back to its place', () => {
    expect(STREAM.map(eventId)).toEqual(['0.1', '0.2', '1', '1.1', '2', '2.1', '2.2', '3']);
    for (const event of STREAM) expect(parseEventCursor(eventId(event))).toEqual(cursorOf(event));
  });

  it('after any event of the stream, yields exactly the events that follow it', () => {
    expect(STREAM.filter((event) => isAfter(event, STREAM_START))).toEqual(STREAM);
    STREAM.forEach((seen, index) => {
      expect(STREAM.filter((event) => isAfter(event, cursorOf(seen)))).toEqual(STREAM.slice(index + 1));
    });
  });

  it('after control event N, yields its server pause events N.K; after N.K, the later ones and N+1', () => {
    const after = (id: string) =>
      STREAM.filter((event) => isAfter(event, parseEventCursor(id)!)).map(eventId);
    expect(after('2')).toEqual(['2.1', '2.2', '3']);
    expect(after('2.1')).toEqual(['2.2', '3']);
    expect(after('0')).toEqual(STREAM.map(eventId));
  });

  it('numbers server pause events from 1 after each control event', () => {
    const numbering = new ServerEventNumbering();
    expect([0, 0, 1, 2, 2, 2].map((seq) => numbering.next(seq))).toEqual([1, 2, 1, 1, 2, 3]);
  });
});
