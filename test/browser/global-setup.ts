// Jest global setup of the browser tests: a Chromium to drive (installed
// from Debian's packages when missing and root), and the Temporal CLI whose
// dev server the worker process embeds (built once from Go module sources,
// then cached).
import { resolveTemporalCli } from '../../src/testing/temporal-cli';
import { ensureChromium } from './chromium';

export default async function globalSetup(): Promise<void> {
  const chromium = ensureChromium();
  process.stderr.write(`\ntemporal-checkpoint: Chromium for the browser tests: ${chromium}\n`);
  const cli = await resolveTemporalCli();
  const where = cli.found ? `${cli.found.path} (${cli.found.source})` : `none: ${cli.reasons.join('; ')}`;
  process.stderr.write(`temporal-checkpoint: Temporal CLI for the dev server: ${where}\n`);
}
