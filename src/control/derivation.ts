/**
 * Derives a run's control events from its history items
 * (./history-item.ts). A run that derives (a derivation marker; what is
 * recorded and what derived is ./recording.ts) records only what the
 * history cannot say by itself — where it parked, what a timer, a
 * cancellation or a child caused — each record with the
 * state after it. The `workflow.pausing` and `workflow.resumed` that pause
 * and resume signals and updates cause are not recorded: a reader feeds
 * those signals and updates through the same `transition()` the workflow
 * ran, in the order and at the workflow time the workflow saw them, and so
 * computes the very events (same `seq`) the workflow emitted, from the
 * marker's own task on (from the task after it, for the marker of earlier
 * versions). A run without a marker recorded every event (older histories)
 * and is read as such.
 *
 * Order within one workflow task, as the SDK delivers it: signals in
 * history order, then updates in the order they were accepted, then
 * everything else (timers, activities, the workflow code). The run's first
 * task is the exception: its signals arrived before the workflow started,
 * so the SDK buffered them and hands each signal name's over when the
 * control sets that name's handler, pause signals before resume signals
 * (see `FIRST_TASK_SIGNAL_ORDER` in ./history-item.ts). The workflow time is the task's
 * start time.
 *
 * The server's own pause and unpause (./server-pause-event.ts) take their
 * place in history order; a signal that arrives meanwhile is processed by
 * the first task after the unpause, so its events follow the unpause's.
 *
 * Anywhere zone, pure: no Temporal API, no clock.
 *
 * @module
 */
import type { TaskOwner } from '../common/ownership';
import type { ControlEvent, PauseRequest, ResumeRequest } from '../common/types';
import { inFirstTaskOrder, signalInput, type ControlHistoryItem, type ReceivedSignal } from './history-item';
import { ServerEventNumbering } from './event-cursor';
import type { ControlInput } from './inputs';
import { auditAfterRecorded, READER_AUDIT_LIMIT } from './recorded-audit';
import { derivesFrom } from './recording';
import { withoutCaller } from './rejections';
import { serverPauseEvent } from './server-pause-event';
import { fromCarried, initialState, type MachineState } from './state';
import { transition } from './transitions';

/** The input whose records a recorded event may still be (the last applied signal or update). */
type OpenInput = ControlInput['kind'] | 'childReported' | undefined;

/**
 * Turns a run's history items into its control events, incrementally (a
 * reader follows a history as it grows). Call {@link next} for each item in
 * history order and {@link flush} at the end of each batch read: a
 * workflow task's commands are written at once, so a batch never ends
 * inside them.
 *
 * @example
 * ```ts
 * const deriver = new ControlEventDeriver('report-42', runId);
 * for (const item of items) for (const event of deriver.next(item)) console.log(event.seq, event.type);
 * deriver.flush();
 * ```
 */
export class ControlEventDeriver {
  /** The first recorded event whose `seq` did not follow, if any (the events are yielded as recorded). */
  mismatch: string | undefined;
  private machine = initialState();
  private owner: TaskOwner | undefined;
  /** Whether the run derives; from the marker's task on. */
  private derives = false;
  /** True while reading the commands of the marker's task (what it processed was recorded). */
  private inMarkerTask = false;
  private startedAtMs = 0;
  private taskAtMs = 0;
  /** Whether a task of this run completed yet: the first one started the workflow. */
  private started = false;
  /** Signals received and not yet processed by a completed task. */
  private received: ReceivedSignal[] = [];
  /** Signals the last completed task processed, not yet applied. */
  private processing: ReceivedSignal[] = [];
  /** Updates the last completed task accepted before the run derived (its marker may follow them). */
  private undecided: Array<Extract<ControlHistoryItem, { kind: 'update' }>> = [];
  private open: OpenInput;
  /** Set once a recorded event came without the state after it (a run of a version before derivation). */
  private stateUnknown = false;

  /**
   * @param serverNumbering numbers server pause events; a reader hands the
   * same one to the deriver of each run of a chain.
   */
  constructor(
    private readonly workflowId: string,
    private readonly runId: string,
    private readonly serverNumbering = new ServerEventNumbering(),
  ) {}

  /**
   * The control state after the items read so far, as the workflow holds
   * it (its audit list as a reader keeps it, see ./recorded-audit.ts);
   * `undefined` for a run whose recorded events do not carry the state
   * after them.
   */
  get state(): MachineState | undefined {
    return this.stateUnknown ? undefined : this.machine;
  }

  /** `seq` of the last event so far (carried over from earlier runs). */
  get lastSeq(): number {
    return this.machine.lastEventSeq;
  }

  /** The events `item` makes known, in `seq` order. */
  next(item: ControlHistoryItem): ControlEvent[] {
    switch (item.kind) {
      case 'runStarted':
        this.machine = fromCarried(item.carried) ?? initialState();
        this.stateUnknown = false;
        this.owner = item.owner;
        this.started = false;
        return [];
      case 'marker':
        return this.startDeriving(item.fromItsTask);
      case 'taskStarted': {
        const events = this.flush();
        this.startedAtMs = item.atMs;
        return events;
      }
      case 'taskCompleted': {
        const events = this.flush();
        this.inMarkerTask = false;
        this.taskAtMs = this.startedAtMs;
        // Kept while the run does not derive: a marker among this task's commands may derive them.
        this.processing = this.started ? this.received : inFirstTaskOrder(this.received);
        this.started = true;
        this.received = [];
        this.undecided = [];
        return events;
      }
      case 'signal': {
        const events = this.flush();
        this.received.push({ name: item.name, request: item.request });
        return events;
      }
      case 'update':
        if (this.derives) return this.inTask(item);
        this.undecided.push(item);
        return [];
      case 'recorded':
        return this.inTask(item);
      case 'serverPause': {
        // What the last task processed came first (and numbers this one); what arrives meanwhile waits.
        const events = this.flush();
        const place = { workflowId: this.workflowId, runId: this.runId, seq: this.lastSeq };
        const serverSeq = this.serverNumbering.next(this.lastSeq);
        return [...events, serverPauseEvent(item, { ...place, serverSeq })];
      }
    }
  }

  /** The run derives from here: from what the marker's task processed, or from the next task on. */
  private startDeriving(fromItsTask: boolean): ControlEvent[] {
    this.derives = true;
    const updates = this.undecided;
    this.undecided = [];
    if (fromItsTask) return updates.flatMap((update) => this.inTask(update));
    this.inMarkerTask = true;
    this.processing = [];
    return [];
  }

  /** Applies the signals the last task processed whose effects no later item can tell. */
  flush(): ControlEvent[] {
    const events = this.applySignals(() => false);
    this.open = undefined;
    return events;
  }

  /** An update or a recorded event among the commands of the last completed task. */
  private inTask(item: Extract<ControlHistoryItem, { kind: 'update' | 'recorded' }>): ControlEvent[] {
    const isRecordOfOpen = (): boolean =>
      item.kind === 'recorded' &&
      item.derivation !== undefined &&
      item.derivation.via === this.open &&
      item.event.seq === this.lastSeq + 1;
    // Signals come before updates and before anything else the task did.
    const events = this.applySignals(isRecordOfOpen);
    if (item.kind === 'recorded') return [...events, this.adopt(item)];
    this.open = undefined;
    if (this.inMarkerTask) return events;
    const input: ControlInput =
      item.name === 'pause'
        ? { kind: 'pause', request: withoutCaller(item.request as PauseRequest | undefined) }
        : { kind: 'resume', request: withoutCaller(item.request as ResumeRequest | undefined) };
    this.open = input.kind;
    return [...events, ...this.apply(input)];
  }

  /**
   * Applies processed signals in order until `isRecordOfOpen` says the next
   * item is a record of the signal just applied. A signal whose outcome a
   * reader cannot decide (a resume with `input`, a child's report) is left
   * open: the records that follow it are its own.
   */
  private applySignals(isRecordOfOpen: () => boolean): ControlEvent[] {
    const events: ControlEvent[] = [];
    // Until the run derives, the signals wait: a marker later in their task may derive them.
    if (!this.derives) return events;
    for (;;) {
      if (this.open !== undefined && isRecordOfOpen()) return events;
      const signal = this.processing.shift();
      if (!signal) return events;
      const input = signalInput(signal, this.owner);
      this.open = signal.name === 'childReport' ? 'childReported' : input?.kind;
      if (input && derivesFrom('signal', input)) events.push(...this.apply(input));
    }
  }

  private apply(input: ControlInput): ControlEvent[] {
    const { state, effects } = transition(this.machine, input, {
      atMs: this.taskAtMs,
      workflowId: this.workflowId,
      auditLimit: READER_AUDIT_LIMIT,
    });
    this.machine = state;
    return effects.flatMap((effect) => {
      if (effect.kind !== 'emit') return [];
      return [{ ...effect.event, workflow_id: this.workflowId, run_id: this.runId }];
    });
  }

  /** A recorded event: yielded as recorded, and the state it carries becomes the reader's. */
  private adopt(item: Extract<ControlHistoryItem, { kind: 'recorded' }>): ControlEvent {
    const { event, derivation } = item;
    if (event.seq !== this.lastSeq + 1 && this.mismatch === undefined) {
      this.mismatch = `recorded event ${event.seq} (${event.type}) follows event ${this.lastSeq}`;
    }
    const carried = derivation && fromCarried(derivation.state);
    if (!carried) this.stateUnknown = true;
    const audit = carried
      ? auditAfterRecorded(this.machine, carried, derivation.via, event)
      : this.machine.audit;
    this.machine = { ...(carried ?? this.machine), audit, lastEventSeq: event.seq };
    return event;
  }
}

/**
 * The control events of one run's history items: {@link ControlEventDeriver}
 * over a whole history at once.
 *
 * @example
 * ```ts
 * const { events, mismatch } = deriveControlEvents(items, { workflowId: 'report-42', runId });
 * ```
 */
export function deriveControlEvents(
  items: readonly ControlHistoryItem[],
  run: { workflowId: string; runId: string },
): { events: ControlEvent[]; mismatch?: string } {
  const deriver = new ControlEventDeriver(run.workflowId, run.runId);
  const events = items.flatMap((item) => deriver.next(item));
  events.push(...deriver.flush());
  return deriver.mismatch === undefined ? { events } : { events, mismatch: deriver.mismatch };
}
