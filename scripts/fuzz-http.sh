#!/usr/bin/env bash
# `npm run fuzz`: schemathesis (from PyPI) fuzzes the HTTP control API from
# its own /openapi.json, against the real worker process on its embedded
# server. Fails on any 5xx, any response that breaks the document (status,
# content type, headers, body schema, SSE events), accepted bad input or
# rejected good input, a wrong answer to an undeclared method, or fewer than
# FUZZ_MIN_CASES cases.
#
# Environment: FUZZ_EXAMPLES (per operation and phase, default 200),
# FUZZ_SEED (default 1, so that a failure can be replayed), FUZZ_MIN_CASES
# (default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
EXAMPLES="${FUZZ_EXAMPLES:-200}"
SEED="${FUZZ_SEED:-1}"
MIN_CASES="${FUZZ_MIN_CASES:-1000}"
CACHE=node_modules/.cache/temporal-checkpoint
VENV="$CACHE/schemathesis-$SCHEMATHESIS_VERSION"
WORK="$(mktemp -d)"

# A venv cannot move (its scripts name their interpreter), so it is built in
# place and marked complete only after the install succeeded.
if [ ! -f "$VENV/.installed" ]; then
  echo "fuzz: installing schemathesis $SCHEMATHESIS_VERSION into $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  touch "$VENV/.installed"
fi

npm run --silent build

# The worker process on a free port, rate limit off (the fuzzer is one key).
PORT=0 TEMPORAL_PORT=0 TEMPORAL_UI_PORT=0 TEMPORAL_DATA_DIR=:memory: API_RATE_LIMIT=off ACTIVITY_LATENCY_MS=20 node dist/app/main.js >"$WORK/worker.out" 2>"$WORK/worker.err" &
WORKER=$!
stop_worker() {
  kill -TERM "$WORKER" 2>/dev/null && wait "$WORKER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop_worker EXIT

URL=""
for _ in $(seq 1 120); do
  URL="$(sed -n 's/.*"event":"ready","http":"\([^"]*\)".*/\1/p' "$WORK/worker.out")"
  [ -n "$URL" ] && break
  kill -0 "$WORKER" 2>/dev/null || { cat "$WORK/worker.err" >&2; echo "fuzz: the worker process exited" >&2; exit 1; }
  sleep 0.5
done
[ -n "$URL" ] || { echo "fuzz: the worker process printed no ready line within 60 s" >&2; exit 1; }
echo "fuzz: API at $URL, $EXAMPLES examples per operation, seed $SEED" >&2

# Run from the scratch directory: schemathesis and hypothesis keep their
# example databases in the working directory.
ST="$PWD/$VENV/bin/st"
status=0
CONFIG="$PWD/scripts/schemathesis.toml"
(cd "$WORK" && "$ST" --config-file "$CONFIG" run "$URL/openapi.json" \
  --header 'X-API-Key: sk_test_123456' \
  --checks all \
  --max-examples "$EXAMPLES" \
  --seed "$SEED" \
  --request-timeout 30 \
  --no-color) >"$WORK/st.out" 2>&1 || status=$?
# Schemathesis frames its headings and closing line in `=` rules, the way
# pytest does; a CI that reads pytest's closing line would take "1 warning in
# 27.03s" for a pytest run that executed no test. Print them as plain headings.
sed -E 's/^=+ (.*[^=]) =+$/-- \1 --/' "$WORK/st.out"

cases="$(sed -n 's/^ *\([0-9][0-9]*\) generated.*/\1/p' "$WORK/st.out" | tail -1)"
echo "fuzz: ${cases:-0} cases, schemathesis exit $status" >&2
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "${cases:-0}" -lt "$MIN_CASES" ]; then
  echo "fuzz: only ${cases:-0} cases, fewer than $MIN_CASES" >&2
  exit 1
fi
