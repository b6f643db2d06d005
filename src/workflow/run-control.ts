/**
 * The adapter between the pure control machine and a workflow run: it holds
 * the run's state, feeds the machine its inputs with the workflow's clock,
 * and turns the effects it returns into Temporal commands (memo and search
 * attribute upserts, signals to children, a failure or cancellation).
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import type { CancellationScope } from '@temporalio/workflow';
import {
  ApplicationFailure,
  CancelledFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  workflowInfo,
  type ContinueAsNewOptions,
} from '@temporalio/workflow';
import type { CheckpointName } from '../common/checkpoints';
import { pauseSignal, resumeSignal } from '../common/definitions';
import { CONTROL_CARRY_OVER_MEMO_KEY, CONTROL_PARENT_MEMO_KEY } from '../common/memo';
import type { ControlState, ControlStatus } from '../common/types';
import { carryOver, controlStateView, initialState, isDrained, type MachineState } from '../control/state';
import { childStartState } from '../control/children';
import type { ControlEffect, ControlInput } from '../control/inputs';
import { transition } from '../control/transitions';
import { recordingOf, type RequestOrigin } from '../control/recording';
import { measurements } from '../control/measurements';
import { DerivationDecision } from './derivation-decision';
import { recordMeasurements } from './metrics';
import { EventPublisher } from './publish';
import { ControlSettings } from './settings';

/** The control of one workflow run. */
export class RunControl {
  readonly settings = new ControlSettings();
  private machine: MachineState;
  private readonly publisher = new EventPublisher(() => ({
    status: this.settings.statusSearchAttribute,
    pauseRequest: this.settings.pauseRequestSearchAttribute,
  }));
  /** `number` of the parked pause whose timeout timer a waiting branch holds. */
  private timerHeldFor: number | undefined;
  /** Scopes of the interruptible activities in flight, and whether a pause interrupted each (created on first use). */
  private interruptibles: Map<CancellationScope, { interrupted: boolean }> | undefined;
  /** Whether readers derive this run's pausing and resumed events, decided at its first event. */
  private readonly derivation = new DerivationDecision();

  constructor(carried: MachineState | undefined) {
    this.machine = carried ?? initialState();
  }

  /** The current state (read-only: change it through {@link dispatch}). */
  get state(): Readonly<MachineState> {
    return this.machine;
  }

  /** The current status (a getter, so that callers re-read it after awaiting). */
  get status(): ControlStatus {
    return this.machine.phase.status;
  }

  /** True when no activity is in flight and every live child is parked. */
  drained(): boolean {
    return isDrained(this.machine);
  }

  /** The state as the `controlState` query reports it. */
  view(): ControlState {
    return controlStateView(this.machine);
  }

  /** The `input` of the latest accepted resume. */
  resumeInput(): unknown {
    return this.machine.resumeInput;
  }

  /**
   * Applies `input` (a request sent as a signal or an update, when `origin`
   * says so) at the workflow's current time and carries out its effects.
   * Throws the run's failure or cancellation when a pause timeout asks for
   * one.
   */
  dispatch(input: ControlInput, origin?: RequestOrigin): void {
    const { state, effects } = transition(this.machine, input, {
      atMs: Date.now(),
      workflowId: workflowInfo().workflowId,
      auditLimit: this.settings.auditLimit,
    });
    recordMeasurements(measurements(this.machine, state, input));
    this.machine = state;
    if (effects.some((effect) => effect.kind === 'emit')) this.derivation.beforeEvent();
    const run = { derives: this.derivation.derives, derivesNow: this.derivation.derivesNow() };
    for (const effect of effects) {
      if (effect.kind === 'emit') {
        const recording = recordingOf(effect.event, input, origin, run, state);
        this.publisher.publish(effect.event, state, recording);
      } else this.carryOut(effect);
    }
  }

  /**
   * The checkpoint `name` (see `checkpoint()`): returns at once while
   * running; else drains, parks and waits for the resume. Returns the
   * resume's input when it parked.
   */
  async checkpoint(name: CheckpointName): Promise<unknown> {
    let parked = false;
    for (;;) {
      switch (this.status) {
        case 'running':
          return parked ? this.resumeInput() : undefined;
        case 'paused':
          await this.waitWhileParked();
          parked = true;
          break;
        case 'pausing':
          if (this.drained()) this.dispatch({ kind: 'park', checkpoint: name });
          else await this.waitUntilDrained();
          break;
      }
    }
  }

  /** Waits, while `pausing`, until the workflow is drained (or the pause ends). */
  private async waitUntilDrained(): Promise<void> {
    this.dispatch({ kind: 'drainWaitStarted' });
    try {
      await condition(() => this.status !== 'pausing' || this.drained());
    } finally {
      this.dispatch({ kind: 'drainWaitEnded' });
    }
  }

  /**
   * Waits while the current pause stays parked. The first branch that waits
   * on a pause with a timeout holds its one timer and applies the timeout.
   * Not `async`, for the reason `checkpoint()` gives: one pending promise
   * while parked instead of two, settled in the same microtask turn.
   */
  private waitWhileParked(): Promise<void> {
    const { phase } = this.machine;
    if (phase.status !== 'paused') return Promise.resolve();
    const { number, deadlineMs } = phase.pause;
    const released = (): boolean => {
      const now = this.machine.phase;
      return now.status !== 'paused' || now.pause.number !== number;
    };
    if (deadlineMs === undefined || this.timerHeldFor === number) return condition(released).then(nothing);
    this.timerHeldFor = number;
    return condition(released, Math.max(1, deadlineMs - Date.now())).then((releasedInTime) => {
      if (!releasedInTime) this.dispatch({ kind: 'timeout', pauseNumber: number });
    });
  }

  /**
   * Registers the scope of an interruptible activity in flight: a pause with
   * `drain: 'interrupt'` cancels it. Release it once the activity settled.
   */
  registerInterruptible(scope: CancellationScope): { readonly interrupted: boolean; release(): void } {
    const entry = { interrupted: false };
    const interruptibles = (this.interruptibles ??= new Map());
    interruptibles.set(scope, entry);
    return {
      get interrupted() {
        return entry.interrupted;
      },
      release: () => interruptibles.delete(scope),
    };
  }

  /** `options` with this run's control state handed to the run it continues as. */
  continueAsNewOptions<O extends ContinueAsNewOptions>(options: O): O {
    const memo = {
      ...workflowInfo().memo,
      ...options.memo,
      [CONTROL_CARRY_OVER_MEMO_KEY]: carryOver(this.machine),
    };
    return { ...options, memo };
  }

  /** Memo for a child about to start: it reports to this run and inherits a pending pause. */
  childMemo(): Record<string, unknown> {
    const start = childStartState(this.machine, workflowInfo().workflowId);
    return { [CONTROL_PARENT_MEMO_KEY]: true, ...(start && { [CONTROL_CARRY_OVER_MEMO_KEY]: start }) };
  }

  /** Carries out an effect other than an event. */
  private carryOut(effect: Exclude<ControlEffect, { kind: 'emit' }>): void {
    switch (effect.kind) {
      case 'pauseChildren':
        return signalChildren(effect.workflowIds, (handle) => handle.signal(pauseSignal, effect.request));
      case 'resumeChildren':
        return signalChildren(effect.workflowIds, (handle) => handle.signal(resumeSignal, effect.request));
      case 'interruptActivities':
        for (const [scope, entry] of this.interruptibles ?? []) {
          entry.interrupted = true;
          scope.cancel();
        }
        return;
      case 'fail':
        throw ApplicationFailure.create({
          type: effect.errorType,
          message: effect.message,
          nonRetryable: true,
        });
      case 'cancelRun':
        // A workflow cannot request its own cancellation (the server refuses
        // it), so the cancellation is raised inside the workflow: cleanup
        // written for cancellation runs, and an uncaught one fails the run.
        throw new CancelledFailure(effect.message);
    }
  }
}

type ChildHandle = ReturnType<typeof getExternalWorkflowHandle>;

function signalChildren(workflowIds: string[], send: (handle: ChildHandle) => Promise<void>): void {
  for (const workflowId of workflowIds) {
    send(getExternalWorkflowHandle(workflowId)).catch((error: unknown) =>
      log.warn(`Could not reach child workflow ${workflowId}: ${String(error)}`),
    );
  }
}

function nothing(): void {}
