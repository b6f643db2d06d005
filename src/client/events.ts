/**
 * Reads a workflow's control events from its history: every transition is a
 * memo upsert (a `WorkflowPropertiesModified` event), so the history is the
 * durable, ordered event log. Following it long-polls the server, so any
 * process can serve a stream with no infrastructure beyond Temporal.
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { decodeOptionalSinglePayload } from '../common/payloads';
import { CONTROL_CARRY_OVER_MEMO_KEY, CONTROL_EVENT_MEMO_KEY } from '../common/memo';
import type { ControlEvent, ControlEventType } from '../common/types';
import { closingEvent, type ClosingEventType } from '../control/closing-event';
import { fromCarried } from '../control/state';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Options of {@link readControlEvents}. */
export interface ReadControlEventsOptions {
  /**
   * Yield only events with a greater `seq` (an SSE client's `Last-Event-ID`).
   *
   * @default 0
   */
  afterSeq?: number;
  /**
   * Wait for new events until the workflow closes (`true`), or stop at the
   * end of the history as it is now (`false`).
   *
   * @default true
   */
  follow?: boolean;
  /** Stops the reading (a closed HTTP connection, say). */
  signal?: AbortSignal;
}

/**
 * Yields the control events of `workflowId` in `seq` order: one gap-free
 * sequence over its whole continue-as-new chain, starting in whichever run
 * holds the first event after `afterSeq` and following into later runs. When the workflow closes, a final
 * `workflow.completed`, `workflow.failed` or `workflow.cancelled` event is
 * derived from the close event (unless the workflow recorded it itself), and
 * the iteration ends.
 *
 * @example
 * ```ts
 * for await (const event of readControlEvents(client, 'research-42', { afterSeq: 3 })) {
 *   console.log(event.seq, event.type, event.checkpoint);
 * }
 * ```
 */
export async function* readControlEvents(
  client: Client,
  workflowId: string,
  options: ReadControlEventsOptions = {},
): AsyncGenerator<ControlEvent> {
  const follow = options.follow ?? true;
  const afterSeq = options.afterSeq ?? 0;
  const start = await firstRunToRead(client, workflowId, afterSeq);
  const history = new HistoryFollower(client, workflowId, start.runId, options.signal);
  let lastSeq = start.startSeq;
  let lastType: ControlEventType | undefined;
  for (;;) {
    const batch = await (follow ? history.next() : history.snapshot());
    for (const event of batch) {
      const recorded = await recordedEvent(client, event);
      if (recorded) {
        lastSeq = recorded.seq;
        lastType = recorded.type;
        if (recorded.seq > afterSeq) yield recorded;
        continue;
      }
      const closing = closingEventType(event);
      if (closing) {
        const terminal = closingEvent(closing, {
          workflowId,
          runId: history.runId,
          lastSeq,
          lastType,
          timestamp: eventTime(event),
        });
        if (terminal && terminal.seq > afterSeq) yield terminal;
        return;
      }
    }
    if (!follow && !history.continued) return;
    if (options.signal?.aborted) return;
  }
}

/** A run of the chain, with the `seq` of the last event recorded before it started. */
interface RunStart {
  runId: string;
  startSeq: number;
}

/**
 * The run to start reading from for events after `afterSeq`: the newest run
 * of the continue-as-new chain, or the earliest run before it whose events
 * may follow `afterSeq`. Each run's start event says what `seq` it started
 * from (in the carried control state) and which run it continued.
 */
async function firstRunToRead(client: Client, workflowId: string, afterSeq: number): Promise<RunStart> {
  const description = await client.workflowService.describeWorkflowExecution({
    namespace: client.options.namespace,
    execution: { workflowId },
  });
  let runId = description.workflowExecutionInfo?.execution?.runId ?? '';
  for (;;) {
    const { startSeq, previousRunId } = await runOrigin(client, workflowId, runId);
    if (startSeq <= afterSeq || !previousRunId) return { runId, startSeq };
    runId = previousRunId;
  }
}

/** What a run's start event says of its place in the chain. */
async function runOrigin(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<{ startSeq: number; previousRunId?: string }> {
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  const started = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  const carriedPayload = started?.memo?.fields?.[CONTROL_CARRY_OVER_MEMO_KEY];
  const carried = carriedPayload
    ? fromCarried(await decodeOptionalSinglePayload(client.options.loadedDataConverter, carriedPayload))
    : undefined;
  return {
    startSeq: carried?.lastEventSeq ?? 0,
    previousRunId: started?.continuedExecutionRunId || undefined,
  };
}

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
class HistoryFollower {
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

async function recordedEvent(client: Client, event: HistoryEvent): Promise<ControlEvent | undefined> {
  const payload =
    event.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields?.[CONTROL_EVENT_MEMO_KEY];
  if (!payload) return undefined;
  return (
    (await decodeOptionalSinglePayload<ControlEvent>(client.options.loadedDataConverter, payload)) ??
    undefined
  );
}

function closingEventType(event: HistoryEvent): ClosingEventType | undefined {
  if (event.workflowExecutionCompletedEventAttributes) return 'workflow.completed';
  if (event.workflowExecutionCanceledEventAttributes) return 'workflow.cancelled';
  if (
    event.workflowExecutionFailedEventAttributes ||
    event.workflowExecutionTimedOutEventAttributes ||
    event.workflowExecutionTerminatedEventAttributes
  ) {
    return 'workflow.failed';
  }
  return undefined;
}

function eventTime(event: HistoryEvent): string {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  const nanos = event.eventTime?.nanos ?? 0;
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString();
}
