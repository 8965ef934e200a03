#!/usr/bin/env bash
# Runs the real-client interop suite against the server named by NATS_SERVER_CMD
# (default: nats-server). Exits non-zero if any test fails.
set -euo pipefail
cd "$(dirname "$0")"
export NATS_SERVER_CMD="${NATS_SERVER_CMD:-nats-server}"
if [ ! -d node_modules/@nats-io/transport-node ] || [ ! -d node_modules/@nats-io/jwt ] || [ ! -d node_modules/@microsoft/signalr-protocol-msgpack ]; then
  npm ci --no-audit --no-fund
fi
echo "interop: server command: ${NATS_SERVER_CMD}"
exec node --test --test-concurrency=1 --test-timeout=60000 ./*.test.mjs
