#!/usr/bin/env bash
# `npm run reliability`: the reliability runs too slow for `npm test`, on a
# real Temporal server (the Temporal CLI dev server, built from Go module
# sources on first use by scripts/build-temporal-cli.sh):
#   1. 50 paused workflows survive a SIGKILLed worker and a server restart on
#      a persistent database (scripts/dev-server-reliability.ts);
#   2. the full-scale signal storm, 100 workflows × 200 requests, with replay
#      of every history (test/storm.test.ts on the dev server).
set -euo pipefail
cd "$(dirname "$0")/.."

sh scripts/build-temporal-cli.sh >/dev/null
npx ts-node --transpile-only scripts/dev-server-reliability.ts
# The crash run is one test; it exits non-zero (and stops this script) on failure.
echo 'tests: 1 passed, 0 failed (worker crash and server restart with 50 paused workflows)'
HARNESS_SERVER=dev STORM_WORKFLOWS=100 STORM_REQUESTS=200 npx jest test/storm.test.ts
