// The system account seen by the official client: a system user watches $SYS events and asks
// $SYS.REQ requests; a user of another account sees none of it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, withTimeout } from "./helpers.mjs";

const env = useServer({
  config: `
accounts {
  SYS { users: [ { user: sys, password: syspass } ] }
  APP { users: [ { user: app, password: apppass } ] }
}
system_account: SYS
`,
});

const sys = () => env.connect({ user: "sys", pass: "syspass" });
const app = (opts = {}) => env.connect({ user: "app", pass: "apppass", ...opts });

function nextMessage(sub, what, ms = 10_000) {
  return withTimeout(
    (async () => {
      for await (const m of sub) return m;
      throw new Error("subscription ended");
    })(),
    ms,
    what,
  );
}

test("connect and disconnect events of another account reach the system user", async () => {
  const nc = await sys();
  const connects = nc.subscribe("$SYS.ACCOUNT.APP.CONNECT");
  const disconnects = nc.subscribe("$SYS.ACCOUNT.APP.DISCONNECT");
  await nc.flush();

  const client = await app({ name: "watched" });
  const connect = (await nextMessage(connects, "CONNECT event")).json();
  assert.equal(connect.type, "io.nats.server.advisory.v1.client_connect");
  assert.equal(connect.client.acc, "APP");
  assert.equal(connect.client.name, "watched");
  assert.equal(connect.client.user, "app");
  assert.ok(connect.server.id.startsWith("N"));

  client.publish("app.data", "hello");
  await client.flush();
  await client.close();
  const disconnect = (await nextMessage(disconnects, "DISCONNECT event")).json();
  assert.equal(disconnect.type, "io.nats.server.advisory.v1.client_disconnect");
  assert.equal(disconnect.client.name, "watched");
  assert.equal(disconnect.sent.msgs, 1); // from the client's side: what it sent
  assert.equal(typeof disconnect.reason, "string");
});

test("server requests answer the system user with monitoring data", async () => {
  const nc = await sys();
  const varz = (await nc.request("$SYS.REQ.SERVER.PING.VARZ", "", { timeout: 5_000 })).json();
  assert.ok(varz.server.id.startsWith("N"));
  assert.equal(varz.data.server_id, varz.server.id);
  assert.equal(typeof varz.data.max_payload, "number");

  const connz = (await nc.request("$SYS.REQ.SERVER.PING.CONNZ", "", { timeout: 5_000 })).json();
  assert.ok(connz.data.num_connections >= 1);

  const statsz = (await nc.request("$SYS.REQ.SERVER.PING", "", { timeout: 5_000 })).json();
  assert.ok(statsz.statsz.connections >= 1);
  assert.equal(typeof statsz.statsz.sent.msgs, "number");

  const direct = (await nc.request(`$SYS.REQ.SERVER.${varz.server.id}.SUBSZ`, "", { timeout: 5_000 })).json();
  assert.equal(typeof direct.data.num_subscriptions, "number");
});

test("an authentication failure is reported to the system account", async () => {
  const nc = await sys();
  const errors = nc.subscribe("$SYS.SERVER.*.CLIENT.AUTH.ERR");
  await nc.flush();
  await assert.rejects(env.connect({ user: "app", pass: "wrong" }));
  const event = (await nextMessage(errors, "AUTH.ERR event")).json();
  assert.equal(event.type, "io.nats.server.advisory.v1.client_disconnect");
  assert.equal(event.client.user, "app");
  assert.ok(!JSON.stringify(event).includes("wrong"), "the event carries no password");
});

test("a user of another account gets no answer from $SYS", async () => {
  const nc = await app();
  await assert.rejects(nc.request("$SYS.REQ.SERVER.PING.VARZ", "", { timeout: 2_000 }));
  // Nor does it see events: a subscription in its own account stays silent while clients come and go.
  const events = nc.subscribe("$SYS.ACCOUNT.>");
  await nc.flush();
  const other = await app();
  await other.close();
  await nc.flush();
  assert.equal(events.getProcessed(), 0);
});
