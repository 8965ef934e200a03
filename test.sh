#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, builds, and runs every test:
#   1. unit and in-process tests (tests/WebBroker.Tests)
#   2. raw-socket protocol tests against Debian's nats-server and against WebBroker
#   3. dashboard component tests (bUnit) and browser tests: pages served by WebBroker in headless
#      Chromium (Playwright, Debian's chromium)
#   4. the official NATS JavaScript client against nats-server (proves the tests) and WebBroker
# Ends with one line "tests: N passed, M failed"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT

missing=()
command -v nats-server >/dev/null || missing+=(nats-server)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "test.sh: installing ${missing[*]}"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "test.sh: could not install ${missing[*]}"; exit 1; }
fi

set -e
dotnet build -c Release WebBroker.sln -nologo -v q
set +e
DLL=$ROOT/src/Web/bin/Release/net10.0/WebBroker.Web.dll
passed=0; failed=0; status=0

run_dotnet_tests() { # project
  local log=$LOGS/$(basename "$1").log
  # The dashboard soak is a benchmark (bench/dashboard-soak.sh), not part of the test run.
  WEBBROKER_DLL=$DLL dotnet test "$1" -c Release --no-build -nologo --filter "Category!=Soak" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line; line=$(grep -E '(Passed|Failed)!' "$log" | tail -1)
  passed=$((passed + $(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line" | head -1 || echo 0)))
  failed=$((failed + $(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$line" | head -1 || echo 0)))
  [ "$rc" -eq 0 ] && [ -n "$line" ] || status=1
}

run_interop() { # label server-command
  local log=$LOGS/interop-$1.log
  echo "== interop against $1"
  NATS_SERVER_CMD=$2 tests/interop/run.sh 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  passed=$((passed + $(sed -nE 's/^# pass ([0-9]+)/\1/p' "$log" | tail -1)))
  failed=$((failed + $(sed -nE 's/^# fail ([0-9]+)/\1/p' "$log" | tail -1)))
  [ "$rc" -eq 0 ] || status=1
}

run_dotnet_tests tests/WebBroker.Tests
run_dotnet_tests tests/WebBroker.DashboardTests
run_dotnet_tests tests/WebBroker.ProtocolTests
run_dotnet_tests tests/WebBroker.BrowserTests
run_interop nats-server "nats-server"
run_interop webbroker "dotnet $DLL"

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
