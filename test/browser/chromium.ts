/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH`, else Debian's
 * package at `/usr/bin/chromium`, installed with apt when it is missing and
 * the tests run as root (Playwright's own browser download is not used).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The path of a Chromium executable; installs Debian's when it must and can, else throws saying how to get one. */
export function ensureChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH \`${configured}\` does not exist`);
    return configured;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `No Chromium at ${DEBIAN_CHROMIUM}, and the browser tests may only install it as root: ` +
        'run `sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium executable',
    );
  }
  process.stderr.write(`temporal-checkpoint: installing chromium with apt-get (no ${DEBIAN_CHROMIUM})\n`);
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const run = spawnSync('apt-get', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status !== 0) {
      throw new Error(`\`apt-get ${args.join(' ')}\` failed (${run.error?.message ?? `exit ${run.status}`})`);
    }
  }
  if (!existsSync(DEBIAN_CHROMIUM))
    throw new Error(`apt-get installed chromium, but ${DEBIAN_CHROMIUM} is missing`);
  return DEBIAN_CHROMIUM;
}
