/**
 * The one Temporal CLI locator, for the dev-server test environment and the
 * worker process's embedded server alike. It looks, in this order: `TEMPORAL_CLI_PATH`; `temporal` on `PATH`; a CLI this package
 * obtained before (the SDK's download, or one built from Go module sources);
 * the SDK's download (needs internet); a build from Go module sources with
 * `scripts/build-temporal-cli.sh` (needs Go; minutes the first time). Both
 * obtained CLIs live in a per-user cache, so every checkout finds them.
 *
 * Node zone.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { userCacheDir } from './user-cache';

/** The CLI version the build script builds. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

/** Where a CLI came from; the worker process names it in its ready line. */
export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'sdk-download' | 'built-from-source';

/** A Temporal CLI to run. */
export interface TemporalCli {
  /** The executable. */
  path: string;
  /** How it was found. */
  source: TemporalCliSource;
}

/** Options of {@link resolveTemporalCli}. */
export interface ResolveTemporalCliOptions {
  /**
   * The environment: `TEMPORAL_CLI_PATH`, `PATH`, `XDG_CACHE_HOME`, `HOME`, `TEMPORAL_CLI_DIR`.
   *
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Downloads the CLI into the folder it is given and resolves when done;
   * rejects when it cannot (no internet). `undefined` skips the download.
   *
   * @default no download
   */
  download?: (downloadDir: string) => Promise<void>;
  /**
   * Whether to build the CLI from Go module sources when nothing else is found.
   *
   * @default true
   */
  build?: boolean;
  /**
   * Receives progress lines (what is tried, the build's progress).
   *
   * @default writes to `process.stderr`
   */
  log?: (line: string) => void;
}

/** The outcome of {@link resolveTemporalCli}: a CLI, or why none was found (one reason per way tried). */
export type TemporalCliResolution = { found: TemporalCli } | { found: undefined; reasons: string[] };

/** Environment variable that names a Temporal CLI binary to use. */
export const TEMPORAL_CLI_PATH_ENV = 'TEMPORAL_CLI_PATH';

/** Thrown when `TEMPORAL_CLI_PATH` names no executable. */
export class TemporalCliPathError extends Error {
  constructor(readonly value: string) {
    super(`Expected \`${TEMPORAL_CLI_PATH_ENV}\` to name an executable Temporal CLI, got \`${value}\``);
    this.name = 'TemporalCliPathError';
  }
}

/** Where `scripts/build-temporal-cli.sh` puts the CLI (`TEMPORAL_CLI_DIR` moves it). */
export function builtCliPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.TEMPORAL_CLI_DIR || path.join(userCacheDir(env), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  return path.join(dir, 'bin', 'temporal');
}

/** Where the SDK's download of the CLI goes. */
export function downloadDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userCacheDir(env), 'sdk-download');
}

/**
 * The build script, `scripts/build-temporal-cli.sh`, from the sources
 * (`src/testing`) or the build output (`dist/src/testing`).
 */
export const BUILD_SCRIPT = [
  path.resolve(__dirname, '../../scripts/build-temporal-cli.sh'),
  path.resolve(__dirname, '../../../scripts/build-temporal-cli.sh'),
].find((candidate) => existsSync(candidate));

/**
 * The Temporal CLI already on this machine, without obtaining one: the first
 * four places of the module header's order; `undefined` when none has it.
 * Throws {@link TemporalCliPathError} for a `TEMPORAL_CLI_PATH` that names nothing.
 *
 * @example
 * ```ts
 * const cli = locateTemporalCli();
 * if (!cli) console.log('run `npm run build:temporal-cli` first');
 * ```
 */
export function locateTemporalCli(env: NodeJS.ProcessEnv = process.env): TemporalCli | undefined {
  const fromEnv = env[TEMPORAL_CLI_PATH_ENV];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new TemporalCliPathError(fromEnv);
    return { path: fromEnv, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'temporal'))
    .find((candidate) => path.isAbsolute(candidate) && isExecutable(candidate));
  if (onPath) return { path: onPath, source: 'PATH' };
  const downloaded = downloadedCli(downloadDir(env));
  if (downloaded) return { path: downloaded, source: 'sdk-download' };
  const built = builtCliPath(env);
  return isExecutable(built) ? { path: built, source: 'built-from-source' } : undefined;
}

/**
 * Finds (and if needed obtains) a Temporal CLI; see the module header for
 * the order. Throws only for a `TEMPORAL_CLI_PATH` that names nothing.
 *
 * @example
 * ```ts
 * const resolution = await resolveTemporalCli({ build: true });
 * if (resolution.found) console.log(`dev server from ${resolution.found.source}`);
 * ```
 */
export async function resolveTemporalCli(
  options: ResolveTemporalCliOptions = {},
): Promise<TemporalCliResolution> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const found = locateTemporalCli(env);
  if (found) return { found };
  const built = builtCliPath(env);

  const reasons = ['`TEMPORAL_CLI_PATH` is not set', 'no `temporal` on PATH'];
  if (options.download) {
    try {
      await options.download(downloadDir(env));
      const fresh = downloadedCli(downloadDir(env));
      if (fresh) return { found: { path: fresh, source: 'sdk-download' } };
      reasons.push('the SDK download left no CLI');
    } catch (error) {
      reasons.push(`the SDK download failed (${firstLine(error)})`);
    }
  } else {
    reasons.push('the SDK download is not available (`@temporalio/testing` is not installed)');
  }

  if (options.build === false) {
    reasons.push('building from Go module sources is turned off');
  } else if (!BUILD_SCRIPT) {
    reasons.push('`scripts/build-temporal-cli.sh` is not part of this installation');
  } else {
    log(
      `temporal-checkpoint: building the Temporal CLI ${TEMPORAL_CLI_VERSION} from Go module sources (once; \`npm run build:temporal-cli\` does it ahead of time)`,
    );
    const problem = await runBuildScript(BUILD_SCRIPT, env, log);
    if (!problem && isExecutable(built)) return { found: { path: built, source: 'built-from-source' } };
    reasons.push(`the build from Go module sources failed (${problem ?? 'no binary'})`);
  }
  return { found: undefined, reasons };
}

/** The newest executable named `temporal*` the SDK left in `dir`, if any. */
function downloadedCli(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .filter((name) => name.startsWith('temporal'))
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile() && isExecutable(file))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/** Runs the build script with its progress on `log`; resolves with a problem, or `undefined` on success. */
function runBuildScript(
  script: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('sh', [script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let last = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        last = line;
        log(`  ${line}`);
      }
    });
    child.once('error', (error) => resolve(error.message));
    child.once('close', (code) => resolve(code === 0 ? undefined : last || `exit code ${code}`));
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
