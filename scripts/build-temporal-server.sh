#!/bin/sh
# Builds a Temporal server that has native workflow pause
# (`PauseWorkflowExecution`, status PAUSED) from Go module sources and caches
# it per user, like build-temporal-cli.sh does for the CLI. Why: the dev server
# embedded in CLI 1.5.1 is server 1.29.1, which has no native pause, and the
# test project `native-pause` needs a real server that has it.
#
# Pinned to v1.32.2: the first release whose pause cannot be silently undone
# by a workflow task that was running when the pause arrived (v1.30.x and
# v1.31.x can lose it). Its go.mod asks for Go 1.26.10, so the build runs
# under GOTOOLCHAIN (go1.27.3 by default), which `go` fetches through the
# module proxy when the local Go is older.
#
# Where: $TEMPORAL_SERVER_DIR/bin/server, by default
# ${XDG_CACHE_HOME:-$HOME/.cache}/temporal-checkpoint/temporal-server-1.32.2/bin/server.
# Needs Go >= 1.21 on PATH. Idempotent. Progress goes to stderr; the last line
# of stdout is the path of the binary.
set -eu

VERSION=1.32.2
TOOLCHAIN="${TEMPORAL_SERVER_GOTOOLCHAIN:-go1.27.3}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/temporal-checkpoint"
BIN_DIR="${TEMPORAL_SERVER_DIR:-$CACHE_ROOT/temporal-server-$VERSION}/bin"
BIN="$BIN_DIR/server"

built() {
  [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "version $VERSION"
}

if built; then
  echo "temporal server $VERSION already built: $BIN" >&2
else
  if ! command -v go >/dev/null 2>&1; then
    echo "cannot build the temporal server: \`go\` (>= 1.21) is not on PATH" >&2
    exit 1
  fi
  mkdir -p "$BIN_DIR"
  echo "building temporal server $VERSION with $TOOLCHAIN into $BIN_DIR" >&2
  echo "(a first run takes about 9 minutes of CPU: 25 on a busy 2-core machine)" >&2
  # -v names each package as it compiles: every 50th is shown as progress, and
  # every line that is not a bare package path (errors) is shown as is.
  GOTOOLCHAIN="$TOOLCHAIN" GOBIN="$BIN_DIR" nice -n 10 go install -v \
    -ldflags "-s -w" "go.temporal.io/server/cmd/server@v$VERSION" 2>&1 |
    awk '/ |:/ { print; next } { n++; if (n % 50 == 0) { printf "  %d packages compiled (%s)\n", n, $0; fflush() } }' >&2
  if ! built; then
    echo "the temporal server build failed (see go output above)" >&2
    exit 1
  fi
  echo "temporal server $VERSION built: $BIN" >&2
fi
echo "$BIN"
