#!/bin/sh
# Builds the Temporal CLI (which embeds a real Temporal dev server) from Go
# module sources and caches it per user, so that every checkout and clean
# clone on this machine finds it. Why: a machine that reaches no download site
# cannot fetch the dev-server binary the SDK would download; the Go module
# proxy is reachable wherever Go works.
#
# Pinned to v1.5.1: v1.9.1 (the newest the module proxy serves) cannot be built
# with `go install`, because its go.mod replaces github.com/temporalio/cli/cliext
# with ./cliext, a nested module that is neither in its zip nor on the proxy.
#
# Where: $TEMPORAL_CLI_DIR/bin/temporal, by default
# ${XDG_CACHE_HOME:-$HOME/.cache}/temporal-checkpoint/temporal-cli-1.5.1/bin/temporal
# (the worker process looks there too). Needs Go >= 1.25. Idempotent. Progress
# goes to stderr; the last line of stdout is the path of the binary.
set -eu

VERSION=1.5.1
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/temporal-checkpoint"
BIN_DIR="${TEMPORAL_CLI_DIR:-$CACHE_ROOT/temporal-cli-$VERSION}/bin"
BIN="$BIN_DIR/temporal"

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^temporal version $VERSION "; then
  echo "temporal CLI $VERSION already built: $BIN" >&2
else
  if ! command -v go >/dev/null 2>&1; then
    echo "cannot build the temporal CLI: \`go\` (>= 1.25) is not on PATH" >&2
    exit 1
  fi
  mkdir -p "$BIN_DIR"
  echo "building temporal CLI $VERSION from Go module sources into $BIN_DIR" >&2
  echo "(about 4 minutes on a first run, on 2 cores)" >&2
  # -v names each package as it compiles: every 25th is shown as progress, and
  # every line that is not a bare package path (errors) is shown as is.
  GOBIN="$BIN_DIR" nice -n 10 go install -v \
    -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$VERSION" \
    "github.com/temporalio/cli/cmd/temporal@v$VERSION" 2>&1 |
    awk '/ |:/ { print; next } { n++; if (n % 25 == 0) { printf "  %d packages compiled (%s)\n", n, $0; fflush() } }' >&2
  if ! "$BIN" --version 2>/dev/null | grep -q "^temporal version $VERSION "; then
    echo "the temporal CLI build failed (see go output above)" >&2
    exit 1
  fi
  echo "temporal CLI $VERSION built: $BIN" >&2
fi
echo "$BIN"
