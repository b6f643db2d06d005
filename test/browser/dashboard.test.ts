/**
 * The dashboard in a real browser: headless Chromium (Debian's) driven by
 * playwright-core, against the real worker process on its embedded dev
 * server. Everything is observed on the page as a user sees it, waiting for
 * text to appear, never for time to pass.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawnWorkerProcess, workerProcessEnv, type Spawned } from '../support/processes';
import { ensureChromium } from './chromium';
import { DEVELOPMENT_API_KEY } from '../../src/http/gate/auth';
import { DashboardPage } from './dashboard-page';

let worker: Spawned;
let url: string;
let browser: Browser;
let page: Page;
let dashboard: DashboardPage;

beforeAll(async () => {
  // Long enough activities that a pause requested during one is seen `pausing` first.
  worker = spawnWorkerProcess(await workerProcessEnv({ ACTIVITY_LATENCY_MS: '1500' }));
  url = (await worker.jsonLine<{ event: string; http: string }>('stdout', (line) => line.event === 'ready'))
    .http;
  browser = await chromium.launch({ executablePath: ensureChromium() });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  worker?.child.kill('SIGTERM');
  await worker?.finished;
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  dashboard = new DashboardPage(page, url);
});

afterEach(async () => {
  await page.close();
});

test('an unknown key is refused as the API says it', async () => {
  await page.goto(url);
  await page.getByLabel('API key').fill('sk_not_a_key');
  await page.getByRole('button', { name: 'Use key' }).click();
  await page.getByText('Error 401: Unauthorized').waitFor();
  expect(await page.locator('#dashboard').isHidden()).toBe(true);
});

test('submit, pause with a reason, see pausing then paused live, resume with input, see it complete', async () => {
  await dashboard.signIn();
  expect(await dashboard.submitResearch({ topic: 'browser test', iterations: 3 })).toMatch(/^research-/);

  // Pause while an activity runs: the task drains it first.
  await dashboard.pauseDuringActivity('checking the sources');
  await dashboard.summaryReads(/^pausing$/);
  const paused = await dashboard.summaryReads(/^paused at /);
  const checkpoint = paused.replace('paused at ', '');
  // The interceptors' automatic checkpoint before the next activity, or an explicit one.
  expect(checkpoint).toMatch(/^[a-z_0-9]+$/);
  await page.locator('#timeline li', { hasText: 'workflow.pausing' }).waitFor();
  await page.locator('#timeline li', { hasText: `workflow.paused at ${checkpoint}` }).waitFor();
  await page.locator('dd[data-field="pause_reason"]', { hasText: 'checking the sources' }).waitFor();

  // A refusal of the API is shown in its own words.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByText('Error 409: task is already paused').waitFor();

  // Malformed resume input never leaves the page.
  await page.getByLabel('Input (JSON, optional)').fill('{"focus": ');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.getByText(/^Error: The resume input is not valid JSON/).waitFor();
  expect(await page.locator('#task-summary').textContent()).toBe(paused);

  const resumeInput = page.getByLabel('Input (JSON, optional)');
  await resumeInput.fill('{"focus": "primary sources"}');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.locator('#timeline li', { hasText: 'workflow.resumed' }).waitFor();

  // Parked again, the task lists the finished pause in its audit.
  await page.locator('#pause-form').getByLabel('Reason').fill('second look');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.locator('#timeline li', { hasText: 'workflow.paused' }).nth(1).waitFor();
  const audit = page.locator('#audit-table tbody tr', { hasText: 'checking the sources' });
  await audit.waitFor();
  expect(await audit.textContent()).toContain(checkpoint);
  // `DASHBOARD_SCREENSHOT=docs/dashboard.png npm run test:browser` refreshes the docs' picture.
  if (process.env.DASHBOARD_SCREENSHOT) {
    await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: true });
  }

  await resumeInput.fill('');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await dashboard.summaryReads(/^completed$/);
  await page.locator('#timeline li', { hasText: 'workflow.completed' }).waitFor();
  await page.getByText('The task has ended.').waitFor();
  expect(await dashboard.timeline()).toEqual([
    '#1 workflow.pausing',
    '#2 workflow.paused',
    '#3 workflow.resumed',
    '#4 workflow.pausing',
    '#5 workflow.paused',
    '#6 workflow.resumed',
    '#7 workflow.completed',
  ]);
  // One bar per span: running until the first pause, each pause's pausing and paused, running after each resume.
  expect(await dashboard.bars()).toEqual([
    'running',
    'pausing',
    'paused',
    'running',
    'pausing',
    'paused',
    'running',
  ]);
  const firstPause = await dashboard.barTitle('paused', 0);
  expect(firstPause).toMatch(new RegExp(`^paused at ${checkpoint}: `));
  expect(firstPause).toContain('reason: checking the sources');
  expect(firstPause).toContain('requested by: dev');
  expect(firstPause).toContain('resumed by: dev');
  expect(await dashboard.barTitle('pausing', 1)).toContain('reason: second look');
});

test('a dropped event stream is reopened with Last-Event-ID, and the timeline misses nothing', async () => {
  // The first connection is cut after its first event, as a proxy might drop it; the others pass.
  const lastEventIds: Array<string | undefined> = [];
  await page.route('**/api/v1/stream/sse?*', async (route) => {
    lastEventIds.push(route.request().headers()['last-event-id']);
    if (lastEventIds.length > 1) return route.continue();
    const upstream = new AbortController();
    const response = await fetch(route.request().url(), {
      headers: { 'x-api-key': DEVELOPMENT_API_KEY },
      signal: upstream.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/^id: /m.test(text) || !text.includes('\n\n')) text += (await reader.read()).value ?? '';
    upstream.abort();
    const firstFrame = text.slice(0, text.indexOf('\n\n') + 2);
    await route.fulfill({ status: 200, contentType: 'text/event-stream', body: firstFrame });
  });
  await dashboard.signIn();
  await dashboard.submitResearch({ topic: 'dropped stream', iterations: 1 });
  await dashboard.pauseDuringActivity('drop test');
  await dashboard.summaryReads(/^paused at /);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await dashboard.summaryReads(/^completed$/);
  await page.getByText('The task has ended.').waitFor();

  expect(lastEventIds).toEqual([undefined, '1']);
  expect(await dashboard.timeline()).toEqual([
    '#1 workflow.pausing',
    '#2 workflow.paused',
    '#3 workflow.resumed',
    '#4 workflow.completed',
  ]);
  // Pause, park, resume, complete: four spans, none drawn twice across the reconnection.
  expect(await dashboard.bars()).toEqual(['running', 'pausing', 'paused', 'running']);
});

test('bulk pause and resume of the filtered list run as server batches', async () => {
  await dashboard.signIn();
  const taskIds = await Promise.all(
    ['wind', 'tides', 'geothermal'].map((topic) => dashboard.startResearch(topic)),
  );
  await dashboard.listShows({ control: 'running', status: 'Running' }, taskIds, 'running');
  expect(await page.locator('#bulk-query').textContent()).toBe(
    "WorkflowType = 'research' AND CheckpointStatus = 'running' AND ExecutionStatus = 'Running'",
  );

  await page.locator('#bulk-form').getByLabel('Reason').fill('provider outage');
  await page.getByRole('button', { name: 'Pause all matching' }).click();
  await page
    .locator('#bulk-message', { hasText: /\(pause\): completed, 3 of 3 succeeded, 0 failed\.$/ })
    .waitFor();
  await dashboard.listShows({ control: 'paused', status: 'Running' }, taskIds, 'paused');
  await dashboard.overviewAgreesWithApi({ workflow: 'research', running: 0, pausing: 0, paused: 3 });
  const longest = page.locator('#fleet-longest tbody tr', { hasText: 'Paused longest' });
  await longest.filter({ hasText: 'provider outage' }).filter({ hasText: '3 tasks' }).waitFor();
  expect(taskIds).toContain(await longest.getByRole('link').textContent());
  // `DASHBOARD_SCREENSHOT=docs/dashboard.png npm run test:browser` also refreshes the overview's picture.
  if (process.env.DASHBOARD_SCREENSHOT) {
    await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT.replace(/\.png$/, '-fleet.png') });
  }
  await page.locator('#task-table').getByRole('link', { name: taskIds[0] }).click();
  await page.locator('dd[data-field="pause_reason"]', { hasText: 'provider outage' }).waitFor();
  await page.getByRole('link', { name: '← All tasks' }).click();

  await dashboard.listShows({ control: 'paused', status: 'Running' }, taskIds, 'paused');
  await page.getByRole('button', { name: 'Resume all matching' }).click();
  await page
    .locator('#bulk-message', { hasText: /\(resume\): completed, 3 of 3 succeeded, 0 failed\.$/ })
    .waitFor();
  await dashboard.listShows({ control: 'running', status: 'Running' }, taskIds, 'running');
});

test('a hold starts new runs paused at pre_execution until it is released', async () => {
  await dashboard.signIn();
  const holdForm = page.locator('#hold-form');
  await holdForm.getByLabel('Workflow').selectOption('research');
  await holdForm.getByLabel('Reason').fill('deploying v2');
  await holdForm.getByRole('button', { name: 'Hold new runs' }).click();
  await page.getByText(/^New runs of research are held/).waitFor();

  const held = await dashboard.startResearch('held topic');
  await page.locator('#hold-list li', { hasText: 'deploying v2' }).filter({ hasText: 'holding 1' }).waitFor();
  await page.getByRole('button', { name: 'Release hold on research' }).click();
  await page.getByText(/^Released the hold on research: 1 tasks resumed/).waitFor();

  await page.locator('#open-form').getByLabel('Open a task by id').fill(held);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const audit = page.locator('#audit-table tbody tr', { hasText: 'deploying v2' });
  await audit.waitFor();
  expect(await audit.textContent()).toContain('pre_execution');
});

test('a task submitted paused parks at pre_execution; cancelled from its page, it ends cancelled', async () => {
  await dashboard.signIn();
  const submitForm = page.locator('#submit-form');
  await submitForm.getByLabel('Workflow').selectOption('research');
  await submitForm.getByLabel('Input (JSON)').fill('{"topic": "parked"}');
  await submitForm.getByLabel('Start paused').check();
  await submitForm.getByRole('button', { name: 'Submit', exact: true }).click();
  await dashboard.summaryReads(/^paused at pre_execution$/);
  // The summary follows the event stream; the details follow the next read of the task.
  await page.locator('dd[data-field="control_status"]', { hasText: /^paused$/ }).waitFor();
  expect(await page.locator('dd[data-field="in_flight_activities"]').textContent()).toBe('0');

  await page.getByRole('button', { name: 'Cancel task' }).click();
  await page.getByText('Cancel request sent').waitFor();
  await dashboard.summaryReads(/^cancelled$/);
  await page.getByText('The task has ended.').waitFor();
  expect(await dashboard.timeline()).toEqual([
    '#1 workflow.pausing',
    '#2 workflow.paused',
    '#3 workflow.cancelled',
  ]);
});

test("the Temporal server's own pause is a span of its own, and its events are numbered by their ids", async () => {
  // The stream as a reader tells a task the server paused, then our pause and resume after the unpause.
  const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
  const server = { identity: 'operator', reason: 'maintenance' };
  const events = [
    { seq: 0, server_seq: 1, type: 'workflow.server_paused', timestamp: at(10), ...server },
    { seq: 0, server_seq: 2, type: 'workflow.server_unpaused', timestamp: at(20), identity: 'operator' },
    { seq: 1, type: 'workflow.pausing', timestamp: at(21), reason: 'review', requested_by: 'dev' },
    { seq: 2, type: 'workflow.paused', timestamp: at(22), checkpoint: 'idle', reason: 'review' },
    { seq: 2, server_seq: 1, type: 'workflow.server_paused', timestamp: at(30), ...server },
    { seq: 2, server_seq: 2, type: 'workflow.server_unpaused', timestamp: at(40), identity: 'operator' },
    { seq: 3, type: 'workflow.resumed', timestamp: at(50), checkpoint: 'idle', requested_by: 'dev' },
    { seq: 4, type: 'workflow.completed', timestamp: at(55) },
  ];
  const body = events
    .map((event) => {
      const id = event.server_seq === undefined ? `${event.seq}` : `${event.seq}.${event.server_seq}`;
      return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    })
    .join('');
  await page.route('**/api/v1/stream/sse?*', (route) =>
    route.fulfill({ status: 200, contentType: 'text/event-stream', body }),
  );
  await dashboard.signIn();
  await dashboard.submitResearch({ topic: 'server pause', iterations: 1 });
  await page.getByText('The task has ended.').waitFor();

  expect(await dashboard.timeline()).toEqual([
    '#0.1 workflow.server_paused',
    '#0.2 workflow.server_unpaused',
    '#1 workflow.pausing',
    '#2 workflow.paused',
    '#2.1 workflow.server_paused',
    '#2.2 workflow.server_unpaused',
    '#3 workflow.resumed',
    '#4 workflow.completed',
  ]);
  expect(await dashboard.bars()).toEqual([
    'running',
    'server_paused',
    'running',
    'pausing',
    'paused',
    'server_paused',
    'paused',
    'running',
  ]);
  expect(await dashboard.barTitle('server_paused', 0)).toContain('reason: maintenance');
  expect(await dashboard.barTitle('server_paused', 0)).toContain('requested by: operator');
  // Released by the server, our pause goes on as it was, and ends with our resume.
  const pauseAfter = await dashboard.barTitle('paused', 1);
  expect(pauseAfter).toContain('paused at idle');
  expect(pauseAfter).toContain('reason: review');
  expect(pauseAfter).toContain('resumed by: dev');
});
