# Runs test suites and counts their results honestly; sourced by test.sh (and by tests/testsh, which proves it).
#   run_suite NAME FORMAT COMMAND...   runs COMMAND, shows and keeps its output, reads its summary
#   finish_suites                      prints one line per suite, then "tests: N passed, M failed";
#                                      returns non-zero if any suite failed, died or printed no summary
# FORMAT says which summary line to read:
#   dotnet  "Passed!  - Failed: F, Passed: P, ..." (or "Failed!  - ...") from dotnet test
#   node    "# pass P" and "# fail F" from node --test
#   plain   "P passed, F failed" (optionally after one word and a colon)
# A suite counts as failed (one failure added when it reported none) if it exits non-zero, prints no summary,
# or runs no test: a suite that did not run can never make the run green.
# Needs SUITE_LOGS (a directory for the outputs).

SUITE_NAMES=()
SUITE_LINES=()
SUITE_PASSED_TOTAL=0
SUITE_FAILED_TOTAL=0
SUITE_STATUS=0

# The last number the extended regex' first group captures in FILE, or nothing.
_suite_number() { # regex file
  sed -nE "s/$1/\\1/p" "$2" | tail -n 1 | grep -E '^[0-9]+$' || true
}

_suite_counts() { # format log -> "passed failed" or nothing when no summary
  local format=$1 log=$2 line passed failed
  case $format in
    dotnet)
      line=$(grep -E '(Passed|Failed)! +- ' "$log" | tail -n 1 || true)
      [ -n "$line" ] || return 0
      passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line")
      failed=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$line")
      ;;
    node)
      passed=$(_suite_number '^# pass ([0-9]+)$' "$log")
      failed=$(_suite_number '^# fail ([0-9]+)$' "$log")
      ;;
    plain)
      line=$(grep -E '^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
      passed=$(sed -nE 's/^([A-Za-z0-9_.-]+: )?([0-9]+) passed.*/\2/p' <<<"$line")
      failed=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
      ;;
    *)
      echo "suites.sh: unknown summary format '$format'" >&2
      return 0
      ;;
  esac
  [[ $passed =~ ^[0-9]+$ && $failed =~ ^[0-9]+$ ]] && echo "$passed $failed"
  return 0
}

# Records one finished suite from its exit code and output.
record_suite() { # name format exit-code log
  local name=$1 format=$2 rc=$3 log=$4 counts passed=0 failed=0 verdict=ok
  counts=$(_suite_counts "$format" "$log")
  if [ -z "$counts" ]; then
    verdict="no summary line: did not run or died (exit $rc)"
  else
    read -r passed failed <<<"$counts"
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then verdict="exit $rc with no failing test: died"
    elif [ "$rc" -ne 0 ] || [ "$failed" -gt 0 ]; then verdict="failed (exit $rc)"
    elif [ "$passed" -eq 0 ]; then verdict="ran no test"
    fi
  fi
  if [ "$verdict" != ok ]; then
    SUITE_STATUS=1
    [ "$failed" -gt 0 ] || failed=1
  fi
  SUITE_PASSED_TOTAL=$((SUITE_PASSED_TOTAL + passed))
  SUITE_FAILED_TOTAL=$((SUITE_FAILED_TOTAL + failed))
  SUITE_NAMES+=("$name")
  SUITE_LINES+=("$(printf 'suite %-24s %6d passed / %d failed  %s' "$name:" "$passed" "$failed" "$verdict")")
}

run_suite() { # name format command...
  local name=$1 format=$2 log rc
  shift 2
  log=$SUITE_LOGS/$(tr -c 'A-Za-z0-9_.-' '_' <<<"$name").log
  echo "== $name: $*"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  record_suite "$name" "$format" "$rc" "$log"
}

finish_suites() {
  local line
  echo
  for line in "${SUITE_LINES[@]}"; do echo "$line"; done
  [ "${#SUITE_NAMES[@]}" -gt 0 ] || { echo "suites.sh: no suite ran"; SUITE_STATUS=1; SUITE_FAILED_TOTAL=$((SUITE_FAILED_TOTAL + 1)); }
  echo "tests: $SUITE_PASSED_TOTAL passed, $SUITE_FAILED_TOTAL failed"
  return "$SUITE_STATUS"
}
