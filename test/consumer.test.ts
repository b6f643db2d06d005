/**
 * The package as a user meets it: packed, installed from the tarball into a
 * fresh project in a temporary folder with only the `@temporalio/*` packages
 * (no Fastify, no OpenTelemetry), type-checked under the three module
 * resolutions, and run: a workflow importing `temporal-checkpoint/workflow`
 * is bundled and paused and resumed on the time-skipping test server.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const FIXTURE = path.join(__dirname, 'fixtures/consumer');
/** The consumer's own TypeScript compiler. */
const TSC = 'node_modules/typescript/bin/tsc';
const SDK_PACKAGES = ['client', 'common', 'testing', 'worker', 'workflow'].map(
  (name) => `@temporalio/${name}`,
);

interface Run {
  stdout: string;
  stderr: string;
}

let work: string;
let project: string;
let installOutput: string;

/** Runs a command to completion; rejects with its output when it fails. */
async function run(command: string, args: string[], cwd: string): Promise<Run> {
  try {
    return await execFileAsync(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as Error & Partial<Run>;
    throw new Error(`${command} ${args.join(' ')} failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`, {
      cause: error,
    });
  }
}

function devVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const version = manifest.devDependencies[name];
  if (!version) throw new Error(`Expected \`${name}\` among the devDependencies of package.json`);
  return version;
}

/** The names of the installed packages in `npm ls --parseable` output (one folder a line). */
function installedNames(parseable: string): string[] {
  return parseable
    .split('\n')
    .filter((line) => line.includes('node_modules'))
    .map((line) => line.slice(line.lastIndexOf('node_modules/') + 'node_modules/'.length));
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'temporal-checkpoint-consumer-'));
  project = path.join(work, 'project');
  await run('npm', ['pack', '--pack-destination', work], ROOT);
  const [tarball] = readdirSync(work).filter((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`Expected npm pack to write a tarball into ${work}`);
  cpSync(FIXTURE, project, { recursive: true });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      dependencies: {
        'temporal-checkpoint': `file:../${tarball}`,
        ...Object.fromEntries(SDK_PACKAGES.map((name) => [name, devVersion(name)])),
      },
      devDependencies: { typescript: devVersion('typescript'), '@types/node': devVersion('@types/node') },
    }),
  );
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project);
  installOutput = `${install.stdout}\n${install.stderr}`;
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a project that installs the packed package with only the @temporalio packages', () => {
  it('installs no HTTP server and no OpenTelemetry SDK, without engine or install-script warnings', async () => {
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], project);
    const names = installedNames(stdout);
    expect(names).toContain('temporal-checkpoint');
    expect(names.filter((name) => name === 'fastify' || name.startsWith('@opentelemetry/sdk-'))).toEqual([]);
    expect(installOutput).not.toContain('EBADENGINE');
    expect(installOutput).not.toMatch(/install-scripts[^\n]*temporal-checkpoint/);
  });

  it.each(['node10', 'node16', 'bundler'])('type-checks under moduleResolution %s', async (resolution) => {
    await run(process.execPath, [TSC, '-p', `tsconfig.${resolution}.json`, '--noEmit'], project);
  });

  it.each([
    ['temporal-checkpoint/http', 'fastify'],
    ['temporal-checkpoint/worker', '@temporalio/interceptors-opentelemetry'],
  ])('names the missing package when %s is imported', async (entry, missing) => {
    const attempt = run(process.execPath, ['-e', `require('${entry}')`], project);
    await expect(attempt).rejects.toThrow(`${entry} needs the optional peer`);
    await expect(attempt).rejects.toThrow(`\`${missing}\``);
  });

  it('bundles a workflow that imports temporal-checkpoint/workflow, pauses and resumes it', async () => {
    await run(process.execPath, [TSC, '-p', 'tsconfig.node10.json'], project);
    const { stdout } = await run(process.execPath, ['out/run.js'], project);
    expect(JSON.parse(stdout)).toEqual({
      afterPause: 'pausing',
      parkedAt: 'after_go',
      afterResume: 'running',
      events: ['workflow.pausing', 'workflow.paused'],
      result: 'resumed with ok',
    });
  });
});
