// wss:// on the websocket listener (websocket { tls {} }): the official client connects with the test's CA
// and exchanges messages with a TCP client.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import { connect } from "@nats-io/transport-node";
import { wsconnect } from "@nats-io/nats-core";
import { startServer } from "./server.mjs";
import { testCertificates } from "./certs.mjs";
import { withTimeout, Collector } from "./helpers.mjs";

const certs = testCertificates("wss");
const f = certs.file;

// The client builds its socket with `new WebSocket(url)`; this one trusts the test CA.
const ca = readFileSync(f("ca.pem"));
globalThis.WebSocket = class extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { ca });
  }
};

let server;
before(async () => {
  server = await startServer({ config: `websocket { port: -1, tls { cert_file: "${f("server.pem")}", key_file: "${f("server.key")}" } }\n` });
});
after(async () => {
  await server?.stop();
  certs.remove();
});

test("the official client connects over wss:// and exchanges messages with a TCP client", async () => {
  assert.ok(server.wsPort, "the server announced a websocket listener");
  const ws = await withTimeout(wsconnect({ servers: `wss://127.0.0.1:${server.wsPort}`, reconnect: false }), 10_000, "wss connect");
  const tcp = await withTimeout(connect({ servers: server.url, reconnect: false }), 10_000, "tcp connect");
  try {
    const atTcp = new Collector(tcp, "wss.to.tcp");
    const atWs = new Collector(ws, "tcp.to.wss");
    await tcp.flush();
    await ws.flush();
    ws.publish("wss.to.tcp", "secure ws");
    tcp.publish("tcp.to.wss", "plain tcp");
    assert.equal((await atTcp.waitFor(1))[0].string(), "secure ws");
    assert.equal((await atWs.waitFor(1))[0].string(), "plain tcp");
  } finally {
    await ws.close();
    await tcp.close();
  }
});
