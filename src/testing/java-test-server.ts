/**
 * Locates, and on first use builds, a launcher for the Java time-skipping test
 * server (`io.temporal:temporal-test-server`) resolved from Maven Central.
 *
 * Node zone. The SDK's own test-server download needs a site that machines
 * without internet cannot reach; Maven Central is reachable wherever a Java
 * build works, so we resolve the server's class path with Maven, build a
 * class-data-sharing archive so the JVM starts well inside the SDK's 5-second
 * connection window, and write a launcher that accepts the SDK's arguments
 * (`<port> [--enable-time-skipping]`) and listens on loopback only (our
 * `test-server/src/LoopbackTestServer.java`; the server's own main binds every
 * interface).
 *
 * @module
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from './ports';
import { userCacheDir } from './user-cache';

const execFileAsync = promisify(execFile);

/** Environment variable that names an existing test-server executable to use instead. */
export const TEST_SERVER_PATH_ENV = 'TEMPORAL_TEST_SERVER_PATH';

/** Our own main class: the SDK's `TestServer` main binds every interface; ours binds loopback only. */
const MAIN_CLASS = 'LoopbackTestServer';
const LAUNCHER_JAR = 'loopback-launcher.jar';
const POM_PATH = path.resolve(__dirname, '../../test-server/pom.xml');
const POM_PATH_FROM_DIST = path.resolve(__dirname, '../../../test-server/pom.xml');

/**
 * JVM flags for a short-lived, single-user server: class data from the
 * archive, the client compiler only, and the serial collector.
 */
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss512k', '-XX:-UsePerfData'];

/** Options of {@link ensureTestServer}. */
export interface EnsureTestServerOptions {
  /**
   * Folder that holds the resolved class path, the archive and the launcher.
   *
   * @default `<user cache>/test-server-<version>-<pom digest>`, where the user
   * cache is `$XDG_CACHE_HOME/temporal-checkpoint` or `~/.cache/temporal-checkpoint`
   */
  cacheDir?: string;
  /**
   * Receives one line per step of a first-time build (Maven resolution, archive).
   *
   * @default writes to `process.stderr`
   */
  log?: (line: string) => void;
}

/** Where the test server comes from, as decided by {@link ensureTestServer}. */
export type TestServerLocation =
  { source: 'env' | 'maven'; path: string; version?: string } | { source: 'sdk-download'; reason: string };

/** Thrown when Maven or Java fail while the launcher is being built. */
export class TestServerSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TestServerSetupError';
  }
}

/** The `temporal-test-server` version pinned in the project's `test-server/pom.xml`. */
export function testServerVersion(): string {
  const pom = readFileSync(pomPath(), 'utf8');
  const match = /<temporal\.test\.server\.version>([^<]+)</.exec(pom);
  if (!match?.[1]) {
    throw new TestServerSetupError(`Expected \`temporal.test.server.version\` in ${pomPath()}`);
  }
  return match[1];
}

/**
 * Returns the test server to hand to `TestWorkflowEnvironment.createTimeSkipping`.
 *
 * In order: `TEMPORAL_TEST_SERVER_PATH` when set; the cached Maven launcher;
 * a new Maven launcher when `java` and `mvn` are on the `PATH` (this first
 * build takes a few seconds and is cached); otherwise the SDK's own download.
 *
 * @example
 * ```ts
 * const server = await ensureTestServer();
 * const env = await TestWorkflowEnvironment.createTimeSkipping(
 *   server.source === 'sdk-download' ? {} : { server: { executable: { type: 'existing-path', path: server.path } } },
 * );
 * ```
 */
export async function ensureTestServer(options: EnsureTestServerOptions = {}): Promise<TestServerLocation> {
  const fromEnv = process.env[TEST_SERVER_PATH_ENV];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new TestServerSetupError(
        `Expected \`${TEST_SERVER_PATH_ENV}\` to name an executable, got \`${fromEnv}\``,
      );
    }
    return { source: 'env', path: fromEnv };
  }
  const version = testServerVersion();
  // Keyed by the pom's and the launcher source's content, so that any change builds a new launcher.
  const pomDigest = createHash('sha256')
    .update(readFileSync(pomPath()))
    .update(readFileSync(launcherSourcePath()))
    .digest('hex')
    .slice(0, 12);
  const cacheDir = options.cacheDir ?? path.join(userCacheDir(), `test-server-${version}-${pomDigest}`);
  const launcher = path.join(cacheDir, 'temporal-test-server');
  if (existsSync(launcher)) return { source: 'maven', path: launcher, version };

  const missing = ['java', 'javac', 'jar', 'mvn'].filter((tool) => !onPath(tool));
  if (missing.length > 0) {
    return { source: 'sdk-download', reason: `${missing.join(' and ')} not found on PATH` };
  }
  await buildLauncher(cacheDir, launcher, options.log ?? ((line) => process.stderr.write(`${line}\n`)));
  return { source: 'maven', path: launcher, version };
}

function pomPath(): string {
  return existsSync(POM_PATH) ? POM_PATH : POM_PATH_FROM_DIST;
}

/** `test-server/src/LoopbackTestServer.java`, beside the pom. */
function launcherSourcePath(): string {
  return path.join(path.dirname(pomPath()), 'src', `${MAIN_CLASS}.java`);
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir && existsSync(path.join(dir, tool)));
}

async function buildLauncher(cacheDir: string, launcher: string, log: (line: string) => void): Promise<void> {
  // Build in a scratch folder and rename it into place, so that concurrent
  // first runs never see a half-written launcher.
  const scratch = `${cacheDir}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    const classPathFile = path.join(scratch, 'classpath.txt');
    log(`temporal-checkpoint: resolving the test server with Maven (${pomPath()})`);
    await run('mvn', [
      '-q',
      '-B',
      '-f',
      pomPath(),
      'dependency:build-classpath',
      `-Dmdep.outputFile=${classPathFile}`,
    ]);
    const classPath = readFileSync(classPathFile, 'utf8').trim();
    // The launcher jar goes after the server's jars: the archive is dumped for
    // those, and a class path that starts with them still uses it.
    await run('javac', ['-d', path.join(scratch, 'classes'), '-cp', classPath, launcherSourcePath()]);
    await run('jar', ['cf', path.join(scratch, LAUNCHER_JAR), '-C', path.join(scratch, 'classes'), '.']);
    const withLauncher = (dir: string) => `${classPath}${path.delimiter}${path.join(dir, LAUNCHER_JAR)}`;

    log('temporal-checkpoint: building a class-data-sharing archive for fast start-up');
    const classList = path.join(scratch, 'classes.lst');
    await recordLoadedClasses(withLauncher(scratch), classList);
    const finalArchive = path.join(cacheDir, 'classes.jsa');
    const scratchArchive = path.join(scratch, 'classes.jsa');
    await run('java', [
      '-Xshare:dump',
      `-XX:SharedClassListFile=${classList}`,
      `-XX:SharedArchiveFile=${scratchArchive}`,
      '-cp',
      classPath,
    ]);

    const script = [
      '#!/bin/sh',
      '# Generated by temporal-checkpoint: runs the Java time-skipping test server.',
      '# Arguments, as the Temporal SDK passes them: <port> [--enable-time-skipping]',
      `JAVA="\${JAVA_HOME:+$JAVA_HOME/bin/}java"`,
      `exec "$JAVA" -Xshare:auto -XX:SharedArchiveFile=${shellQuote(finalArchive)} ${JVM_FLAGS.join(' ')} \\`,
      `  -cp ${shellQuote(withLauncher(cacheDir))} ${MAIN_CLASS} "$@"`,
      '',
    ].join('\n');
    writeFileSync(path.join(scratch, 'temporal-test-server'), script, { mode: 0o755 });
    rmSync(cacheDir, { recursive: true, force: true });
    mkdirSync(path.dirname(cacheDir), { recursive: true });
    renameSync(scratch, cacheDir);
    log(`temporal-checkpoint: test server launcher ready at ${launcher}`);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

async function run(command: string, args: string[]): Promise<void> {
  try {
    await execFileAsync(command, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new TestServerSetupError(
      `\`${command} ${args.slice(0, 4).join(' ')} …\` failed\n${(stdout + stderr).slice(-2000)}`,
      { cause: error },
    );
  }
}

/**
 * Starts the server once with class-list recording on, waits until it accepts
 * connections (every class of start-up is then loaded), and stops it.
 */
async function recordLoadedClasses(classPath: string, classList: string): Promise<void> {
  const port = await freePort();
  const child = spawn(
    'java',
    [`-XX:DumpLoadedClassList=${classList}`, '-cp', classPath, MAIN_CLASS, String(port)],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForPort(port, 60_000);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  if (!existsSync(classList)) {
    throw new TestServerSetupError('The test server did not start while recording its class list');
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
