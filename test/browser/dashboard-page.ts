/**
 * The dashboard's page as the browser tests use it: signing in, submitting,
 * pausing, and reading what the page shows (the task summary, the timeline
 * and its bars, the task list, the fleet overview), each waiting for the
 * text to appear, never for time to pass.
 */
import type { Page } from 'playwright-core';
import { DEVELOPMENT_API_KEY } from '../../src/http/gate/auth';

/** One browser page on the dashboard at `url`. */
export class DashboardPage {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  /** Opens the dashboard and enters the development key. */
  async signIn(): Promise<void> {
    await this.page.goto(this.url);
    await this.page.getByLabel('API key').fill(DEVELOPMENT_API_KEY);
    await this.page.getByRole('button', { name: 'Use key' }).click();
    await this.page.getByText('Key accepted for this browser session.').waitFor();
  }

  /** Waits until the task page's one-line summary reads exactly `text` (or matches it). */
  async summaryReads(text: string | RegExp): Promise<string> {
    const summary = this.page.locator('#task-summary');
    await summary.filter({ hasText: text }).waitFor();
    return (await summary.textContent()) ?? '';
  }

  /** Submits a research task from the page, which then shows it; returns its id. */
  async submitResearch(input: Record<string, unknown>): Promise<string> {
    const submitForm = this.page.locator('#submit-form');
    await submitForm.getByLabel('Workflow').selectOption('research');
    await submitForm.getByLabel('Input (JSON)').fill(JSON.stringify(input));
    await this.page.getByRole('button', { name: 'Submit', exact: true }).click();
    await this.page.locator('#task-view').waitFor();
    return (await this.page.locator('#task-id').textContent()) ?? '';
  }

  /** Pauses the task shown, from its page, once one of its activities is in flight. */
  async pauseDuringActivity(reason: string): Promise<void> {
    await this.page.locator('dd[data-field="in_flight_activities"]', { hasText: /^1$/ }).waitFor();
    await this.page.locator('#pause-form').getByLabel('Reason').fill(reason);
    await this.page.getByRole('button', { name: 'Pause', exact: true }).click();
  }

  /** The event types of the timeline, in order, each with its `#<event id>`. */
  async timeline(): Promise<string[]> {
    const lines = await this.page.locator('#timeline li').allTextContents();
    return lines.map((line) => `${/^#[\d.]+/.exec(line)?.[0]} ${/workflow\.\w+/.exec(line)?.[0]}`);
  }

  /** The statuses of the timeline's bars, in order. */
  async bars(): Promise<string[]> {
    const rects = await this.page.locator('#timeline-bars rect.bar').all();
    return Promise.all(rects.map(async (rect) => (await rect.getAttribute('data-status')) ?? ''));
  }

  /** What a bar of `status`, the `nth` of its status, says on hover. */
  async barTitle(status: string, nth: number): Promise<string> {
    return (
      (await this.page
        .locator(`#timeline-bars rect[data-status="${status}"] title`)
        .nth(nth)
        .textContent()) ?? ''
    );
  }

  /** Starts a research task through the API (set-up, not under test); returns its id. */
  async startResearch(topic: string): Promise<string> {
    const response = await this.page.request.post(`${this.url}/api/v1/tasks`, {
      headers: { 'x-api-key': DEVELOPMENT_API_KEY },
      data: { workflow: 'research', input: { topic, iterations: 5 } },
    });
    expect(response.status()).toBe(202);
    return ((await response.json()) as { task_id: string }).task_id;
  }

  /** Filters the task list and waits until it shows exactly `taskIds`, each in `controlStatus`. */
  async listShows(filter: { control: string; status: string }, taskIds: string[], controlStatus: string) {
    const filterForm = this.page.locator('#filter-form');
    await filterForm.getByLabel('Workflow', { exact: true }).selectOption('research');
    await filterForm.getByLabel('Control status').selectOption(filter.control);
    await filterForm.getByLabel('Workflow status').selectOption(filter.status);
    await filterForm.getByRole('button', { name: 'Apply filter' }).click();
    const rows = this.page.locator('#task-table tbody tr');
    for (const taskId of taskIds) {
      await rows
        .filter({ hasText: taskId })
        .getByRole('cell', { name: controlStatus, exact: true })
        .waitFor();
    }
    expect(await rows.count()).toBe(taskIds.length);
  }

  /**
   * Waits until the fleet overview shows `expected` for its workflow, then
   * checks that every row of it is what `GET /api/v1/fleet/counts` answers.
   */
  async overviewAgreesWithApi(expected: {
    workflow: string;
    running: number;
    pausing: number;
    paused: number;
  }): Promise<void> {
    const rows = this.page.locator('#fleet-counts tbody tr');
    const cells = [expected.workflow, expected.running, expected.pausing, expected.paused].map(String);
    const matching = cells.reduce(
      (row, text, index) =>
        row.filter({
          has: this.page.locator(`td:nth-child(${index + 1})`, { hasText: new RegExp(`^${text}$`) }),
        }),
      rows,
    );
    await matching.waitFor();
    const response = await this.page.request.get(`${this.url}/api/v1/fleet/counts`, {
      headers: { 'x-api-key': DEVELOPMENT_API_KEY },
    });
    const { counts } = (await response.json()) as {
      counts: Array<{
        workflow: string;
        running: number;
        pausing: number;
        paused: number;
        server_paused: number | null;
      }>;
    };
    const fromApi = counts.map((entry) =>
      [entry.workflow, entry.running, entry.pausing, entry.paused, entry.server_paused ?? '—'].map(String),
    );
    const shown = await Promise.all((await rows.all()).map((row) => row.locator('td').allTextContents()));
    expect(shown).toEqual(fromApi);
  }
}
