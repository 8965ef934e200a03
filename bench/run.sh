#!/usr/bin/env bash
# Benchmarks WebBroker against nats-server in one run with the shared harness (../shared/bench),
# which prints candidate/baseline ratios. Builds the Release binary first and starts the dll
# directly (no `dotnet run` wrapper). Extra settings pass through (ROUNDS, WORKLOADS, ...).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench}
[ -x "$HARNESS/run.sh" ] || { echo "bench: harness not found at $HARNESS" >&2; exit 1; }
dotnet build -c Release "$ROOT/src/Web" -nologo -v q
DLL=$ROOT/src/Web/bin/Release/net10.0/WebBroker.Web.dll
export WORKLOADS=${WORKLOADS:-a b c d e f}
export MOSQUITTO=${MOSQUITTO:-0}
export WARMUP=${WARMUP:-1}
export SERVER_CMD="dotnet $DLL -c {conf}"
exec "$HARNESS/run.sh"
