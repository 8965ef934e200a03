#!/usr/bin/env bash
# Subject-space benchmarks (bench/subjects/main.go) against nats-server and WebBroker in one run:
# publishing over 100,000 distinct subjects, a hot 1:1 pair beside SUB/UNSUB churn and beside a
# client cycling 10,000 subjects. Rounds alternate the server order; the table gives medians and the
# WebBroker/nats-server ratio per workload, and for the rows beside churn or a cycler, the share
# of the undisturbed pair's rate (row 4) each server kept, round by round. Needs Debian's nats-server, golang-go and
# golang-github-nats-io-go-nats-dev (the client is built offline in GOPATH mode against them).
# Settings: ROUNDS [3], DURATION [2s], WORKLOADS [all, e.g. 1,2,4], NATS_PORT [4222], HTTP_PORT [8222],
# WEBBROKER_DLL [this tree's Release build, built first].
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-2s}
NATS_PORT=${NATS_PORT:-4222}
HTTP_PORT=${HTTP_PORT:-8222}
BUILD=$ROOT/bench/.build
mkdir -p "$BUILD"
(cd "$ROOT/bench/subjects" && GO111MODULE=off GOPATH=${GO_DEBIAN_PATH:-/usr/share/gocode} GOFLAGS='' \
  GOCACHE="$BUILD/gocache" go build -o "$BUILD/subjects" .)
if [ -z "${WEBBROKER_DLL:-}" ]; then
  dotnet build -c Release "$ROOT/src/Web" -nologo -v q >/dev/null
  WEBBROKER_DLL=$ROOT/src/Web/bin/Release/net10.0/WebBroker.Web.dll
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cat > "$OUT/server.conf" <<CONF
listen: 127.0.0.1:$NATS_PORT
http: 127.0.0.1:$HTTP_PORT
CONF

run_server() { # name command...
  local name=$1; shift
  "$@" -c "$OUT/server.conf" >"$OUT/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null && break; sleep 0.2; done
  "$BUILD/subjects" -url "nats://127.0.0.1:$NATS_PORT" -d "$DURATION" -w "${WORKLOADS:-}" | sed "s/^/$name\t/" >>"$OUT/results.tsv"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="nats webbroker"; else order="webbroker nats"; fi
  for server in $order; do
    case $server in
      nats) run_server nats nats-server ;;
      webbroker) run_server webbroker dotnet "$WEBBROKER_DLL" ;;
    esac
  done
done

python3 - "$OUT/results.tsv" <<'PY'
import statistics, sys, collections
# rates[(server, workload)] is one figure per round, in round order.
rates, notes, names = collections.defaultdict(list), collections.defaultdict(list), {}
for line in open(sys.argv[1]):
    server, n, name, rate, note = (line.rstrip("\n").split("\t") + [""])[:5]
    names[n] = name
    rates[(server, n)].append(float(rate))
    if note: notes[(server, n)].append(note)
def kept(server, n):
    """Rows 5-7 against row 4 (the same pair alone), round by round, then the median."""
    if int(n) < 5 or (server, "4") not in rates: return ""
    return f"{statistics.median(b / a for a, b in zip(rates[(server, '4')], rates[(server, n)])):.2f}"
print("| # | workload | nats-server msg/s | WebBroker msg/s | WebBroker/nats-server | kept vs #4: nats-server | kept vs #4: WebBroker |")
print("|---|---|---:|---:|---:|---:|---:|")
for n in sorted(names, key=int):
    a, b = statistics.median(rates[("nats", n)]), statistics.median(rates[("webbroker", n)])
    print(f"| {n} | {names[n]} | {a:,.0f} | {b:,.0f} | {b / a:.2f} | {kept('nats', n)} | {kept('webbroker', n)} |")
for (server, n), ns in sorted(notes.items()):
    print(f"note {server} #{n}: {'; '.join(ns)}")
PY
