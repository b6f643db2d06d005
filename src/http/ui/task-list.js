/**
 * The list half of the dashboard: the fleet overview, the task list from visibility (filtered,
 * paged, refreshed while the page is visible), bulk pause and resume of
 * what the filter matches (a server-side batch), and holds on new runs.
 * Parts whose routes this server lacks say so instead.
 *
 * Browser zone.
 *
 * @module
 */
import { isMissingRoute, queryString, request } from './api.js';
import { startFleetOverview } from './fleet-overview.js';
import { byId, fillTable, onSubmit, say, taskLink, time, whileVisible } from './view.js';

const PAGE_SIZE = 20;
const REFRESH_MS = 3000;
const BATCH_POLL_MS = 1000;

/**
 * The visibility query of `filter` for a bulk action: a filter without a
 * workflow status acts on running tasks only (closed ones cannot be paused
 * or resumed). The server narrows it further to the caller's own tasks.
 *
 * @example
 * ```js
 * bulkQuery({ workflow: 'research', control_status: 'running' });
 * // "WorkflowType = 'research' AND CheckpointStatus = 'running' AND ExecutionStatus = 'Running'"
 * ```
 */
export function bulkQuery(filter) {
  const quoted = (value) => `'${String(value).replace(/['\\]/g, '\\$&')}'`;
  const clauses = [];
  if (filter.workflow) clauses.push(`WorkflowType = ${quoted(filter.workflow)}`);
  if (filter.control_status) clauses.push(`CheckpointStatus = ${quoted(filter.control_status)}`);
  clauses.push(`ExecutionStatus = ${quoted(filter.workflow_status || 'Running')}`);
  return clauses.join(' AND ');
}

/**
 * Wires the list half of the page. `features` says which routes the server
 * has (`list`, `counts`, `batches`, `holds`); it is updated when a route turns out to
 * be missing. Returns a function that refreshes the list at once.
 */
export function startTaskList(features) {
  let filter = readFilter();
  /** The page tokens of the pages before and including the one shown (`undefined`: the first). */
  let pages = [undefined];
  let nextToken = null;
  /** The list request whose answer the table is to show. */
  let shownPath = '';

  const unavailable = (what, route) => `${what} is not available on this server (it has no ${route}).`;

  const load = async () => {
    if (!features.list) {
      say('list-message', unavailable('The task list', 'GET /api/v1/tasks') + ' Open a task by id below.');
      return;
    }
    const path = `/api/v1/tasks${queryString({ ...filter, page_size: PAGE_SIZE, page_token: pages.at(-1) })}`;
    shownPath = path;
    try {
      const page = await request('GET', path);
      // A refresh that was on its way when the filter or the page changed answers a question no longer asked.
      if (path !== shownPath) return;
      nextToken = page.next_page_token ?? null;
      fillTable(
        'task-table',
        page.tasks,
        (task) => [
          taskLink(task.task_id),
          task.workflow,
          task.workflow_status,
          task.control_status,
          time(task.started_at),
        ],
        'No task matches the filter.',
      );
      byId('page-next').disabled = nextToken === null;
      byId('page-first').disabled = pages.length === 1;
      say('list-message', `Page ${pages.length}: ${page.tasks.length} tasks, as of ${time(new Date())}.`);
    } catch (error) {
      if (path !== shownPath) return;
      if (isMissingRoute(error)) features.list = false;
      say('list-message', error);
    }
  };

  const showQuery = () => (byId('bulk-query').textContent = bulkQuery(filter));
  onSubmit('filter-form', 'list-message', () => {
    filter = readFilter();
    pages = [undefined];
    showQuery();
    return load();
  });
  byId('page-next').addEventListener('click', () => {
    if (nextToken === null) return;
    pages.push(nextToken);
    void load();
  });
  byId('page-first').addEventListener('click', () => {
    pages = [undefined];
    void load();
  });
  showQuery();

  onSubmit('bulk-form', 'bulk-message', async (button) => {
    if (!features.batches) {
      say('bulk-message', unavailable('Bulk pause and resume', 'POST /api/v1/batches'), 'error');
      return;
    }
    const action = button?.value === 'resume' ? 'resume' : 'pause';
    const reason = byId('bulk-reason').value.trim();
    const body = { action, query: bulkQuery(filter), ...(action === 'pause' && reason ? { reason } : {}) };
    try {
      const batch = await request('POST', '/api/v1/batches', body);
      say('bulk-message', `Batch ${batch.batch_id} (${action}) started on: ${batch.query}`);
      await followBatch(batch.batch_id, action);
    } catch (error) {
      if (isMissingRoute(error)) features.batches = false;
      throw error;
    }
    void load();
  });

  const renderHolds = startHolds(features, unavailable);
  const showOverview = startFleetOverview(features);
  const refresh = async () => {
    if (byId('list-view').hidden) return;
    await Promise.all([showOverview(), load()]);
    await renderHolds();
  };
  whileVisible(refresh, REFRESH_MS);
  return refresh;
}

/** Shows the progress of batch `batchId` until it is no longer running. */
async function followBatch(batchId, action) {
  for (;;) {
    const batch = await request('GET', `/api/v1/batches/${encodeURIComponent(batchId)}`);
    const counts = `${batch.succeeded} of ${batch.total} succeeded, ${batch.failed} failed`;
    say('bulk-message', `Batch ${batchId} (${action}): ${batch.state}, ${counts}.`);
    if (batch.state !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, BATCH_POLL_MS));
  }
}

/** Holds on new runs: the list, a form to create one, a button to release each. Returns what renders the list. */
function startHolds(features, unavailable) {
  const render = async () => {
    if (!features.holds) {
      say('hold-message', unavailable('Holds', '/api/v1/holds'));
      return;
    }
    try {
      const { holds } = await request('GET', '/api/v1/holds');
      const items = holds.map((hold) => {
        const item = listItem(
          `${hold.workflow}: ${hold.reason || '(no reason)'}, since ${time(hold.created_at)}, holding ${hold.held} `,
        );
        const release = document.createElement('button');
        release.type = 'button';
        release.textContent = `Release hold on ${hold.workflow}`;
        release.addEventListener('click', () => void releaseHold(hold));
        item.append(release);
        return item;
      });
      byId('hold-list').replaceChildren(...items);
      if (items.length === 0) byId('hold-list').append(listItem('No holds: new runs start at once.'));
    } catch (error) {
      if (isMissingRoute(error)) features.holds = false;
      say('hold-message', error);
    }
  };
  const releaseHold = async (hold) => {
    try {
      const released = await request('DELETE', `/api/v1/holds/${encodeURIComponent(hold.hold_id)}`);
      say('hold-message', `Released the hold on ${hold.workflow}: ${released.released} tasks resumed.`);
    } catch (error) {
      say('hold-message', error);
    }
    await render();
  };
  onSubmit('hold-form', 'hold-message', async () => {
    if (!features.holds) return render();
    const workflow = byId('hold-workflow').value;
    const reason = byId('hold-reason').value.trim();
    const hold = await request('POST', '/api/v1/holds', { workflow, ...(reason ? { reason } : {}) });
    await render();
    say('hold-message', `New runs of ${hold.workflow} are held (hold ${hold.hold_id}).`);
  });
  return render;
}

function listItem(text) {
  const item = document.createElement('li');
  item.textContent = text;
  return item;
}

function readFilter() {
  return {
    workflow: byId('filter-workflow').value,
    control_status: byId('filter-control').value,
    workflow_status: byId('filter-status').value,
  };
}
