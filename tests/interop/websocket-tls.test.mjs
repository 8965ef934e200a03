// wss:// on the websocket listener (websocket { tls {} }): the official client connects with the test's CA
// and exchanges messages with a TCP client.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { connect } from "@nats-io/transport-node";
import { wsconnect } from "@nats-io/nats-core";
import { startServer } from "./server.mjs";
import { withTimeout, Collector } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "interop-wss-"));
const f = (name) => join(dir, name);
const openssl = (...args) => execFileSync("openssl", args, { stdio: "pipe" });
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=webbroker-test-ca", "-keyout", f("ca.key"), "-out", f("ca.pem"));
openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", f("server.key"), "-out", f("server.csr"));
writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
openssl("x509", "-req", "-in", f("server.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial", "-days", "1", "-extfile", f("ext.cnf"), "-out", f("server.pem"));

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
  rmSync(dir, { recursive: true, force: true });
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
