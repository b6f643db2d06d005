/**
 * The package as a user meets it: packed, installed from the tarball into a
 * fresh project in a temporary folder with only the `@temporalio/*` packages
 * (no Fastify, no OpenTelemetry), type-checked under the three module
 * resolutions, and run on the time-skipping test server: a workflow importing
 * `temporal-checkpoint/workflow` bundled by hand, then workers wired only by
 * the plugin. The README's TypeScript blocks are type-checked there too.
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
const SDK_PACKAGES = ['activity', 'client', 'common', 'testing', 'worker', 'workflow'].map(
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

/**
 * The README's TypeScript blocks, each named by its first comment
 * (`// worker.ts: …`) or by its place.
 */
function readmeBlocks(): Array<{ file: string; code: string }> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(([, code = ''], index) => ({
    file: /^\/\/ ([\w-]+\.ts):/.exec(code)?.[1] ?? `block-${index + 1}.ts`,
    code,
  }));
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
  for (const { file, code } of readmeBlocks()) writeFileSync(path.join(project, 'readme', file), code);
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

  it('type-checks every TypeScript block of the README', async () => {
    expect(readmeBlocks().map(({ file }) => file)).toEqual(['workflows.ts', 'worker.ts', 'block-3.ts']);
    await run(process.execPath, [TSC, '-p', 'tsconfig.readme.json'], project);
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

  it('runs workers wired only by the plugin, from workflowsPath and from a bundle, and replays their histories', async () => {
    await run(process.execPath, [TSC, '-p', 'tsconfig.node10.json'], project);
    const { stdout } = await run(process.execPath, ['out/run-plugin.js'], project);
    // The SDK's core logs its warnings on stdout (the test server lacks a capability); the program's line is last.
    const seen = stdout.trim().split('\n').at(-1) ?? '';
    const pauseResume = { afterPause: 'pausing', parkedAt: 'after_go', result: 'resumed with ok' };
    const drain = {
      checkpoint: 'pre_activity',
      interrupted: [{ activity_type: 'chunks', progress: 2 }],
      result: 3,
    };
    expect(JSON.parse(seen)).toEqual({
      seen: { byPath: pauseResume, byBundle: pauseResume },
      drains: { byPath: drain, byBundle: drain },
      replayFailures: { workflowsPath: [], workflowBundle: [] },
      unplugged: 'no-interceptors',
    });
    // Three bundles, two workers and two replays on a shared machine: well past the default minute.
  }, 300_000);
});
