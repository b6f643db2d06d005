/**
 * The recording policy: which control events a run records in its history
 * and which its readers derive, and how a run says which it does. The
 * workflow asks it before each event it publishes (`RunControl`), readers
 * ask it for each signal and update they read (./derivation.ts); so this
 * file is the one place where the two sides agree.
 *
 * - A run that derives carries a `patched()` marker. Runs of this version
 *   write it in the task of their first control event
 *   ({@link DERIVED_EVENTS_AT_FIRST_EVENT_PATCH}), so a run never paused
 *   carries none; runs of earlier versions wrote it in the task that
 *   installed the control ({@link DERIVED_EVENTS_PATCH}).
 * - In such a run, the `workflow.pausing` and `workflow.resumed` that a
 *   pause or resume signal or update causes are derived
 *   ({@link derivesFrom}, {@link DERIVED_EVENT_TYPES}); every other event is
 *   recorded with the state after it ({@link derivationRecord}).
 * - A run without a marker recorded every event, as runs before derivation
 *   did.
 *
 * Anywhere zone, pure: no Temporal API, no clock.
 *
 * @module
 */
import type { ControlDerivationRecord } from '../common/memo';
import type { ControlEventType } from '../common/types';
import type { ControlInput, EmittedEvent } from './inputs';
import { carryOver, type MachineState } from './state';

/**
 * Recorded in the workflow task of the run's first control event, so that
 * a run that never has one carries no marker. Readers derive what that
 * task processed.
 */
export const DERIVED_EVENTS_AT_FIRST_EVENT_PATCH = 'temporal-checkpoint.derived-events-at-first-event';

/**
 * The marker of earlier versions, recorded in the task that installed the
 * control, in every run. What that task processed was recorded; readers
 * derive from the next task on. Those histories still replay and read.
 */
export const DERIVED_EVENTS_PATCH = 'temporal-checkpoint.derived-events';

/**
 * Whether readers derive what the task of a marker with patch id `id`
 * processed (`true`), only from the next task on (`false`), or `id` is no
 * derivation marker (`undefined`).
 */
export function derivesFromMarkerTask(id: unknown): boolean | undefined {
  if (id === DERIVED_EVENTS_AT_FIRST_EVENT_PATCH) return true;
  if (id === DERIVED_EVENTS_PATCH) return false;
  return undefined;
}

/** Where a pause or resume request came from. */
export type RequestOrigin = 'signal' | 'update';

/**
 * Whether readers derive the events that `input`, sent as a `origin`,
 * causes (in a run that derives): pauses and resumes, except a resume
 * signal with an `input` (the workflow's own `validateResumeInput`, which
 * no reader has, may refuse it, so its outcome is recorded).
 */
export function derivesFrom(origin: RequestOrigin | undefined, input: ControlInput): boolean {
  if (origin === undefined) return false;
  if (input.kind === 'pause') return true;
  return input.kind === 'resume' && (origin === 'update' || input.request.input === undefined);
}

/** The event types a derivable input's events may have without being recorded. */
export const DERIVED_EVENT_TYPES: ReadonlySet<ControlEventType> = new Set([
  'workflow.pausing',
  'workflow.resumed',
]);

/** What a recorded event carries for readers: the state after it, without the audit list. */
export function derivationRecord(via: ControlInput['kind'], state: MachineState): ControlDerivationRecord {
  return { via, state: { ...carryOver(state), audit: [] } };
}

/**
 * How an event is published: readers derive it from the history (no memo
 * upsert), or it is recorded (in a run that derives the others, with what
 * readers need to go on).
 */
export type Recording = 'derived' | 'recorded' | ControlDerivationRecord;

/** Where a run stands on derivation when it publishes an event. */
export interface RunDerivation {
  /** The run carries a derivation marker. */
  derives: boolean;
  /** Readers derive what the current workflow task processes (the marker is in it or before it). */
  derivesNow: boolean;
}

/**
 * How `event`, emitted for `input` (a request sent as `origin`, if any),
 * is published by a run that stands at `run`; `state` is the state after
 * the input.
 *
 * @example
 * ```ts
 * recordingOf(pausing, { kind: 'pause', request }, 'signal', { derives: true, derivesNow: true }, state); // 'derived'
 * ```
 */
export function recordingOf(
  event: EmittedEvent,
  input: ControlInput,
  origin: RequestOrigin | undefined,
  run: RunDerivation,
  state: MachineState,
): Recording {
  if (run.derivesNow && derivesFrom(origin, input) && DERIVED_EVENT_TYPES.has(event.type)) return 'derived';
  return run.derives ? derivationRecord(input.kind, state) : 'recorded';
}
