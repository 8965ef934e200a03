#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, builds, and runs every suite:
#   testsh      the counting below, proven with fake suites (tests/testsh)
#   unit        unit and in-process tests (tests/WebBroker.Tests)
#   dashboard   dashboard component tests (bUnit)
#   protocol    raw-socket protocol tests, each against Debian's nats-server and against WebBroker
#   browser     pages served by WebBroker in headless Chromium (Playwright, Debian's chromium)
#   interop-*   the official NATS JavaScript client against nats-server (proves the tests) and WebBroker
# Prints one line per suite, then "tests: N passed, M failed" last; exits non-zero if any suite failed,
# died, or printed no summary (tests/suites.sh).
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
SUITE_LOGS=$(mktemp -d)
trap 'rm -rf "$SUITE_LOGS"' EXIT
source "$ROOT/tests/suites.sh"

# node --test with --test-concurrency and --test-timeout (tests/interop/run.sh) needs Node 20.11 or later.
NODE_MIN=20.11.0
NODE_FALLBACK=22 # installed from the npm registry's node-linux-<arch> package when the machine's Node is older

missing=()
command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "test.sh: installing ${missing[*]}"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "test.sh: could not install ${missing[*]}"; exit 1; }
fi
export PATH=$PATH:/usr/sbin

node_fits() { # true when `node` is at least NODE_MIN
  local have; have=$(node --version 2>/dev/null) || return 1
  [ "$(printf '%s\n%s\n' "$NODE_MIN" "${have#v}" | sort -V | head -n 1)" = "$NODE_MIN" ]
}
if ! node_fits; then
  case $(uname -m) in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
  tools=$ROOT/.tools/node
  echo "test.sh: Node $(node --version 2>/dev/null || echo none) is older than $NODE_MIN; installing node-linux-$arch@$NODE_FALLBACK"
  npm install --no-save --no-audit --no-fund --prefix "$tools" "node-linux-$arch@$NODE_FALLBACK" >/dev/null
  export PATH=$tools/node_modules/node-linux-$arch/bin:$PATH
  node_fits || { echo "test.sh: could not install Node $NODE_MIN or later"; exit 1; }
fi

set -e
dotnet build -c Release WebBroker.sln -nologo -v q
set +e
DLL=$ROOT/src/Web/bin/Release/net10.0/WebBroker.Web.dll
export WEBBROKER_DLL=$DLL

# The dashboard soak is a benchmark (bench/dashboard-soak.sh), not part of the test run.
dotnet_tests() { dotnet test "$1" -c Release --no-build -nologo --filter "Category!=Soak"; }
interop() { NATS_SERVER_CMD=$1 tests/interop/run.sh; }

# One line per suite: name, summary format (tests/suites.sh), command.
run_suite testsh              plain  tests/testsh/suites.test.sh
run_suite unit                dotnet dotnet_tests tests/WebBroker.Tests
run_suite dashboard           dotnet dotnet_tests tests/WebBroker.DashboardTests
run_suite protocol            dotnet dotnet_tests tests/WebBroker.ProtocolTests
run_suite browser             dotnet dotnet_tests tests/WebBroker.BrowserTests
run_suite interop-nats-server node   interop nats-server
run_suite interop-webbroker   node   interop "dotnet $DLL"

finish_suites
