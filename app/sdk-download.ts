/**
 * The SDK's own download of the Temporal CLI (what
 * `TestWorkflowEnvironment.createLocal` does on a machine with internet),
 * used by the worker process to obtain a dev server.
 *
 * Node zone.
 *
 * @module
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * Downloads the CLI into `downloadDir` through `@temporalio/testing` (an
 * optional package: without it, there is no download) by starting and
 * stopping a dev server once; the worker process then runs the binary itself.
 * Rejects at once when the download site cannot be reached.
 */
export async function sdkDownload(downloadDir: string): Promise<void> {
  let environment: typeof TestWorkflowEnvironment;
  try {
    environment = (await import('@temporalio/testing')).TestWorkflowEnvironment;
  } catch {
    throw new Error('`@temporalio/testing` is not installed');
  }
  const env = await environment.createLocal({
    server: { ip: '127.0.0.1', executable: { type: 'cached-download', downloadDir } },
  });
  await env.teardown();
}
