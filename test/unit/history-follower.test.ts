import type { Client } from '@temporalio/client';
import { HistoryFollower, type HistoryEvent } from '../../src/client/history-follower';

/** What a history read asked for: a plain read, a long-poll without a token, or one with a token. */
type CallKind = 'read' | 'wait' | 'wait+token';

interface HistoryRequest {
  execution: { runId: string };
  waitNewEvent: boolean;
  nextPageToken?: Uint8Array;
}

/**
 * A workflow service that answers history reads from runs held in memory.
 * `tokens: true` behaves as the Temporal server: a long-poll without a token
 * answers at once with the whole history and a token to wait with; one with
 * a token waits for events after it. `tokens: false` behaves as the Java
 * test server: no tokens, and a long-poll waits for events newer than its
 * own arrival. A long-poll gives up at its deadline, or when aborted.
 */
class FakeHistoryService {
  readonly calls: CallKind[] = [];
  private readonly runs = new Map<string, HistoryEvent[]>();
  private readonly wakers = new Set<() => void>();
  private deadline = Number.POSITIVE_INFINITY;
  private abort: AbortSignal | undefined;

  constructor(private readonly tokens: boolean) {}

  /** Long-polls waiting for events now. */
  get waiting(): number {
    return this.wakers.size;
  }

  /** Appends events to `runId`'s history, waking the long-polls. */
  append(runId: string, ...events: HistoryEvent[]): void {
    this.runs.set(runId, [...this.history(runId), ...events]);
    for (const wake of [...this.wakers]) wake();
  }

  client(): Client {
    return {
      options: { namespace: 'default' },
      connection: {
        withDeadline: <T>(deadline: number, call: () => Promise<T>) =>
          this.within('deadline', deadline, call),
        withAbortSignal: <T>(signal: AbortSignal, call: () => Promise<T>) =>
          this.within('abort', signal, call),
      },
      workflowService: { getWorkflowExecutionHistory: (request: HistoryRequest) => this.read(request) },
    } as unknown as Client;
  }

  private within<T>(
    kind: 'deadline' | 'abort',
    value: number | AbortSignal,
    call: () => Promise<T>,
  ): Promise<T> {
    if (kind === 'deadline') this.deadline = value as number;
    else this.abort = value as AbortSignal;
    try {
      return call();
    } finally {
      if (kind === 'deadline') this.deadline = Number.POSITIVE_INFINITY;
      else this.abort = undefined;
    }
  }

  private history(runId: string): HistoryEvent[] {
    return this.runs.get(runId) ?? [];
  }

  private async read(request: HistoryRequest) {
    const token = request.nextPageToken?.length
      ? Number(Buffer.from(request.nextPageToken).toString())
      : undefined;
    this.calls.push(request.waitNewEvent ? (token === undefined ? 'wait' : 'wait+token') : 'read');
    const runId = request.execution.runId;
    const from = !request.waitNewEvent ? 0 : this.tokens ? (token ?? 0) : this.history(runId).length;
    if (request.waitNewEvent && this.history(runId).length <= from) {
      await this.newEvents(runId, from, this.deadline, this.abort);
    } else if (request.waitNewEvent) {
      // A long-poll that has events at once answers a little after a plain read sent just after it.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const events = this.history(runId);
    return {
      history: { events: events.slice(from) },
      nextPageToken:
        this.tokens && request.waitNewEvent ? Buffer.from(String(events.length)) : new Uint8Array(),
    };
  }

  /** Resolves once `runId` holds more than `count` events; rejects at `deadline` or on `abort`. */
  private newEvents(
    runId: string,
    count: number,
    deadline: number,
    abort: AbortSignal | undefined,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        abort?.removeEventListener('abort', cancelled);
        this.wakers.delete(wake);
        if (error) reject(error);
        else resolve();
      };
      const wake = () => {
        if (this.history(runId).length > count) done();
      };
      const cancelled = () => done(new Error('CANCELLED'));
      const timer = setTimeout(
        () => done(new Error('DEADLINE_EXCEEDED')),
        Math.min(deadline - Date.now(), 2 ** 31 - 1),
      );
      this.wakers.add(wake);
      abort?.addEventListener('abort', cancelled);
    });
  }
}

// Event ids are `Long`s on the wire; the follower reads them with `Number()`, which takes a number as well.
const idOf = (eventId: number) => eventId as unknown as HistoryEvent['eventId'];
const event = (eventId: number): HistoryEvent => ({ eventId: idOf(eventId) });
const continuedAsNew = (eventId: number, newExecutionRunId: string): HistoryEvent => ({
  eventId: idOf(eventId),
  workflowExecutionContinuedAsNewEventAttributes: { newExecutionRunId },
});
const ids = (events: HistoryEvent[]) => events.map((historyEvent) => Number(historyEvent.eventId));
/** Lets every answer already given reach the follower. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('HistoryFollower', () => {
  it('on the Temporal server reads the history once, then waits with the token its first long-poll brought', async () => {
    const service = new FakeHistoryService(true);
    service.append('run-1', event(1), event(2), event(3));
    const follower = new HistoryFollower(service.client(), 'report-1', 'run-1', undefined);

    expect(ids(await follower.next())).toEqual([1, 2, 3]);
    await settle();
    const waiting = follower.next();
    await settle();
    service.append('run-1', event(4), event(5));

    expect(ids(await waiting)).toEqual([4, 5]);
    expect(service.calls).toEqual(['wait', 'read', 'wait+token']);
  });

  it('on a server without tokens yields every event once, in order, whenever it lands', async () => {
    const service = new FakeHistoryService(false);
    service.append('run-1', event(1), event(2));
    const follower = new HistoryFollower(service.client(), 'report-1', 'run-1', undefined);

    expect(ids(await follower.next())).toEqual([1, 2]);
    // Lands while nothing reads: the long-poll still in flight, or the next read, brings it.
    service.append('run-1', event(3));
    await settle();
    expect(ids(await follower.next())).toEqual([3]);
    const waiting = follower.next();
    await settle();
    service.append('run-1', event(4), event(5));
    expect(ids(await waiting)).toEqual([4, 5]);
  });

  it('follows continue-as-new into the next run without repeating the first run', async () => {
    const service = new FakeHistoryService(true);
    service.append('run-1', event(1), event(2));
    const follower = new HistoryFollower(service.client(), 'report-1', 'run-1', undefined);

    expect(ids(await follower.next())).toEqual([1, 2]);
    service.append('run-2', event(1), event(2));
    service.append('run-1', event(3), continuedAsNew(4, 'run-2'));
    const batches: number[][] = [];
    while (batches.flat().length < 3) batches.push(ids(await follower.next()));

    expect(batches.flat()).toEqual([3, 1, 2]);
    expect(follower.runId).toBe('run-2');
  });

  it('leaves no long-poll in flight once closed', async () => {
    const service = new FakeHistoryService(false);
    service.append('run-1', event(1));
    const follower = new HistoryFollower(service.client(), 'report-1', 'run-1', undefined);

    expect(ids(await follower.next())).toEqual([1]);
    await settle();
    // The long-poll sent with the plain read waits on for the next batch.
    expect(service.waiting).toBe(1);
    follower.close();
    await settle();
    expect(service.waiting).toBe(0);
  });

  it('returns nothing once its signal aborts a long-poll', async () => {
    const service = new FakeHistoryService(true);
    service.append('run-1', event(1));
    const stop = new AbortController();
    const follower = new HistoryFollower(service.client(), 'report-1', 'run-1', stop.signal);

    expect(ids(await follower.next())).toEqual([1]);
    const waiting = follower.next();
    await settle();
    stop.abort();
    expect(await waiting).toEqual([]);
  });
});
