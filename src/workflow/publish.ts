/**
 * Makes a control event public: one memo upsert that carries the event
 * (durable in the history, where readers find it) and the summary that
 * describe and list show, unless readers derive the event from the history
 * itself; the status and pause-request search attributes when configured; and a report
 * to the parent that started this workflow through the library.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import {
  getExternalWorkflowHandle,
  log,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { childControlStateSignal } from '../common/definitions';
import {
  CONTROL_DERIVATION_MEMO_KEY,
  CONTROL_EVENT_MEMO_KEY,
  CONTROL_PARENT_MEMO_KEY,
  CONTROL_STATE_MEMO_KEY,
} from '../common/memo';
import { withoutUndefined } from '../common/objects';
import type { ChildControlState, ControlEvent, ControlStatus } from '../common/types';
import type { MachineState } from '../control/state';
import type { Recording } from '../control/recording';
import { controlSummary } from '../control/summary';
import type { EmittedEvent } from '../control/inputs';

/** The names of the search attributes a run publishes its control status and current pause's `requestId` to. */
export interface PublishedSearchAttributes {
  status: string | undefined;
  pauseRequest: string | undefined;
}

/** Publishes the events of one workflow run. */
export class EventPublisher {
  /** The status and pause request id last written to the search attributes (they start unset). */
  private published: { status: ControlStatus; pauseRequest: string | undefined } | undefined;

  constructor(private readonly searchAttributes: () => PublishedSearchAttributes) {}

  /** Publishes `event`, emitted by the transition that led to `state`. */
  publish(event: EmittedEvent, state: MachineState, recording: Recording): void {
    if (recording !== 'derived') {
      const { workflowId, runId } = workflowInfo();
      const recorded: ControlEvent = { ...event, workflow_id: workflowId, run_id: runId };
      upsertMemo({
        [CONTROL_STATE_MEMO_KEY]: controlSummary(state),
        [CONTROL_EVENT_MEMO_KEY]: recorded,
        ...(recording !== 'recorded' && { [CONTROL_DERIVATION_MEMO_KEY]: recording }),
      });
    }
    this.publishSearchAttributes(state);
    reportToParent(state);
  }

  /** Writes the status and the current pause's `requestId`, in one upsert, when either changed. */
  private publishSearchAttributes({ phase }: MachineState): void {
    const names = this.searchAttributes();
    const status = phase.status;
    const pauseRequest =
      names.pauseRequest === undefined || phase.status === 'running'
        ? undefined
        : phase.pause.request.requestId;
    const previous = this.published;
    if (previous?.status === status && previous.pauseRequest === pauseRequest) return;
    this.published = { status, pauseRequest };
    const keyword = (name: string) => defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);
    const updates = [
      ...(names.status === undefined ? [] : [{ key: keyword(names.status), value: status }]),
      ...(names.pauseRequest === undefined
        ? []
        : [{ key: keyword(names.pauseRequest), value: pauseRequest ?? null }]),
    ];
    if (updates.length > 0) upsertSearchAttributes(updates);
  }
}

/** Tells the parent this child's status, when the parent started it through the library. */
function reportToParent(state: MachineState): void {
  const { parent, memo, workflowId } = workflowInfo();
  if (!parent || memo?.[CONTROL_PARENT_MEMO_KEY] !== true) return;
  const { phase } = state;
  const report: ChildControlState = withoutUndefined({
    workflowId,
    status: phase.status,
    checkpoint: phase.status === 'paused' ? phase.pause.checkpoint : undefined,
  });
  getExternalWorkflowHandle(parent.workflowId)
    .signal(childControlStateSignal, report)
    .catch((error: unknown) => log.warn(`Could not report to parent ${parent.workflowId}: ${String(error)}`));
}
