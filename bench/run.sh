#!/usr/bin/env bash
# Benchmarks WebBroker against nats-server in one run with the shared harness (HARNESS, by default
# ../shared/bench), which prints candidate/baseline ratios. The harness is copied to a scratch directory
# first (it builds its load client next to itself, and its own directory may be read-only); results go
# to bench-results/<date-time> unless OUT_DIR says otherwise. Builds the Release binary first and starts
# the dll directly (no `dotnet run` wrapper). Extra settings pass through (ROUNDS, WORKLOADS, ports, ...).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench}
[ -x "$HARNESS/run.sh" ] || { echo "bench: harness not found at $HARNESS" >&2; exit 1; }
dotnet build -c Release "$ROOT/src/Web" -nologo -v q
DLL=$ROOT/src/Web/bin/Release/net10.0/WebBroker.Web.dll
COPY=${HARNESS_COPY:-${TMPDIR:-/tmp}/webbroker-bench-harness-$(id -u)}
mkdir -p "$COPY"
# Keep the copy's build (the load client) unless the harness sources changed.
cp -r --preserve=timestamps "$HARNESS/." "$COPY/"
chmod -R u+w "$COPY"
export OUT_DIR=${OUT_DIR:-$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)}
export WORKLOADS=${WORKLOADS:-a b c d e f}
export MOSQUITTO=${MOSQUITTO:-0}
export WARMUP=${WARMUP:-1}
export SERVER_CMD="dotnet $DLL -c {conf}"
exec "$COPY/run.sh"
