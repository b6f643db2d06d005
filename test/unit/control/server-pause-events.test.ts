// The Temporal server's own pause and unpause in a task's stream: decoded
// from their history events, placed in history order among the control
// events a reader derives, and numbered after the control event before them.
import { defaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { controlHistoryItem } from '../../../src/client/history-items';
import type { ControlEvent } from '../../../src/common/types';
import { deriveControlEvents } from '../../../src/control/derivation';
import type { ControlHistoryItem } from '../../../src/control/history-item';
import { eventId } from '../../../src/control/event-cursor';
import { at, RUN, T0, task } from './history-fixtures';

const pauseSignal: ControlHistoryItem = { kind: 'signal', name: 'pause', request: { reason: 'review' } };
const server = (paused: boolean, minutes: number): ControlHistoryItem => ({
  kind: 'serverPause',
  paused,
  atMs: at(minutes),
  identity: 'operator',
  reason: 'maintenance',
});
/** A run that derives from its first task on. */
const run: ControlHistoryItem[] = [
  { kind: 'runStarted' },
  { kind: 'taskStarted', atMs: at(0) },
  { kind: 'taskCompleted' },
  { kind: 'marker', fromItsTask: true },
];

/** `[id, type, minute]` of each event. */
const brief = (events: ControlEvent[]) =>
  events.map((event) => [eventId(event), event.type, (Date.parse(event.timestamp) - T0) / 60_000]);

describe('server pause events', () => {
  it('puts a pause signal sent while the server holds the task after the unpause, dated at the task that took it', () => {
    const { events, mismatch } = deriveControlEvents(
      [...run, server(true, 2), pauseSignal, server(false, 4), ...task(5)],
      RUN,
    );
    expect(mismatch).toBeUndefined();
    expect(brief(events)).toEqual([
      ['0.1', 'workflow.server_paused', 2],
      ['0.2', 'workflow.server_unpaused', 4],
      ['1', 'workflow.pausing', 5],
    ]);
    expect(events[0]).toEqual({
      seq: 0,
      server_seq: 1,
      type: 'workflow.server_paused',
      timestamp: new Date(at(2)).toISOString(),
      identity: 'operator',
      reason: 'maintenance',
      workflow_id: RUN.workflowId,
      run_id: RUN.runId,
    });
  });

  it('puts what a task processed before a server pause that follows it, and numbers after that event', () => {
    const { events } = deriveControlEvents(
      [...run, pauseSignal, ...task(1), server(true, 2), server(false, 3), server(true, 4)],
      RUN,
    );
    expect(brief(events)).toEqual([
      ['1', 'workflow.pausing', 1],
      ['1.1', 'workflow.server_paused', 2],
      ['1.2', 'workflow.server_unpaused', 3],
      ['1.3', 'workflow.server_paused', 4],
    ]);
  });

  it('decodes the paused and unpaused history events, with who asked and why', async () => {
    const converter = {
      payloadConverter: defaultPayloadConverter,
      failureConverter: defaultFailureConverter,
      payloadCodecs: [],
    };
    const eventTime = { seconds: String(T0 / 1000) };
    const paused = temporal.api.history.v1.HistoryEvent.fromObject({
      eventTime,
      workflowExecutionPausedEventAttributes: { identity: 'operator', reason: 'maintenance', requestId: 'r' },
    });
    const unpaused = temporal.api.history.v1.HistoryEvent.fromObject({
      eventTime,
      workflowExecutionUnpausedEventAttributes: {},
    });
    expect(await controlHistoryItem(converter, paused)).toEqual({
      kind: 'serverPause',
      paused: true,
      atMs: T0,
      identity: 'operator',
      reason: 'maintenance',
    });
    expect(await controlHistoryItem(converter, unpaused)).toEqual({
      kind: 'serverPause',
      paused: false,
      atMs: T0,
    });
  });
});
