/**
 * The task half of the dashboard: one task's workflow and control state,
 * its children and audit list (refreshed while the page is visible), a
 * timeline of its control events as the SSE stream delivers them, and the
 * pause, resume and cancel actions. The timeline is drawn as bars too
 * (running, pausing, paused and server-paused spans) from the same events.
 *
 * Browser zone.
 *
 * @module
 */
import { request } from './api.js';
import { followEvents } from './event-stream.js';
import { drawBars, spansOf } from './timeline-bars.js';
import { byId, duration, fillTable, jsonField, onSubmit, say, taskLink, time, whileVisible } from './view.js';

const REFRESH_MS = 2000;

/**
 * One line for where a task stands: `running`, `pausing`, `paused at
 * iteration_1`, or how it closed (`completed`).
 *
 * @example
 * ```js
 * summaryOf({ status: 'running', control: { status: 'paused', checkpoint: 'iteration_1' } });
 * // 'paused at iteration_1'
 * ```
 */
export function summaryOf(task) {
  const control = task.control ?? {};
  if (task.status !== 'running') return task.status;
  if (control.server_paused) return 'paused by the Temporal server';
  if (control.status === 'paused') return `paused at ${control.checkpoint ?? 'a checkpoint'}`;
  return control.status ?? 'running';
}

/** The summary right after `event`, or `undefined` when the event does not change it. */
function summaryAfter(event) {
  switch (event.type) {
    case 'workflow.pausing':
      return 'pausing';
    case 'workflow.paused':
      return `paused at ${event.checkpoint}`;
    case 'workflow.resumed':
      return 'running';
    case 'workflow.server_paused':
      return 'paused by the Temporal server';
    case 'workflow.completed':
      return 'completed';
    case 'workflow.failed':
      return 'failed';
    case 'workflow.cancelled':
      return 'cancelled';
    default:
      return undefined;
  }
}

/**
 * Wires the task page's actions once. Returns `open(taskId)`, which shows
 * a task (following its events until the next `open` or `close`), and
 * `close()`.
 */
export function createTaskPage() {
  let current;

  const taskPath = (suffix = '') => `/api/v1/tasks/${encodeURIComponent(current.taskId)}${suffix}`;
  const refresh = async () => {
    if (!current) return;
    const shown = current;
    try {
      const task = await request('GET', taskPath());
      if (shown !== current) return;
      render(task);
      shown.times = { startedAt: task.start_time, closedAt: task.close_time };
      redrawBars(shown);
    } catch (error) {
      if (shown === current) say('task-message', error);
    }
  };
  const act = async (action, body) => {
    if (!current) return;
    const answer = await request('POST', taskPath(`/${action}`), body);
    say('task-message', answer.message);
    await refresh();
  };

  onSubmit('pause-form', 'task-message', () => {
    const reason = byId('pause-reason').value.trim();
    const timeout = byId('pause-timeout').value.trim();
    return act('pause', {
      ...(reason ? { reason } : {}),
      ...(timeout ? { timeout, on_timeout: byId('pause-on-timeout').value } : {}),
    });
  });
  onSubmit('resume-form', 'task-message', () => {
    // Checked here, so that malformed JSON is never sent.
    const input = jsonField('resume-input', 'The resume input');
    return act('resume', input === undefined ? {} : { input });
  });
  byId('cancel-button').addEventListener('click', () => {
    act('cancel').catch((error) => say('task-message', error));
  });

  const close = () => {
    current?.stop.abort();
    current?.stopPolling();
    current = undefined;
  };

  const open = (taskId) => {
    close();
    const stop = new AbortController();
    byId('task-id').textContent = taskId;
    byId('timeline').replaceChildren();
    byId('timeline-bars').replaceChildren();
    for (const id of ['task-summary', 'task-message', 'timeline-message']) say(id, '');
    current = { taskId, stop, stopPolling: () => {}, events: [], times: {} };
    const shown = current;
    current.stopPolling = whileVisible(refresh, REFRESH_MS);
    followEvents(taskId, {
      signal: stop.signal,
      onEvent: (event, id) => {
        byId('timeline').append(timelineItem(event, id));
        shown.events.push(event);
        redrawBars(shown);
        const summary = summaryAfter(event);
        if (summary) say('task-summary', summary);
        void refresh();
      },
      onConnection: (state) => {
        const text = { open: 'Live.', lost: 'Connection lost; reconnecting…', closed: 'The task has ended.' };
        say('timeline-message', text[state] ?? '');
      },
    }).catch((error) => shown === current && say('timeline-message', error));
  };

  return { open, close };
}

function render(task) {
  const control = task.control ?? {};
  const fields = {
    workflow: task.workflow ?? task.workflow_type,
    status: task.status,
    control_status: control.status,
    checkpoint: control.checkpoint,
    in_flight_activities: control.in_flight_activities,
    pause_reason: control.pause_reason,
    deadline: control.deadline ? `${time(control.deadline)} (then ${control.on_timeout})` : null,
    start_time: time(task.start_time),
    close_time: time(task.close_time),
  };
  for (const cell of byId('task-details').querySelectorAll('dd[data-field]')) {
    const value = fields[cell.dataset.field];
    cell.textContent = value === null || value === undefined ? '—' : String(value);
  }
  say('task-summary', summaryOf(task));
  fillTable(
    'children-table',
    control.children ?? [],
    (child) => [taskLink(child.workflow_id), child.status, child.checkpoint],
    'No children.',
  );
  fillTable(
    'audit-table',
    control.history ?? [],
    (entry) => [
      time(entry.requested_at),
      entry.requested_by,
      entry.reason,
      entry.checkpoint,
      duration(entry.paused_ms),
      entry.outcome,
      entry.resumed_by,
    ],
    'No past pauses.',
  );
}

/** Draws the bars of the task `shown` from its events so far; an open span reaches its close or now. */
function redrawBars(shown) {
  const { startedAt, closedAt } = shown.times;
  const now = closedAt ? new Date(closedAt) : new Date();
  drawBars(byId('timeline-bars'), spansOf(shown.events, { startedAt, now }));
}

/**
 * A timeline entry: `#2 12:00:01 workflow.paused at iteration_1 — "reason" by alice`, numbered by
 * the event's stream `id` (`#2.1` for a server pause event, which names the client that paused).
 */
function timelineItem(event, id) {
  const item = document.createElement('li');
  const when = document.createElement('time');
  when.dateTime = event.timestamp;
  when.textContent = time(event.timestamp);
  const parts = [` ${event.type}`];
  if (event.checkpoint) parts.push(`at ${event.checkpoint}`);
  if (event.reason) parts.push(`— "${event.reason}"`);
  const by = event.requested_by ?? event.identity;
  if (by) parts.push(`by ${by}`);
  if (typeof event.paused_ms === 'number') parts.push(`after ${duration(event.paused_ms)} paused`);
  item.append(`#${id ?? event.seq} `, when, parts.join(' '));
  return item;
}
