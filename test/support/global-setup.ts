// Jest global setup: obtains the test server once for the whole run (the
// first run resolves it with Maven; later runs find it cached), and the
// Temporal CLI whose dev server the worker-process tests embed (the first
// run builds it from Go module sources, minutes; later runs find it cached).
import { resolveTemporalCli } from '../../src/testing/temporal-cli';
import { ensureTestServer } from '../../src/testing';

export default async function globalSetup(): Promise<void> {
  const server = await ensureTestServer();
  const where = server.source === 'sdk-download' ? `SDK download (${server.reason})` : server.path;
  process.stderr.write(`\ntemporal-checkpoint: time-skipping test server: ${where}\n`);
  const cli = await resolveTemporalCli();
  const cliWhere = cli.found ? `${cli.found.path} (${cli.found.source})` : `none: ${cli.reasons.join('; ')}`;
  process.stderr.write(`temporal-checkpoint: Temporal CLI for the dev server: ${cliWhere}\n`);
}
