#!/usr/bin/env node
// `npm start`: builds `dist/` (the code, and the dashboard's static files)
// only when a source file is newer than the last build, then runs the worker
// process in this same process, so that the signals npm forwards reach it
// directly (no shell, no second node).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist/app/main.js');
const SOURCES = [
  'src',
  'app',
  'workflows',
  'activities',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
];

/** The newest modification time under `file` (a file or a folder). */
function newest(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((latest, name) => Math.max(latest, newest(path.join(file, name))), 0);
}

if (
  !existsSync(ENTRY) ||
  SOURCES.some((source) => newest(path.join(ROOT, source)) > statSync(ENTRY).mtimeMs)
) {
  process.stderr.write('temporal-checkpoint: building dist/ (sources changed since the last build)\n');
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  require('./copy-dashboard').copyDashboard(ROOT);
}
require(ENTRY);
