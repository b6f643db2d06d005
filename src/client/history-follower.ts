/**
 * Follows one workflow's history across its continue-as-new chain: batches
 * of events not seen yet, long-polling the server for more.
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

/** One event of a workflow history. */
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** How long one long-poll may wait before it is asked again (the server answers sooner). */
const LONG_POLL_MS = 30_000;
/**
 * The same for a server that pages without continuation tokens (the Java
 * test server): its long-poll waits only for events newer than its own
 * arrival, so an event that lands between the plain read and the long-poll
 * is seen at the next round, at most this long after.
 */
const TOKENLESS_LONG_POLL_MS = 1_000;

/** What a long-poll brought: events and the token to wait with next, nothing (deadline, aborted), or its error. */
type PollAnswer =
  { events: HistoryEvent[]; nextPageToken: Uint8Array | undefined } | { error: unknown } | undefined;

/** A long-poll in flight: the run it reads, how to abandon it, and its answer. */
interface PendingPoll {
  runId: string;
  abandon: AbortController;
  /** Never rejects: an error is part of the answer, read when the answer is taken. */
  answer: Promise<PollAnswer>;
  settled: boolean;
}

/**
 * Yields the history of the pinned run in batches of unseen events,
 * long-polling for more. Works with both the Temporal server (whose
 * long-poll continues from a token) and the Java test server (whose
 * long-poll returns only events newer than its own arrival): there the
 * long-poll is sent before a plain read and bounded in time, so an event
 * that lands between the two is still delivered. A long-poll is never
 * thrown away while its run is read: when the plain read answers first, the
 * long-poll stays in flight for the next batch, and on the Temporal server
 * its answer brings the token every later wait starts from, so the history
 * is read in full once per stream.
 */
export class HistoryFollower {
  /** True once the run continued as new; the next batch comes from the new run. */
  continued = false;
  private lastEventId = 0;
  private waitToken: Uint8Array | undefined;
  private pending: PendingPoll | undefined;

  constructor(
    private readonly client: Client,
    private readonly workflowId: string,
    /** The run being read; it moves to the next run on continue-as-new. */
    public runId: string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Every event not yet seen, as the history is now. */
  async snapshot(): Promise<HistoryEvent[]> {
    this.continued = false;
    const events: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await this.request({ nextPageToken, waitNewEvent: false });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return this.unseen(events);
  }

  /** The next non-empty batch of unseen events, waiting for them if need be. */
  async next(): Promise<HistoryEvent[]> {
    for (;;) {
      // An answer already in: on the Temporal server it carries the token to wait with.
      if (this.pending?.settled) {
        const polled = await this.takePending();
        if (polled.length > 0 || this.signal?.aborted) return polled;
      }
      this.pending ??= this.startLongPoll();
      if (!this.waitToken) {
        let known: HistoryEvent[];
        try {
          known = await this.snapshot();
        } catch (error) {
          this.dropPending();
          throw error;
        }
        // Followed into the next run: the long-poll reads a run that is over.
        if (this.pending?.runId !== this.runId) this.dropPending();
        if (known.length > 0) return known;
        if (!this.pending) continue;
      }
      const polled = await this.takePending();
      if (polled.length > 0 || this.signal?.aborted) return polled;
    }
  }

  /**
   * Abandons the long-poll still in flight, if any. Call it once no more
   * batches are wanted: a long-poll left behind would outlive the reading
   * (and, on a closed connection, fail where nobody catches it).
   */
  close(): void {
    this.dropPending();
  }

  private startLongPoll(): PendingPoll {
    const abandon = new AbortController();
    const poll: PendingPoll = {
      runId: this.runId,
      abandon,
      answer: Promise.resolve(undefined),
      settled: false,
    };
    poll.answer = this.longPoll(abandon.signal).then(
      (answer) => {
        poll.settled = true;
        return answer;
      },
      (error: unknown) => {
        poll.settled = true;
        return { error };
      },
    );
    return poll;
  }

  /** The unseen events of the pending long-poll's answer (none if it read another run); takes its token. */
  private async takePending(): Promise<HistoryEvent[]> {
    const poll = this.pending;
    this.pending = undefined;
    const answer = await poll?.answer;
    if (!answer || poll?.runId !== this.runId) return [];
    if ('error' in answer) throw answer.error;
    this.waitToken = answer.nextPageToken;
    return this.unseen(answer.events);
  }

  private dropPending(): void {
    this.pending?.abandon.abort();
    this.pending = undefined;
  }

  private async longPoll(abandon: AbortSignal): Promise<PollAnswer> {
    const waitToken = this.waitToken;
    const deadline = Date.now() + (waitToken ? LONG_POLL_MS : TOKENLESS_LONG_POLL_MS);
    try {
      const response = await this.client.connection.withDeadline(deadline, () =>
        this.request({ nextPageToken: waitToken, waitNewEvent: true }, abandon),
      );
      if (abandon.aborted) return undefined;
      return {
        events: response.history?.events ?? [],
        nextPageToken: response.nextPageToken?.length ? response.nextPageToken : undefined,
      };
    } catch (error) {
      // Cancelled, or past its deadline (reported as DEADLINE_EXCEEDED or CANCELLED): nothing new.
      if (abandon.aborted || this.signal?.aborted || Date.now() >= deadline) return undefined;
      throw error;
    }
  }

  private async request(
    page: { nextPageToken: Uint8Array | undefined; waitNewEvent: boolean },
    abandon?: AbortSignal,
  ) {
    const call = () =>
      this.client.workflowService.getWorkflowExecutionHistory({
        namespace: this.client.options.namespace,
        execution: { workflowId: this.workflowId, runId: this.runId },
        maximumPageSize: 1000,
        ...page,
      });
    const signals = [this.signal, abandon].filter((signal): signal is AbortSignal => signal !== undefined);
    if (signals.length === 0) return call();
    // One short-lived signal per call, so that a long stream does not pile
    // listeners onto the caller's signal.
    const perCall = new AbortController();
    const abort = (): void => perCall.abort();
    for (const signal of signals) {
      if (signal.aborted) perCall.abort();
      signal.addEventListener('abort', abort, { once: true });
    }
    try {
      return await this.client.connection.withAbortSignal(perCall.signal, call);
    } finally {
      for (const signal of signals) signal.removeEventListener('abort', abort);
    }
  }

  /** Drops events already returned and follows continue-as-new into the next run. */
  private unseen(events: HistoryEvent[]): HistoryEvent[] {
    const fresh: HistoryEvent[] = [];
    for (const event of events) {
      const eventId = Number(event.eventId ?? 0);
      if (eventId <= this.lastEventId) continue;
      this.lastEventId = eventId;
      const nextRunId = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      if (nextRunId) {
        this.runId = nextRunId;
        this.lastEventId = 0;
        this.waitToken = undefined;
        this.continued = true;
        return fresh;
      }
      fresh.push(event);
    }
    return fresh;
  }
}
