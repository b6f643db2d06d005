// Jest global setup: obtains the test server once for the whole run (the
// first run resolves it with Maven; later runs find it cached).
import { ensureTestServer } from '../../src/testing';

export default async function globalSetup(): Promise<void> {
  const server = await ensureTestServer();
  const where = server.source === 'sdk-download' ? `SDK download (${server.reason})` : server.path;
  process.stderr.write(`\ntemporal-checkpoint: time-skipping test server: ${where}\n`);
}
