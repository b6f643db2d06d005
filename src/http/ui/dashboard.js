/**
 * The dashboard's entry module: asks for the API key (kept in
 * `sessionStorage` for the browser session), learns from the API's own
 * OpenAPI document which workflows and routes this server has, submits
 * tasks, and switches between the task list and a task's page
 * (`#task/<id>`).
 *
 * Browser zone.
 *
 * @module
 */
import { apiKey, request, setApiKey } from './api.js';
import { createTaskPage } from './task-page.js';
import { startTaskList } from './task-list.js';
import { byId, jsonField, onSubmit, say } from './view.js';

/** Reads the key form; with a key kept from earlier in the session, starts at once. */
function main() {
  onSubmit('key-form', 'key-message', async () => {
    setApiKey(byId('key-input').value.trim());
    byId('key-input').value = '';
    await start();
  });
  byId('key-forget').addEventListener('click', () => {
    setApiKey(null);
    window.location.reload();
  });
  if (apiKey()) void start().catch((error) => say('key-message', error));
}

let started = false;

/** Checks the key against the API (its OpenAPI document needs one), then shows the dashboard. */
async function start() {
  let document_;
  try {
    document_ = await request('GET', '/openapi.json');
  } catch (error) {
    setApiKey(null);
    throw error;
  }
  say('key-message', 'Key accepted for this browser session.');
  byId('key-forget').hidden = false;
  byId('key-input').required = false;
  byId('dashboard').hidden = false;
  if (started) return;
  started = true;

  const paths = document_.paths ?? {};
  const submit = paths['/api/v1/tasks']?.post?.requestBody?.content?.['application/json']?.schema ?? {};
  fillWorkflowNames(submit.properties?.workflow?.enum ?? []);
  byId('submit-paused-label').hidden = !submit.properties?.start_paused;
  const features = {
    list: Boolean(paths['/api/v1/tasks']?.get),
    counts: Boolean(paths['/api/v1/fleet/counts']),
    batches: Boolean(paths['/api/v1/batches']),
    holds: Boolean(paths['/api/v1/holds']),
  };

  const refreshList = startTaskList(features);
  const taskPage = createTaskPage();
  const route = () => {
    const match = /^#task\/(.+)$/.exec(window.location.hash);
    byId('list-view').hidden = Boolean(match);
    byId('task-view').hidden = !match;
    if (match) taskPage.open(decodeURIComponent(match[1]));
    else {
      taskPage.close();
      void refreshList();
    }
    // Keyboard and screen-reader users land on the view they asked for.
    byId(match ? 'task-title' : 'tasks-title').focus();
  };
  window.addEventListener('hashchange', route);
  route();

  onSubmit('open-form', 'list-message', () => openTask(byId('open-id').value.trim()));
  onSubmit('submit-form', 'submit-message', async () => {
    // Checked here, so that malformed JSON is never sent.
    const input = jsonField('submit-input', 'The input');
    const taskId = byId('submit-task-id').value.trim();
    const body = {
      workflow: byId('submit-workflow').value,
      ...(input === undefined ? {} : { input }),
      ...(taskId ? { task_id: taskId } : {}),
      ...(byId('submit-paused').checked ? { start_paused: true } : {}),
    };
    const submitted = await request('POST', '/api/v1/tasks', body);
    say('submit-message', `Submitted ${submitted.task_id}.`);
    openTask(submitted.task_id);
  });
}

function openTask(taskId) {
  window.location.hash = `#task/${encodeURIComponent(taskId)}`;
}

/** Offers the workflows the server starts in every workflow menu (the filter keeps "any"). */
function fillWorkflowNames(names) {
  for (const select of document.querySelectorAll('select.workflow-names')) {
    select.append(...names.map((name) => new Option(name, name)));
  }
}

main();
