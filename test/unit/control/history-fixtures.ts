/** The run, clock and workflow tasks the derivation tests build history items with. */
import type { ControlHistoryItem } from '../../../src/control/history-item';

/** The run the items belong to. */
export const RUN = { workflowId: 'wf', runId: 'run-1' };
/** Minute 0 of the tests' clock. */
export const T0 = Date.UTC(2026, 0, 1);
/** The time `minutes` after {@link T0}, in ms. */
export const at = (minutes: number) => T0 + minutes * 60_000;

/** A workflow task that started at `minutes` and completed. */
export const task = (minutes: number): ControlHistoryItem[] => [
  { kind: 'taskStarted', atMs: at(minutes) },
  { kind: 'taskCompleted' },
];
