/**
 * Follows a batch until it finishes and shows its progress: on a terminal, one
 * line redrawn in place with a bar; elsewhere (a pipe, a log), a plain line
 * each time the counts change.
 *
 * Node zone.
 *
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { describeControlBatch, type BatchProgress } from '../../src/client';

/** Where and how progress is shown. */
export interface ProgressOutput {
  /** Writes text as it is (no newline added). */
  write: (text: string) => void;
  /** A terminal: redraw one line; otherwise one line per change. */
  isTTY: boolean;
}

const BAR_WIDTH = 30;

/** One line of progress: `[#####.....] 120/200 done, 0 failed (running)`. */
export function progressLine(progress: BatchProgress, bar: boolean): string {
  const done = progress.succeeded + progress.failed;
  const counts = `${done}/${progress.total} done, ${progress.succeeded} succeeded, ${progress.failed} failed (${progress.state})`;
  if (!bar) return `${progress.jobId}: ${counts}`;
  const filled = progress.total > 0 ? Math.round((BAR_WIDTH * done) / progress.total) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${counts}`;
}

/**
 * Polls batch `jobId` every `intervalMs` (the server offers no long poll for
 * batches) until it is no longer running, showing each change on `output`;
 * resolves with its final progress.
 */
export async function followBatch(
  client: Client,
  jobId: string,
  output: ProgressOutput,
  intervalMs = 500,
): Promise<BatchProgress> {
  let shown = '';
  for (;;) {
    const progress = await describeControlBatch(client, jobId);
    if (!progress) throw new Error(`Batch \`${jobId}\` not found`);
    const line = progressLine(progress, output.isTTY);
    if (line !== shown) {
      output.write(output.isTTY ? `\r${line}` : `${line}\n`);
      shown = line;
    }
    if (progress.state !== 'running') {
      if (output.isTTY) output.write('\n');
      return progress;
    }
    await sleep(intervalMs);
  }
}
