/** Test helpers that observe control state through events and history, never through sleeps. */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
import type { ControlEvent, ControlEventType } from '../../src';
import { readControlEvents } from '../../src/client/events';

/** Resolves with the first event of `type` after `afterSeq`, long-polling the history. */
export async function waitForEvent(
  client: Client,
  workflowId: string,
  type: ControlEventType,
  afterSeq = 0,
): Promise<ControlEvent> {
  for await (const event of readControlEvents(client, workflowId, { afterSeq })) {
    if (event.type === type) return event;
  }
  throw new Error(`Workflow ${workflowId} closed without a ${type} event`);
}

/** Every control event recorded so far (plus the derived terminal event if closed). */
export async function recordedEvents(client: Client, workflowId: string): Promise<ControlEvent[]> {
  const events: ControlEvent[] = [];
  for await (const event of readControlEvents(client, workflowId, { follow: false })) events.push(event);
  return events;
}

/** The number of events in the workflow's history. */
export async function historyLength(handle: WorkflowHandle): Promise<number> {
  return (await handle.fetchHistory()).events?.length ?? 0;
}

/** The first argument of every activity scheduled so far, in order, read from the history. */
export async function scheduledActivityArgs(handle: WorkflowHandle): Promise<unknown[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const data = event.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data;
    return data ? [JSON.parse(Buffer.from(data).toString('utf8')) as unknown] : [];
  });
}

/**
 * Names of the history events after the first `skip`, for example
 * `['WorkflowTaskScheduled', 'WorkflowPropertiesModified']`.
 */
export async function historyEventNamesAfter(handle: WorkflowHandle, skip: number): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).slice(skip).map((event) => eventName(event.eventType));
}

function eventName(eventType: unknown): string {
  const name = typeof eventType === 'number' ? temporal.api.enums.v1.EventType[eventType] : String(eventType);
  return (name ?? String(eventType))
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_match, _separator: string, letter: string) => letter.toUpperCase());
}

/**
 * Resolves with the history of `workflowId`'s current run once `done` holds
 * for it. Each round long-polls the history (bounded to a second, for the
 * Java test server's long-poll, which only returns events newer than its
 * arrival), so nothing waits on a timer of its own.
 */
export async function waitForHistory(
  client: Client,
  workflowId: string,
  done: (events: HistoryEvent[]) => boolean,
): Promise<HistoryEvent[]> {
  for (;;) {
    // The long-poll is abandoned once it is not needed, so that no call outlives the test.
    const round = new AbortController();
    const nextEvents = client.connection
      .withAbortSignal(round.signal, () =>
        client.connection.withDeadline(Date.now() + 1_000, () =>
          client.workflowService.getWorkflowExecutionHistory({
            namespace: client.options.namespace,
            execution: { workflowId },
            waitNewEvent: true,
          }),
        ),
      )
      .catch(() => undefined);
    try {
      const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
      if (done(events)) return events;
      await nextEvents;
    } finally {
      round.abort();
    }
  }
}

/**
 * Resolves once the workflow has processed the first event of `eventType`: a
 * workflow task completed after it.
 */
export async function waitUntilProcessed(
  client: Client,
  workflowId: string,
  eventType: temporal.api.enums.v1.EventType,
): Promise<void> {
  await waitForHistory(client, workflowId, (events) => {
    const at = events.findIndex((event) => event.eventType === eventType);
    return (
      at >= 0 &&
      events
        .slice(at)
        .some(
          (event) => event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        )
    );
  });
}

/** Resolves once the parent's history shows `childId` started. */
export async function waitForChildStarted(client: Client, parentId: string, childId: string): Promise<void> {
  await waitForHistory(client, parentId, (events) =>
    events.some(
      (event) =>
        event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId === childId,
    ),
  );
}
