#!/usr/bin/env bash
# The dashboard soak: 2,000 connections and steady pub/sub traffic for a minute, the second half with the
# Overview page open in headless Chromium. Prints the delivered message rate with and without the page.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
dotnet build -c Release "$ROOT/WebBroker.sln" -nologo -v q
ulimit -n 8192 2>/dev/null || true
WEBBROKER_DLL=$ROOT/src/Web/bin/Release/net10.0/WebBroker.Web.dll \
  dotnet test "$ROOT/tests/WebBroker.BrowserTests" -c Release --no-build -nologo --filter "Category=Soak" \
  --logger "console;verbosity=detailed" | grep -E "dashboard soak|Passed|Failed"
