// NATS over WebSocket on WebBroker's HTTP port accepts only its own pages by default: the official client
// (a program, which sends no Origin) connects, a page of another web site is refused with 403. nats-server
// has no such port; there the same checks run against its websocket listener with same_origin: true, the
// rule the HTTP port follows, which proves the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { wsconnect } from "@nats-io/nats-core";
import { serverCommand } from "./server.mjs";
import { useServer, withTimeout, Collector, DEFAULT_WAIT_MS } from "./helpers.mjs";

globalThis.WebSocket ??= WebSocket;

const reference = /(^|\/)nats-server$/.test(serverCommand()[0]);
const env = useServer(reference ? { config: "websocket { port: -1, no_tls: true, same_origin: true }\n" } : { args: ["-m", "-1"] });

function port() {
  if (reference) return env.server.wsPort;
  const m = /Starting http monitor on \S+:(\d+)/.exec(env.server.log());
  assert.ok(m, "the server announced its HTTP port");
  return Number(m[1]);
}

/** The upgrade's HTTP status for a given Origin header. */
function upgradeStatus(origin) {
  return withTimeout(new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port()}`, { headers: { Origin: origin } });
    ws.on("open", () => { ws.close(); resolve(101); });
    ws.on("unexpected-response", (_, res) => { res.resume(); resolve(res.statusCode); });
    ws.on("error", () => {});
  }), DEFAULT_WAIT_MS, `upgrade with Origin ${origin}`);
}

test("the official client, which sends no Origin, connects and talks with a TCP client", async () => {
  const ws = await withTimeout(wsconnect({ servers: `ws://127.0.0.1:${port()}`, reconnect: false }), DEFAULT_WAIT_MS, "ws connect");
  env.conns.add(ws);
  const tcp = await env.connect();
  const got = new Collector(tcp, "origin.none");
  await tcp.flush();
  ws.publish("origin.none", "from a program");
  assert.equal((await got.waitFor(1))[0].string(), "from a program");
});

test("a page of another web site is refused with 403", async () => {
  assert.equal(await upgradeStatus("http://evil.example"), 403);
});

test("a page of the server's own origin is let in", async () => {
  assert.equal(await upgradeStatus(`http://127.0.0.1:${port()}`), 101);
});
