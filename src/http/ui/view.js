/**
 * Small DOM helpers of the dashboard: messages, table rows, times. Text is
 * always set as text (never as HTML), so nothing the API returns can inject
 * markup.
 *
 * Browser zone.
 *
 * @module
 */
import { ApiError } from './api.js';

/** The element with id `id`; throws when the page lacks it. */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The dashboard page has no element #${id}`);
  return element;
}

/**
 * Shows `text` in the message element `id` (an `aria-live` region); `kind`
 * `error` marks it as one. An {@link ApiError} is shown as the API said it.
 *
 * @param {string} id
 * @param {string | Error} what
 * @param {'info' | 'error'} [kind]
 */
export function say(id, what, kind = what instanceof Error ? 'error' : 'info') {
  const element = byId(id);
  element.textContent = what instanceof Error ? describeError(what) : what;
  element.classList.toggle('error', kind === 'error');
}

/** An error as the user should read it: an API refusal in the API's own words. */
export function describeError(error) {
  if (error instanceof ApiError) return `Error ${error.toString()}`;
  return `Error: ${error.message}`;
}

/**
 * Replaces the rows of the `<tbody>` of table `id` with one row per item;
 * `cells(item)` gives each row's cells, as text or as DOM nodes.
 * `empty` is the one-cell row shown when there are none.
 */
export function fillTable(id, items, cells, empty) {
  const body = byId(id).tBodies[0];
  const rows = items.map((item) => row(cells(item)));
  if (rows.length === 0) {
    const cell = document.createElement('td');
    cell.colSpan = byId(id).tHead?.rows[0]?.cells.length ?? 1;
    cell.textContent = empty;
    const emptyRow = document.createElement('tr');
    emptyRow.append(cell);
    rows.push(emptyRow);
  }
  body.replaceChildren(...rows);
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const content of cells) {
    const cell = document.createElement('td');
    if (content instanceof Node) cell.append(content);
    else cell.textContent = content ?? '—';
    tr.append(cell);
  }
  return tr;
}

/** A link to the page of task `taskId`. */
export function taskLink(taskId) {
  const link = document.createElement('a');
  link.href = `#task/${encodeURIComponent(taskId)}`;
  link.textContent = taskId;
  return link;
}

/** An ISO-8601 time in the reader's locale, or `—`. */
export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A duration in milliseconds, short: `1.2 s`, `3 min`. */
export function duration(ms) {
  if (typeof ms !== 'number') return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/**
 * The parsed JSON of text field `id`, or `undefined` when it is empty;
 * throws an error naming the field when the text is not JSON.
 */
export function jsonField(id, label) {
  const text = byId(id).value.trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${label} is not valid JSON: ${error.message}`);
  }
}

/**
 * Runs `action` when form `id` is submitted (never a page load), with the
 * button that submitted it; its errors go to message element `messageId`.
 */
export function onSubmit(id, messageId, action) {
  byId(id).addEventListener('submit', (event) => {
    event.preventDefault();
    // An action that throws before its first await is caught as well.
    new Promise((resolve) => resolve(action(event.submitter))).catch((error) => say(messageId, error));
  });
}

/**
 * Calls `tick` now and every `everyMs` while the page is visible (and at
 * once when it becomes visible again), one call at a time; `tick` shows its
 * own errors. Returns a function that stops it.
 */
export function whileVisible(tick, everyMs) {
  let timer;
  let running = false;
  let stopped = false;
  const run = () => {
    clearTimeout(timer);
    if (stopped || running || document.visibilityState !== 'visible') return;
    running = true;
    Promise.resolve(tick())
      .catch(() => {})
      .finally(() => {
        running = false;
        if (!stopped) timer = setTimeout(run, everyMs);
      });
  };
  document.addEventListener('visibilitychange', run);
  run();
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', run);
  };
}
