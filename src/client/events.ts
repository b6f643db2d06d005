/**
 * Reads a workflow's control events from its history: the transitions the
 * history cannot tell by itself are memo upserts (`WorkflowPropertiesModified`
 * events), and the pauses and resumes that signals and updates caused are
 * derived from those signals and updates through the control machine, so the
 * history is the durable, ordered event log. Following it long-polls the
 * server, so any process can serve a stream with no infrastructure beyond
 * Temporal.
 *
 * Node zone.
 *
 * @module
 */
import type { Client } from '@temporalio/client';
import { decodeOptionalSinglePayload } from '../common/payloads';
import { CONTROL_CARRY_OVER_MEMO_KEY } from '../common/memo';
import type { ControlEvent, ControlEventType } from '../common/types';
import { closingEvent, type ClosingEventType } from '../control/closing-event';
import { ControlEventDeriver } from '../control/derivation';
import { isAfter, ServerEventNumbering, type EventCursor } from '../control/event-cursor';
import { fromCarried, type MachineState } from '../control/state';
import { HistoryFollower, type HistoryEvent } from './history-follower';
import { controlHistoryItem, eventTimeMs } from './history-items';

/** Options of {@link readControlEvents}. */
export interface ReadControlEventsOptions {
  /**
   * Yield only the events after event `afterSeq` (an SSE client's
   * `Last-Event-ID`): those with a greater `seq`, and the server pause
   * events that follow it (see {@link afterServerSeq}).
   *
   * @default 0
   */
  afterSeq?: number;
  /**
   * With `afterSeq`, resume after server pause event
   * `<afterSeq>.<afterServerSeq>` (its `seq` and `server_seq`).
   *
   * @default 0
   */
  afterServerSeq?: number;
  /**
   * Wait for new events until the workflow closes (`true`), or stop at the
   * end of the history as it is now (`false`).
   *
   * @default true
   */
  follow?: boolean;
  /** Stops the reading (a closed HTTP connection, say). */
  signal?: AbortSignal;
  /**
   * The run id of the newest run, when the caller has just described the
   * workflow: the reading starts without describing it again.
   */
  latestRunId?: string;
}

/**
 * Yields the control events of `workflowId` in `seq` order: one gap-free
 * sequence over its whole continue-as-new chain, starting in whichever run
 * holds the first event after `afterSeq` and following into later runs.
 * The Temporal server's own pauses and unpauses come in their place as
 * `workflow.server_paused` / `workflow.server_unpaused`, numbered
 * `<seq>.<server_seq>` after the control event before them. When the
 * workflow closes, a final `workflow.completed`, `workflow.failed` or
 * `workflow.cancelled` event is derived from the close event (unless the
 * workflow recorded it itself), and the iteration ends.
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
  yield* readRuns(client, workflowId, options, { withServerPauses: true, onRun: () => {} });
}

/**
 * The control events of `workflowId` after `afterSeq` as the history is now
 * (see {@link readControlEvents}; without the server's own pauses), and the
 * control state its newest run reads to (`undefined` for a run of a version
 * that did not record the state after each event).
 *
 * @example
 * ```ts
 * const { events, state } = await readControlEventsAndState(client, 'report-42', { afterSeq: 3 });
 * state?.phase.status; // 'paused'
 * ```
 */
export async function readControlEventsAndState(
  client: Client,
  workflowId: string,
  options: Omit<ReadControlEventsOptions, 'follow'> = {},
): Promise<{ events: ControlEvent[]; state: MachineState | undefined }> {
  let last: ControlEventDeriver | undefined;
  const events: ControlEvent[] = [];
  const reading = readRuns(
    client,
    workflowId,
    { ...options, follow: false },
    { withServerPauses: false, onRun: (deriver) => (last = deriver) },
  );
  for await (const event of reading) events.push(event);
  return { events, state: last?.state };
}

/** What {@link readRuns} reads besides the options of its caller. */
interface RunReading {
  /** Whether to yield the server's own pauses (and read far enough back to number them). */
  withServerPauses: boolean;
  /** Handed the deriver of each run read. */
  onRun: (deriver: ControlEventDeriver) => void;
}

/** {@link readControlEvents}, as `reading` asks. */
async function* readRuns(
  client: Client,
  workflowId: string,
  options: ReadControlEventsOptions,
  { withServerPauses, onRun }: RunReading,
): AsyncGenerator<ControlEvent> {
  const follow = options.follow ?? true;
  const after: EventCursor = { seq: options.afterSeq ?? 0, serverSeq: options.afterServerSeq ?? 0 };
  const startRunId = await firstRunToRead(
    client,
    workflowId,
    after.seq,
    withServerPauses,
    options.latestRunId,
  );
  const history = new HistoryFollower(client, workflowId, startRunId, options.signal);
  const converter = client.options.loadedDataConverter;
  const serverNumbering = new ServerEventNumbering();
  let deriver = new ControlEventDeriver(workflowId, history.runId, serverNumbering);
  onRun(deriver);
  let lastType: ControlEventType | undefined;
  const fresh = (events: ControlEvent[]) =>
    events.filter((event) => {
      if (event.server_seq !== undefined) return withServerPauses && isAfter(event, after);
      lastType = event.type;
      return isAfter(event, after);
    });
  try {
    for (;;) {
      // A batch ends where its run continued as new: all of it is the run read so far.
      const runId = history.runId;
      const batch = await (follow ? history.next() : history.snapshot());
      for (const event of batch) {
        const closing = closingEventType(event);
        if (closing) {
          yield* fresh(deriver.flush());
          const terminal = closingEvent(closing, {
            workflowId,
            runId,
            lastSeq: deriver.lastSeq,
            lastType,
            timestamp: new Date(eventTimeMs(event)).toISOString(),
          });
          if (terminal && isAfter(terminal, after)) yield terminal;
          return;
        }
        const item = await controlHistoryItem(converter, event);
        if (item?.kind === 'runStarted') {
          deriver = new ControlEventDeriver(workflowId, runId, serverNumbering);
          onRun(deriver);
        }
        if (item) yield* fresh(deriver.next(item));
      }
      // A workflow task's commands are written at once: a batch never ends inside them.
      yield* fresh(deriver.flush());
      if (!follow && !history.continued) return;
      if (options.signal?.aborted) return;
    }
  } finally {
    history.close();
  }
}

/**
 * The run to start reading from for events after `afterSeq`: the newest run
 * of the continue-as-new chain, or the earliest run before it whose events
 * may follow `afterSeq`. Each run's start event says what `seq` it started
 * from (in the carried control state) and which run it continued. With
 * `serverPauses`, the run that emitted event `afterSeq` (the first run for
 * 0), since the server pause events after it are numbered from it on.
 */
async function firstRunToRead(
  client: Client,
  workflowId: string,
  afterSeq: number,
  serverPauses: boolean,
  latestRunId: string | undefined,
): Promise<string> {
  let runId = latestRunId ?? (await latestRun(client, workflowId));
  for (;;) {
    const { startSeq, previousRunId } = await runOrigin(client, workflowId, runId);
    const startsInTime = serverPauses ? startSeq < afterSeq : startSeq <= afterSeq;
    if (startsInTime || !previousRunId) return runId;
    runId = previousRunId;
  }
}

async function latestRun(client: Client, workflowId: string): Promise<string> {
  const description = await client.workflowService.describeWorkflowExecution({
    namespace: client.options.namespace,
    execution: { workflowId },
  });
  return description.workflowExecutionInfo?.execution?.runId ?? '';
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
