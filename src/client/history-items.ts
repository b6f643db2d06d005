/**
 * Decodes the history events that say something about a run's control
 * events into the items the pure derivation reads: the run's start (its
 * carried state and owner), the derivation marker, workflow task starts and
 * completions, control signals, accepted pause and resume updates,
 * recorded events, and the Temporal server's own pauses and unpauses.
 * Payloads go through the client's data converter.
 *
 * Node zone.
 *
 * @module
 */
import type { LoadedDataConverter } from '@temporalio/common';
import {
  childControlStateSignal,
  pauseSignal,
  pauseUpdate,
  resumeSignal,
  resumeUpdate,
} from '../common/definitions';
import {
  CONTROL_CARRY_OVER_MEMO_KEY,
  CONTROL_DERIVATION_MEMO_KEY,
  CONTROL_EVENT_MEMO_KEY,
  type ControlDerivationRecord,
} from '../common/memo';
import { withoutUndefined } from '../common/objects';
import { OWNER_MEMO_KEY, ownerFromMemo } from '../common/ownership';
import { decodeOptionalSinglePayload } from '../common/payloads';
import type { ControlEvent } from '../common/types';
import type { ControlHistoryItem } from '../control/history-item';
import { derivesFromMarkerTask } from '../control/recording';
import type { HistoryEvent } from './history-follower';

/** The marker name the SDK gives `patched()` markers. */
const PATCH_MARKER_NAME = 'core_patch';
/** The marker detail that holds the patch id, as JSON. */
const PATCH_MARKER_DETAILS_KEY = 'patch-data';

const SIGNALS: Record<string, 'pause' | 'resume' | 'childReport'> = {
  [pauseSignal.name]: 'pause',
  [resumeSignal.name]: 'resume',
  [childControlStateSignal.name]: 'childReport',
};
const UPDATES: Record<string, 'pause' | 'resume'> = {
  [pauseUpdate.name]: 'pause',
  [resumeUpdate.name]: 'resume',
};

/**
 * The item `event` is for the control events, or `undefined` when it says
 * nothing about them.
 *
 * @example
 * ```ts
 * const item = await controlHistoryItem(client.options.loadedDataConverter, event);
 * ```
 */
export async function controlHistoryItem(
  converter: LoadedDataConverter,
  event: HistoryEvent,
): Promise<ControlHistoryItem | undefined> {
  const decode = <T>(payload: Parameters<typeof decodeOptionalSinglePayload>[1]) =>
    decodeOptionalSinglePayload<T>(converter, payload);
  const started = event.workflowExecutionStartedEventAttributes;
  if (started) {
    const fields = started.memo?.fields;
    return {
      kind: 'runStarted',
      carried: await decode(fields?.[CONTROL_CARRY_OVER_MEMO_KEY]),
      owner: ownerFromMemo({ [OWNER_MEMO_KEY]: await decode(fields?.[OWNER_MEMO_KEY]) }),
    };
  }
  const serverPause =
    event.workflowExecutionPausedEventAttributes ?? event.workflowExecutionUnpausedEventAttributes;
  if (serverPause) {
    return withoutUndefined<ControlHistoryItem>({
      kind: 'serverPause',
      paused: Boolean(event.workflowExecutionPausedEventAttributes),
      atMs: eventTimeMs(event),
      identity: serverPause.identity || undefined,
      reason: serverPause.reason || undefined,
    });
  }
  if (event.workflowTaskStartedEventAttributes) return { kind: 'taskStarted', atMs: eventTimeMs(event) };
  if (event.workflowTaskCompletedEventAttributes) return { kind: 'taskCompleted' };
  const fromItsTask = derivationMarker(event);
  if (fromItsTask !== undefined) return { kind: 'marker', fromItsTask };
  const signaled = event.workflowExecutionSignaledEventAttributes;
  const signal = signaled?.signalName ? SIGNALS[signaled.signalName] : undefined;
  if (signal) return { kind: 'signal', name: signal, request: await decode(signaled?.input?.payloads?.[0]) };
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
  const update = accepted?.name ? UPDATES[accepted.name] : undefined;
  if (update) return { kind: 'update', name: update, request: await decode(accepted?.args?.payloads?.[0]) };
  const memo = event.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields;
  const recorded = await decode<ControlEvent>(memo?.[CONTROL_EVENT_MEMO_KEY]);
  if (!recorded) return undefined;
  const derivation = await decode<ControlDerivationRecord>(memo?.[CONTROL_DERIVATION_MEMO_KEY]);
  return derivation
    ? { kind: 'recorded', event: recorded, derivation }
    : { kind: 'recorded', event: recorded };
}

/**
 * For a `patched()` marker that says a run derives its events, whether
 * readers derive what the marker's task processed; `undefined` for any
 * other event.
 */
function derivationMarker(event: HistoryEvent): boolean | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== PATCH_MARKER_NAME) return undefined;
  const data = marker.details?.[PATCH_MARKER_DETAILS_KEY]?.payloads?.[0]?.data;
  if (!data) return undefined;
  try {
    return derivesFromMarkerTask((JSON.parse(Buffer.from(data).toString('utf8')) as { id?: unknown }).id);
  } catch {
    return undefined;
  }
}

/** The time of `event` in ms since the epoch, as the workflow's clock reads it. */
export function eventTimeMs(event: HistoryEvent): number {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  const nanos = event.eventTime?.nanos ?? 0;
  return seconds * 1000 + Math.floor(nanos / 1e6);
}
