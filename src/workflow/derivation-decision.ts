/**
 * When a run decides how readers read its control events: derived from its
 * signals and updates, or recorded one by one (as runs of versions before
 * derivation did). The decision is a `patched()` marker, and a marker costs
 * history events (the `MarkerRecorded` and the `TemporalChangeVersion`
 * search attribute the SDK upserts beside it), so it is taken at the run's
 * first control event: a run that never has one carries none. Runs of
 * earlier versions decided in the task that installed the control; their
 * marker is looked for there on replay.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import { patched, workflowInfo } from '@temporalio/workflow';
import { DERIVED_EVENTS_AT_FIRST_EVENT_PATCH, DERIVED_EVENTS_PATCH } from '../control/recording';

/** The decision of one run, taken once. */
export class DerivationDecision {
  private decided = false;
  /**
   * The history length from which readers derive what a task processes
   * (`undefined` in a run that records every event).
   */
  private derivesFrom: number | undefined;

  /** Created with the control: finds the marker of a run that decided there. */
  constructor() {
    // Asked only while replaying: then it writes nothing unless this task has the marker.
    // Readers derive from the next task on.
    if (workflowInfo().unsafe.isReplaying && patched(DERIVED_EVENTS_PATCH)) {
      this.decide(workflowInfo().historyLength + 1);
    }
  }

  /** Called before each control event is published: the first one decides, readers derive from its task on. */
  beforeEvent(): void {
    if (this.decided) return;
    this.decide(patched(DERIVED_EVENTS_AT_FIRST_EVENT_PATCH) ? workflowInfo().historyLength : undefined);
  }

  /** True when the run derives: its recorded events carry what readers need to go on. */
  get derives(): boolean {
    return this.derivesFrom !== undefined;
  }

  /** True when readers derive what the current task processes. */
  derivesNow(): boolean {
    return this.derivesFrom !== undefined && workflowInfo().historyLength >= this.derivesFrom;
  }

  private decide(derivesFrom: number | undefined): void {
    this.decided = true;
    this.derivesFrom = derivesFrom;
  }
}
