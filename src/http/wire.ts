/**
 * Conversions from the library's camelCase types to the API's snake_case
 * response bodies, typed by their published schemas (the request bodies are
 * decoded in `request-bodies.ts`).
 *
 * Node zone.
 *
 * @module
 */
import type { CurrentControl } from '../client/memo-summary';
import type { TaskStatus } from '../client/task-control';
import type { ControlState, PauseRecord } from '../common/types';
import { controlStateView } from '../control/state';
import type { responseSchemas, ResponseSchemaName } from './schemas/response-schemas';
import type { SchemaValue } from './schemas/schema-value';

/**
 * The body a response of schema `Name` carries, as its schema types it.
 *
 * @example
 * ```ts
 * const accepted: ResponseBody<'Accepted'> = { success: true, message: 'Resume signal sent', task_id: 'report-42' };
 * ```
 */
export type ResponseBody<Name extends ResponseSchemaName> = SchemaValue<
  (typeof responseSchemas)[Name],
  typeof responseSchemas
>;

/** The control state as `GET /api/v1/tasks/{id}/control-state` sends it: its schema's type. */
export type ControlStateBody = ResponseBody<'ControlState'>;

/** The body of `GET /api/v1/tasks/{id}`: its schema's type. */
export type TaskStatusBody = ResponseBody<'TaskStatus'>;

/** The control state of a running task, from its query. */
export function controlStateBody(state: ControlState): ControlStateBody {
  return {
    status: state.status,
    is_paused: state.status === 'paused',
    is_cancelled: false,
    server_paused: false,
    cancel_pending: false,
    checkpoint: state.checkpoint ?? null,
    pause_reason: state.reason ?? null,
    paused_by: state.requestedBy ?? null,
    paused_at: state.pausedAt ?? null,
    pause_requested_at: state.pauseRequestedAt ?? null,
    deadline: state.deadline ?? null,
    on_timeout: state.onTimeout ?? null,
    in_flight_activities: state.inFlightActivities,
    pause_count: state.pauseCount,
    total_paused_ms: state.totalPausedMs,
    last_event_seq: state.lastEventSeq,
    history: state.history.map(pauseRecordBody),
    children: (state.children ?? []).map((child) => ({
      workflow_id: child.workflowId,
      status: child.status,
      checkpoint: child.checkpoint ?? null,
    })),
    interrupted_activities: (state.interruptedActivities ?? []).map((activity) => ({
      activity_type: activity.activityType,
      progress: activity.progress ?? null,
      interrupted_at: activity.interruptedAt,
    })),
  };
}

/**
 * The control state of a task that answers no query, from the summary in its
 * memo and the state its history reads to: a closed task (it answers
 * queries only through a worker replaying it), or one the Temporal server
 * holds paused (it answers none). The pause's details (who asked, its
 * deadline and policy) come from the history's state while that state
 * agrees with the summary, and so does the audit list (as a reader keeps
 * it: the workflow's default length).
 */
export function memoControlStateBody(
  { summary, state }: CurrentControl,
  {
    cancelled,
    serverPaused,
    cancelPending,
  }: { cancelled: boolean; serverPaused: boolean; cancelPending: boolean },
): ControlStateBody {
  const status = summary?.status ?? 'running';
  const view = state && controlStateView(state);
  const pause = view && status !== 'running' && view.status === status ? view : undefined;
  return {
    status,
    is_paused: serverPaused || status === 'paused',
    is_cancelled: cancelled,
    server_paused: serverPaused,
    cancel_pending: cancelPending,
    checkpoint: summary?.checkpoint ?? null,
    pause_reason: summary?.reason ?? null,
    paused_by: pause?.requestedBy ?? null,
    paused_at: summary?.pausedAt ?? null,
    pause_requested_at: pause?.pauseRequestedAt ?? null,
    deadline: pause?.deadline ?? null,
    on_timeout: pause?.onTimeout ?? null,
    in_flight_activities: null,
    pause_count: view?.pauseCount ?? null,
    total_paused_ms: view?.totalPausedMs ?? null,
    last_event_seq: summary?.lastEventSeq ?? 0,
    history: (view?.history ?? []).map(pauseRecordBody),
    children: [],
    interrupted_activities: [],
  };
}

/** The body of `GET /api/v1/tasks/{id}`. */
export function taskStatusBody(
  status: TaskStatus,
  workflow: string | null,
  control: ControlStateBody,
): TaskStatusBody {
  return {
    task_id: status.workflowId,
    run_id: status.runId,
    workflow,
    workflow_type: status.workflowType,
    status: status.status,
    server_paused: status.serverPaused,
    start_time: status.startTime.toISOString(),
    close_time: status.closeTime?.toISOString() ?? null,
    control,
  };
}

function pauseRecordBody(record: PauseRecord): ResponseBody<'PauseRecord'> {
  return {
    reason: record.reason ?? null,
    requested_by: record.requestedBy ?? null,
    checkpoint: record.checkpoint ?? null,
    requested_at: record.requestedAt,
    paused_at: record.pausedAt ?? null,
    ended_at: record.endedAt,
    paused_ms: record.pausedMs,
    resumed_by: record.resumedBy ?? null,
    outcome: record.outcome,
  };
}
