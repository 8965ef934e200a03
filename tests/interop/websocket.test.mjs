// NATS over WebSocket with the official client's wsconnect, talking to TCP clients both ways.
import { test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { wsconnect } from "@nats-io/nats-core";
import { useServer, withTimeout, Collector, DEFAULT_WAIT_MS } from "./helpers.mjs";

// Node 20 has no global WebSocket; the client uses whatever is there.
globalThis.WebSocket ??= WebSocket;

const env = useServer({ config: "websocket { port: -1, no_tls: true }\n" });

async function wsClient() {
  assert.ok(env.server.wsPort, "the server announced a websocket listener");
  const nc = await withTimeout(wsconnect({ servers: `ws://127.0.0.1:${env.server.wsPort}`, reconnect: false }), DEFAULT_WAIT_MS, "ws connect");
  env.conns.add(nc);
  return nc;
}

test("a WebSocket publisher reaches a TCP subscriber and the other way round", async () => {
  const ws = await wsClient();
  const tcp = await env.connect();
  const atTcp = new Collector(tcp, "ws.to.tcp");
  const atWs = new Collector(ws, "tcp.to.ws");
  await tcp.flush();
  await ws.flush();
  for (let i = 0; i < 100; i++) ws.publish("ws.to.tcp", `w${i}`);
  for (let i = 0; i < 100; i++) tcp.publish("tcp.to.ws", `t${i}`);
  const a = await atTcp.waitFor(100);
  const b = await atWs.waitFor(100);
  assert.deepEqual(a.map((m) => m.string()), Array.from({ length: 100 }, (_, i) => `w${i}`));
  assert.deepEqual(b.map((m) => m.string()), Array.from({ length: 100 }, (_, i) => `t${i}`));
});

test("request/reply works between WebSocket and TCP clients both ways", async () => {
  const ws = await wsClient();
  const tcp = await env.connect();
  ws.subscribe("svc.ws", { callback: (_, m) => m.respond(`ws got ${m.string()}`) });
  tcp.subscribe("svc.tcp", { callback: (_, m) => m.respond(`tcp got ${m.string()}`) });
  await ws.flush();
  await tcp.flush();
  assert.equal((await tcp.request("svc.ws", "a", { timeout: 5_000 })).string(), "ws got a");
  assert.equal((await ws.request("svc.tcp", "b", { timeout: 5_000 })).string(), "tcp got b");
});

test("a large message crosses many WebSocket frames intact", async () => {
  const ws = await wsClient();
  const tcp = await env.connect();
  const got = new Collector(tcp, "big");
  await tcp.flush();
  const data = new Uint8Array(512 * 1024).map((_, i) => i % 251);
  ws.publish("big", data);
  const [m] = await got.waitFor(1);
  assert.deepEqual(m.data, data);
});
