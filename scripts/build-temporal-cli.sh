#!/bin/sh
# Builds the Temporal CLI (which embeds a real Temporal dev server) from Go
# module sources. Why: this machine reaches no download site, so the SDK cannot
# fetch its dev-server binary itself. The reliability tests run against a real
# server through TestWorkflowEnvironment.createLocal with
# server.executable = { type: 'existing-path', path: <binary printed below> }.
#
# Pinned to v1.5.1: v1.9.1 (the newest the module proxy serves) cannot be built
# with `go install`, because its go.mod replaces github.com/temporalio/cli/cliext
# with ./cliext, a nested module that is neither in its zip nor on the proxy.
#
# Needs Go >= 1.25. Idempotent. Last line of output: path of the binary.
set -eu

VERSION=1.5.1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN_DIR="${TEMPORAL_CLI_DIR:-$ROOT/.cache/temporal-cli}/bin"
BIN="$BIN_DIR/temporal"

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^temporal version $VERSION "; then
  echo "temporal CLI $VERSION already built" >&2
else
  mkdir -p "$BIN_DIR"
  echo "building temporal CLI $VERSION (several minutes on first run)" >&2
  GOBIN="$BIN_DIR" nice -n 10 go install \
    -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$VERSION" \
    "github.com/temporalio/cli/cmd/temporal@v$VERSION"
fi
echo "$BIN"
