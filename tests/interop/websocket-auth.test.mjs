// websocket { authorization {} } with the official client: WebSocket clients use the websocket block's user,
// TCP clients the top-level one, and neither gets in with the other's credentials.
import { test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { wsconnect } from "@nats-io/nats-core";
import { useServer, withTimeout, Collector, DEFAULT_WAIT_MS } from "./helpers.mjs";

globalThis.WebSocket ??= WebSocket;

const env = useServer({
  config: `authorization { user: tcp, password: tcppass }
websocket { port: -1, no_tls: true, authorization { user: web, password: webpass } }
`,
});

function ws(opts) {
  return withTimeout(wsconnect({ servers: `ws://127.0.0.1:${env.server.wsPort}`, reconnect: false, ...opts }), DEFAULT_WAIT_MS, "ws connect");
}

test("a WebSocket client signs in with the websocket user and talks to a TCP client", async () => {
  const web = await ws({ user: "web", pass: "webpass" });
  env.conns.add(web);
  const tcp = await env.connect({ user: "tcp", pass: "tcppass" });
  const got = new Collector(tcp, "auth.ws");
  await tcp.flush();
  web.publish("auth.ws", "from the browser side");
  const [m] = await got.waitFor(1);
  assert.equal(m.string(), "from the browser side");
});

test("the top-level user is refused over WebSocket and the websocket user over TCP", async () => {
  await assert.rejects(ws({ user: "tcp", pass: "tcppass" }), /Authorization Violation/i);
  await assert.rejects(env.connect({ user: "web", pass: "webpass" }), /Authorization Violation/i);
});
