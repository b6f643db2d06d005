/**
 * The per-user cache folder of temporal-checkpoint, shared by every project
 * and working directory of that user, so that what is built once (the test
 * test server launcher, the Temporal CLI) is reused from anywhere.
 *
 * Node zone.
 *
 * @module
 */
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * `$XDG_CACHE_HOME/temporal-checkpoint`, or `~/.cache/temporal-checkpoint`
 * when `XDG_CACHE_HOME` is unset or not an absolute path (as the XDG base
 * directory specification asks).
 *
 * @example
 * ```ts
 * userCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }); // => '/var/cache/me/temporal-checkpoint'
 * ```
 */
export function userCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  home: string = env.HOME || homedir(),
): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
  return path.join(base, 'temporal-checkpoint');
}
