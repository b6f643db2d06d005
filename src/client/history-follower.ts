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

/**
 * Yields the history of the pinned run in batches of unseen events,
 * long-polling for more. Works with both the Temporal server (whose
 * long-poll continues from a token) and the Java test server (whose
 * long-poll returns only events newer than its own arrival): there the
 * long-poll is sent before a plain read and bounded in time, so an event
 * that lands between the two is still delivered.
 */
export class HistoryFollower {
  /** True once the run continued as new; the next batch comes from the new run. */
  continued = false;
  private lastEventId = 0;
  private waitToken: Uint8Array | undefined;

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
      const round = new AbortController();
      const longPoll = this.longPoll(round.signal);
      let known: HistoryEvent[];
      try {
        known = this.waitToken ? [] : await this.snapshot();
      } catch (error) {
        round.abort();
        throw error;
      }
      if (known.length > 0) {
        // The long-poll is cancelled; the events it would return are read again next round.
        round.abort();
        return known;
      }
      const polled = await longPoll;
      if (polled.length > 0 || this.signal?.aborted) return polled;
    }
  }

  private async longPoll(abandon: AbortSignal): Promise<HistoryEvent[]> {
    const waitToken = this.waitToken;
    const deadline = Date.now() + (waitToken ? LONG_POLL_MS : TOKENLESS_LONG_POLL_MS);
    try {
      const response = await this.client.connection.withDeadline(deadline, () =>
        this.request({ nextPageToken: waitToken, waitNewEvent: true }, abandon),
      );
      if (abandon.aborted) return [];
      this.waitToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
      return this.unseen(response.history?.events ?? []);
    } catch (error) {
      // Cancelled, or past its deadline (reported as DEADLINE_EXCEEDED or CANCELLED): nothing new.
      if (abandon.aborted || this.signal?.aborted || Date.now() >= deadline) return [];
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
