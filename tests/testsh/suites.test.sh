#!/usr/bin/env bash
# Proves tests/suites.sh, the counting test.sh relies on: fake suites that pass, fail, die early, print no
# summary or run nothing, each in a fresh shell that sources it as test.sh does. Ends with "testsh: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"
SUITES=$PWD/../suites.sh
passed=0; failed=0

# Runs a script that sources suites.sh with SUITE_LOGS set; prints its output then "exit=N".
scenario() { # script
  local dir; dir=$(mktemp -d)
  (SUITE_LOGS=$dir; set -uo pipefail; source "$SUITES"; eval "$1") >"$dir/out" 2>&1
  echo "exit=$?" >>"$dir/out"
  cat "$dir/out"
  rm -rf "$dir"
}

check() { # name script expected-exit expected-last-line [pattern that must appear]
  local out last exit_line
  out=$(scenario "$2")
  exit_line=$(tail -n 1 <<<"$out")
  last=$(tail -n 2 <<<"$out" | head -n 1)
  if [ "$exit_line" = "exit=$3" ] && [ "$last" = "$4" ] && { [ -z "${5:-}" ] || grep -qE -- "$5" <<<"$out"; } \
     && ! grep -q "syntax error" <<<"$out"; then
    passed=$((passed + 1)); echo "ok - $1"
  else
    failed=$((failed + 1)); echo "not ok - $1"; sed 's/^/    /' <<<"$out"
  fi
}

DOTNET_OK='echo "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12"'
DOTNET_FAIL='echo "Failed!  - Failed:     2, Passed:    10, Skipped:     0, Total:    12"; exit 1'
NODE_OK='printf "# tests 5\n# pass 5\n# fail 0\n"'
NODE_DIES='echo "npm ERR! network request failed"; exit 1'
NODE_OLD='echo "node: bad option: --test-concurrency=1"; exit 9'
HOST_CRASH='echo "The active test run was aborted. Reason: Test host process crashed"; echo "Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3"; exit 1'

check "passing suites exit 0 and sum up" "
  run_suite unit dotnet bash -c '$DOTNET_OK'
  run_suite interop node bash -c '$NODE_OK'
  run_suite self plain bash -c 'echo \"x: 2 passed, 0 failed\"'
  finish_suites" 0 "tests: 19 passed, 0 failed" "suite unit: +12 passed / 0 failed  ok"

check "failing tests fail the run" "
  run_suite unit dotnet bash -c '$DOTNET_FAIL'
  run_suite interop node bash -c '$NODE_OK'
  finish_suites" 1 "tests: 15 passed, 2 failed" "suite unit: +10 passed / 2 failed  failed \(exit 1\)"

check "an interop run that dies before its summary fails the run (no syntax error)" "
  run_suite unit dotnet bash -c '$DOTNET_OK'
  run_suite interop node bash -c '$NODE_DIES'
  finish_suites" 1 "tests: 12 passed, 1 failed" "suite interop: +0 passed / 1 failed  no summary line"

check "an old node that rejects the runner's options fails the run" "
  run_suite interop node bash -c '$NODE_OLD'
  finish_suites" 1 "tests: 0 passed, 1 failed" "no summary line: did not run or died \(exit 9\)"

check "a crashed test host fails the run even with no failing test counted" "
  run_suite unit dotnet bash -c '$HOST_CRASH'
  finish_suites" 1 "tests: 3 passed, 1 failed" "exit 1 with no failing test: died"

check "a suite that exits 0 without a summary fails the run" "
  run_suite unit dotnet true
  finish_suites" 1 "tests: 0 passed, 1 failed" "no summary line"

check "a suite that ran no test fails the run" "
  run_suite interop node bash -c 'printf \"# pass 0\n# fail 0\n\"'
  finish_suites" 1 "tests: 0 passed, 1 failed" "ran no test"

check "a missing suite command fails the run" "
  run_suite gone dotnet ./no-such-suite.sh
  finish_suites" 1 "tests: 0 passed, 1 failed" "suite gone:"

check "no suite at all fails the run" "
  finish_suites" 1 "tests: 0 passed, 1 failed"

check "garbage counts are not arithmetic" "
  run_suite odd node bash -c 'printf \"# pass \$(id)\n# fail x\n\"'
  finish_suites" 1 "tests: 0 passed, 1 failed" "no summary line"

# test.sh itself: it must count with suites.sh and end with its closing line.
if grep -q 'source.*tests/suites.sh' ../../test.sh && grep -q '^finish_suites' ../../test.sh; then
  passed=$((passed + 1)); echo "ok - test.sh counts with suites.sh"
else
  failed=$((failed + 1)); echo "not ok - test.sh counts with suites.sh"
fi

echo "testsh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
