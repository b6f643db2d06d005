// The events a reader derives from a run's history: history items in,
// control events out, through the same transition function the workflow runs.
import { readFileSync } from 'node:fs';
import { defaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { controlHistoryItem } from '../../../src/client/history-items';
import type { ControlEvent, PauseRequest } from '../../../src/common/types';
import { deriveControlEvents } from '../../../src/control/derivation';
import type { ControlHistoryItem } from '../../../src/control/history-item';
import { derivationRecord } from '../../../src/control/recording';
import { foldControlEvents } from '../../support/event-log';
import type { ControlInput } from '../../../src/control/inputs';
import { initialState, type MachineState } from '../../../src/control/state';
import { transition } from '../../../src/control/transitions';
import { at, RUN, task } from './history-fixtures';

const iso = (minutes: number) => new Date(at(minutes)).toISOString();

const signal = (name: 'pause' | 'resume', request?: unknown): ControlHistoryItem => ({
  kind: 'signal',
  name,
  request,
});
const update = (name: 'pause' | 'resume', request: unknown = {}): ControlHistoryItem => ({
  kind: 'update',
  name,
  request,
});
/** The start of a run of an earlier version that derives: its first task recorded the marker. */
const derivingRun = (start: Partial<Extract<ControlHistoryItem, { kind: 'runStarted' }>> = {}) => [
  { kind: 'runStarted', ...start } as ControlHistoryItem,
  ...task(0),
  { kind: 'marker', fromItsTask: false } as ControlHistoryItem,
];

/**
 * What the workflow records for `input` from `state` at `minutes`: its
 * events, each with the state after it, as the memo upserts carry them.
 */
function recorded(state: MachineState, input: ControlInput, minutes: number) {
  const next = transition(state, input, { atMs: at(minutes), workflowId: RUN.workflowId, auditLimit: 50 });
  const items = next.effects.flatMap((effect): ControlHistoryItem[] =>
    effect.kind === 'emit'
      ? [
          {
            kind: 'recorded',
            event: { ...effect.event, workflow_id: RUN.workflowId, run_id: RUN.runId },
            derivation: derivationRecord(input.kind, next.state),
          },
        ]
      : [],
  );
  return { state: next.state, items };
}

/** A pause with `request` and its park at `idle`, both at `minutes`: the park's record and the state after it. */
function parkedAt(minutes: number, request: PauseRequest = {}) {
  const pausing = transition(
    initialState(),
    { kind: 'pause', request },
    { atMs: at(minutes), workflowId: RUN.workflowId, auditLimit: 50 },
  ).state;
  return recorded(pausing, { kind: 'park', checkpoint: 'idle' }, minutes);
}

const brief = (events: ControlEvent[]) =>
  events.map(({ seq, type, timestamp }) => ({ seq, type, timestamp }));

describe('deriving control events from the history', () => {
  it('derives pausing from a pause signal and takes the recorded park', () => {
    const park = parkedAt(1, { reason: 'audit', requestedBy: 'ada' });
    const { events, mismatch } = deriveControlEvents(
      [
        ...derivingRun(),
        signal('pause', { reason: 'audit', requestedBy: 'ada' }),
        ...task(1),
        ...park.items,
        signal('resume', { requestedBy: 'bob' }),
        ...task(61),
      ],
      RUN,
    );
    expect(mismatch).toBeUndefined();
    expect(events).toEqual([
      {
        seq: 1,
        type: 'workflow.pausing',
        timestamp: iso(1),
        reason: 'audit',
        requested_by: 'ada',
        ...RUN_IDS,
      },
      expect.objectContaining({ seq: 2, type: 'workflow.paused', checkpoint: 'idle' }),
      {
        seq: 3,
        type: 'workflow.resumed',
        timestamp: iso(61),
        checkpoint: 'idle',
        paused_ms: 60 * 60_000,
        requested_by: 'bob',
        ...RUN_IDS,
      },
    ]);
    expect(foldControlEvents(events, { auditLimit: 50 }).mismatch).toBeUndefined();
  });

  it('derives nothing from signals the workflow refuses', () => {
    const owner = { user_id: 'ann', tenant_id: 'acme' };
    const { events } = deriveControlEvents(
      [
        ...derivingRun({ owner }),
        signal('pause', { reason: 'x'.repeat(1001) }),
        signal('pause', { caller: { userId: 'eve', tenantId: 'other' } }),
        signal('pause', { caller: { userId: 'bob', tenantId: 'acme' } }),
        signal('resume', {}),
        signal('pause', { requestId: 'p-1', caller: { userId: 'ann', tenantId: 'acme' } }),
        signal('pause', { requestId: 'p-1' }),
        ...task(1),
      ],
      RUN,
    );
    expect(brief(events)).toEqual([{ seq: 1, type: 'workflow.pausing', timestamp: iso(1) }]);
  });

  it('applies a pause and a resume that one task processed in their order', () => {
    const { events } = deriveControlEvents(
      [...derivingRun(), signal('pause'), signal('resume', { requestedBy: 'ops' }), ...task(2)],
      RUN,
    );
    expect(brief(events)).toEqual([
      { seq: 1, type: 'workflow.pausing', timestamp: iso(2) },
      { seq: 2, type: 'workflow.resumed', timestamp: iso(2) },
    ]);
    expect(foldControlEvents(events, { auditLimit: 50 }).mismatch).toBeUndefined();
  });

  it('derives an update, then takes the park its task recorded', () => {
    const park = parkedAt(3);
    const { events, mismatch } = deriveControlEvents(
      [...derivingRun(), ...task(3), update('pause'), ...park.items, ...task(9), update('resume')],
      RUN,
    );
    expect(mismatch).toBeUndefined();
    expect(brief(events)).toEqual([
      { seq: 1, type: 'workflow.pausing', timestamp: iso(3) },
      { seq: 2, type: 'workflow.paused', timestamp: iso(3) },
      { seq: 3, type: 'workflow.resumed', timestamp: iso(9) },
    ]);
  });

  it('takes a resume caused by a pause timeout as recorded, and a later resume signal changes nothing', () => {
    const park = parkedAt(1, { timeout: '1 day' });
    const timeout = recorded(park.state, { kind: 'timeout', pauseNumber: 1 }, 1441);
    const { events, mismatch } = deriveControlEvents(
      [
        ...derivingRun(),
        signal('pause', { timeout: '1 day' }),
        ...task(1),
        ...park.items,
        ...task(1441),
        ...timeout.items,
        signal('resume'),
        ...task(1500),
      ],
      RUN,
    );
    expect(mismatch).toBeUndefined();
    expect(events.map((event) => [event.seq, event.type, event.requested_by])).toEqual([
      [1, 'workflow.pausing', undefined],
      [2, 'workflow.paused', undefined],
      [3, 'workflow.resumed', 'timeout'],
    ]);
  });

  it('continues the sequence a continue-as-new carried over', () => {
    const parked = parkedAt(0).state;
    const { events } = deriveControlEvents(
      [...derivingRun({ carried: parked }), signal('resume', { requestedBy: 'ops' }), ...task(30)],
      RUN,
    );
    expect(events).toEqual([
      expect.objectContaining({
        seq: 3,
        type: 'workflow.resumed',
        paused_ms: 30 * 60_000,
        checkpoint: 'idle',
      }),
    ]);
  });

  it('leaves a resume with input to the record the workflow makes, if it makes one', () => {
    const park = parkedAt(1);
    const accepted = recorded(park.state, { kind: 'resume', request: { input: 'go', requestId: 'r-1' } }, 5);
    const { events, mismatch } = deriveControlEvents(
      [
        ...derivingRun(),
        signal('pause'),
        ...task(1),
        ...park.items,
        // Refused by the workflow's `validateResumeInput`: no record.
        signal('resume', { input: 42 }),
        ...task(4),
        // Accepted, recorded; a pause in the same task applies after it.
        signal('resume', { input: 'go', requestId: 'r-1' }),
        signal('pause', { reason: 'again' }),
        ...task(5),
        ...accepted.items,
      ],
      RUN,
    );
    expect(mismatch).toBeUndefined();
    expect(brief(events)).toEqual([
      { seq: 1, type: 'workflow.pausing', timestamp: iso(1) },
      { seq: 2, type: 'workflow.paused', timestamp: iso(1) },
      { seq: 3, type: 'workflow.resumed', timestamp: iso(5) },
      { seq: 4, type: 'workflow.pausing', timestamp: iso(5) },
    ]);
  });

  it('reads what the install task of an earlier version processed, and runs without the marker, as recorded', () => {
    const start = recorded(initialState(), { kind: 'pause', request: { reason: 'first' } }, 0);
    const installed = deriveControlEvents(
      [
        { kind: 'runStarted' },
        signal('pause', { reason: 'first' }),
        ...task(0),
        { kind: 'marker', fromItsTask: false },
        ...start.items,
      ],
      RUN,
    );
    expect(brief(installed.events)).toEqual([{ seq: 1, type: 'workflow.pausing', timestamp: iso(0) }]);
    expect(installed.mismatch).toBeUndefined();

    const legacy = deriveControlEvents(
      [{ kind: 'runStarted' }, ...task(0), signal('pause'), ...task(1), update('resume'), ...task(2)],
      RUN,
    );
    expect(legacy.events).toEqual([]);
  });

  it('derives what the task of a marker written at the first event processed, signals and updates alike', () => {
    const firstPark = parkedAt(1, { reason: 'audit' });
    const bySignal = deriveControlEvents(
      [
        { kind: 'runStarted' },
        ...task(0),
        signal('pause', { reason: 'audit' }),
        ...task(1),
        { kind: 'marker', fromItsTask: true },
        ...firstPark.items,
        signal('resume'),
        ...task(3),
      ],
      RUN,
    );
    expect(bySignal.mismatch).toBeUndefined();
    expect(brief(bySignal.events)).toEqual([
      { seq: 1, type: 'workflow.pausing', timestamp: iso(1) },
      { seq: 2, type: 'workflow.paused', timestamp: iso(1) },
      { seq: 3, type: 'workflow.resumed', timestamp: iso(3) },
    ]);

    // The update was accepted before the marker among the task's commands.
    const byUpdate = deriveControlEvents(
      [
        { kind: 'runStarted' },
        ...task(0),
        ...task(1),
        update('pause'),
        { kind: 'marker', fromItsTask: true },
      ],
      RUN,
    );
    expect(brief(byUpdate.events)).toEqual([{ seq: 1, type: 'workflow.pausing', timestamp: iso(1) }]);

    // No marker in the task: what it processed stays with the workflow's records.
    const unmarked = deriveControlEvents(
      [{ kind: 'runStarted' }, signal('pause'), ...task(0), update('pause'), ...task(1)],
      RUN,
    );
    expect(unmarked.events).toEqual([]);
  });

  it("applies the signals of a run's first task in the order the SDK hands them to the control", () => {
    // The run's first task starts the workflow after its signals arrived: the SDK buffers them and
    // hands each name's signals over when its handler is set, pause signals first, then resumes.
    const workflowOrder = [
      { kind: 'pause', request: { requestId: 'p1', reason: 'first' } },
      { kind: 'pause', request: { requestId: 'p2' } },
      { kind: 'resume', request: { requestId: 'r1' } },
      { kind: 'resume', request: { requestId: 'r2' } },
    ] satisfies ControlInput[];
    const byWorkflow = workflowOrder.reduce(
      (state, input) =>
        transition(state, input, { atMs: at(1), workflowId: RUN.workflowId, auditLimit: 50 }).state,
      initialState(),
    );
    const { events, mismatch } = deriveControlEvents(
      [
        { kind: 'runStarted' },
        signal('resume', { requestId: 'r1' }),
        signal('pause', { requestId: 'p1', reason: 'first' }),
        signal('resume', { requestId: 'r2' }),
        signal('pause', { requestId: 'p2' }),
        ...task(1),
        { kind: 'marker', fromItsTask: true },
        signal('pause', { requestId: 'p3' }),
        ...task(2),
      ],
      RUN,
    );
    expect(mismatch).toBeUndefined();
    // pausing (p1), withdrawn (r1); p2 comes while pausing, r2 while running: the workflow ignores both.
    expect(byWorkflow.lastEventSeq).toBe(2);
    expect(brief(events)).toEqual([
      { seq: 1, type: 'workflow.pausing', timestamp: iso(1) },
      { seq: 2, type: 'workflow.resumed', timestamp: iso(1) },
      { seq: 3, type: 'workflow.pausing', timestamp: iso(2) },
    ]);
  });

  it('reports a recorded event whose seq does not follow', () => {
    const { items } = recorded(initialState(), { kind: 'cancel' }, 4);
    const gap = items.map((item) =>
      item.kind === 'recorded' ? { ...item, event: { ...item.event, seq: 7 } } : item,
    );
    const { mismatch } = deriveControlEvents([...derivingRun(), ...task(4), ...gap], RUN);
    expect(mismatch).toBe('recorded event 7 (workflow.cancelled) follows event 0');
  });

  it('reads a history recorded before events were derived exactly as it was recorded', async () => {
    const { events, mismatch, recordedEvents } = await readStoredHistory('old-mode-idler', 'old-mode-idler');
    expect(mismatch).toBeUndefined();
    expect(recordedEvents).toHaveLength(9);
    expect(events).toEqual(recordedEvents);
    expect(foldControlEvents(events, { auditLimit: 50 }).mismatch).toBeUndefined();
  });

  it('reads a history with the marker in its first task as it was read when it was written', async () => {
    const { events, mismatch } = await readStoredHistory('marker-in-first-task', 'marker-in-first-task');
    const expected: unknown = JSON.parse(
      readFileSync(require.resolve('../../fixtures/histories/marker-in-first-task.events.json'), 'utf8'),
    );
    expect(mismatch).toBeUndefined();
    expect(events.map((event) => event.type)).toEqual([
      'workflow.pausing',
      'workflow.paused',
      'workflow.resumed',
    ]);
    expect(events).toEqual(expected);
  });
});

/** The events a reader reads from `test/fixtures/histories/<name>.json`, and the memo upserts among them. */
async function readStoredHistory(name: string, workflowId: string) {
  const json: unknown = JSON.parse(
    readFileSync(require.resolve(`../../fixtures/histories/${name}.json`), 'utf8'),
  );
  const history = temporal.api.history.v1.History.fromObject(json as Record<string, unknown>);
  const converter = {
    payloadConverter: defaultPayloadConverter,
    failureConverter: defaultFailureConverter,
    payloadCodecs: [],
  };
  const items: ControlHistoryItem[] = [];
  const recordedEvents: ControlEvent[] = [];
  for (const event of history.events) {
    const item = await controlHistoryItem(converter, event);
    if (item) items.push(item);
    if (item?.kind === 'recorded') recordedEvents.push(item.event);
  }
  const runId = history.events[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? '';
  return { ...deriveControlEvents(items, { workflowId, runId }), recordedEvents };
}

const RUN_IDS = { workflow_id: RUN.workflowId, run_id: RUN.runId };
