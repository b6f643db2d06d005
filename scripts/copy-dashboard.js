#!/usr/bin/env node
// Copies the dashboard's static files (src/http/ui/) beside the compiled
// code (dist/src/http/ui/), which serves them from there: tsc copies only
// what it compiles. Part of `npm run build` and of `npm start`'s build.
'use strict';
const { cpSync, rmSync } = require('node:fs');
const path = require('node:path');

/** Replaces `dist/src/http/ui` under `root` with a copy of `src/http/ui`. */
function copyDashboard(root) {
  const target = path.join(root, 'dist/src/http/ui');
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(root, 'src/http/ui'), target, { recursive: true });
}

if (require.main === module) copyDashboard(path.resolve(__dirname, '..'));

module.exports = { copyDashboard };
