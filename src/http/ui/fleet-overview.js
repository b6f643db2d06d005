/**
 * The fleet overview above the task list: the caller's open tasks by
 * control status per workflow (`GET /api/v1/fleet/counts`), and the tasks
 * paused longest and draining longest, with their age.
 *
 * Requests are bounded: the counts are one request per refresh; the longest
 * are read every {@link LONGEST_EVERY} refreshes, with one list page of at
 * most {@link CANDIDATES} tasks per status (`paused`, `pausing`) and one
 * control-state read per task listed, so at most 2 + 2 × CANDIDATES
 * requests. With more tasks than that in a status, the longest is the
 * longest among the CANDIDATES most recently started, and the page says so.
 *
 * Browser zone.
 *
 * @module
 */
import { isMissingRoute, queryString, request } from './api.js';
import { duration, fillTable, say, taskLink, time } from './view.js';

/** Tasks per status whose control state is read to find the longest. */
const CANDIDATES = 10;
/** The longest are read at every this many refreshes of the overview (the first included). */
const LONGEST_EVERY = 5;

/** The age of a task's current pause, from its control state: since it parked, or since it was asked to. */
const SINCE = { paused: 'paused_at', pausing: 'pause_requested_at' };

/**
 * Wires the overview. `features.counts` says whether the server has the
 * counts route (it is set to `false` when it turns out to be missing), and
 * `features.list` whether it has the task list. Returns a function that
 * refreshes the overview, for the list's own refresh to call.
 */
export function startFleetOverview(features) {
  let refreshes = 0;
  return async () => {
    await showCounts(features);
    if (refreshes++ % LONGEST_EVERY === 0 && features.list) await showLongest();
  };
}

async function showCounts(features) {
  if (!features.counts) {
    say(
      'fleet-message',
      'The fleet counts are not available on this server (it has no GET /api/v1/fleet/counts).',
    );
    return;
  }
  try {
    const { counts } = await request('GET', '/api/v1/fleet/counts');
    fillTable(
      'fleet-counts',
      counts,
      (entry) => [entry.workflow, entry.running, entry.pausing, entry.paused, entry.server_paused ?? '—'],
      'No workflows.',
    );
    say('fleet-message', `Open tasks as of ${time(new Date())}.`);
  } catch (error) {
    if (isMissingRoute(error)) features.counts = false;
    say('fleet-message', error);
  }
}

/** Shows the task paused longest and the task draining longest (`pausing`), each with its age. */
async function showLongest() {
  try {
    const rows = await Promise.all(['paused', 'pausing'].map((status) => longestOf(status)));
    fillTable(
      'fleet-longest',
      rows.filter((entry) => entry.task),
      (entry) => [
        entry.status === 'paused' ? 'Paused longest' : 'Draining longest',
        taskLink(entry.task.task_id),
        entry.task.workflow,
        duration(entry.ageMs),
        entry.control.pause_reason,
        entry.among,
      ],
      'No task is paused or pausing.',
    );
  } catch (error) {
    say('fleet-message', error);
  }
}

/** The open task in `status` whose current pause is oldest, among {@link CANDIDATES} listed. */
async function longestOf(status) {
  const query = queryString({ control_status: status, workflow_status: 'Running', page_size: CANDIDATES });
  const page = await request('GET', `/api/v1/tasks${query}`);
  const now = Date.now();
  const read = await Promise.all(
    page.tasks.map(async (task) => {
      const path = `/api/v1/tasks/${encodeURIComponent(task.task_id)}/control-state`;
      const control = await request('GET', path).catch(() => undefined);
      const since = Date.parse(control?.[SINCE[status]] ?? '');
      // A task that left the status since visibility listed it is not what the row is about.
      return control?.status === status && !Number.isNaN(since)
        ? { task, control, ageMs: now - since }
        : undefined;
    }),
  );
  const longest = read.filter(Boolean).sort((a, b) => b.ageMs - a.ageMs)[0];
  const listed = page.tasks.length;
  const among = page.next_page_token
    ? `the ${CANDIDATES} started last`
    : `${listed} ${listed === 1 ? 'task' : 'tasks'}`;
  return { status, ...longest, among };
}
