// Draining subscriptions and connections: in-flight messages are delivered, then
// the subscription or connection closes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, Collector, withTimeout } from "./helpers.mjs";

const env = useServer();
const N = 2000;
const seq = (n) => Array.from({ length: n }, (_, i) => String(i));

test("draining a subscription delivers every message already sent to it, then closes it", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, "drain.sub");
  await sub.flush();
  for (let i = 0; i < N; i++) pub.publish("drain.sub", String(i));
  // Once the publisher's flush returns, the server has routed all N messages to
  // the subscriber; they precede the PONG of the drain's own flush.
  await pub.flush();
  await withTimeout(c.sub.drain(), 10_000, "subscription drain");
  assert.ok(c.sub.isClosed());
  assert.deepEqual(c.strings(), seq(N));
  // After the drain the server no longer delivers on that subject to this connection.
  const later = new Collector(sub, "drain.sub.after");
  await sub.flush();
  pub.publish("drain.sub", "late");
  pub.publish("drain.sub.after", "marker");
  await later.waitFor(1);
  assert.equal(c.count, N);
  assert.equal(sub.isClosed(), false, "draining a subscription leaves the connection open");
});

test("draining a subscription that is receiving its own publishes delivers all of them", async () => {
  const nc = await env.connect();
  const c = new Collector(nc, "drain.self");
  for (let i = 0; i < N; i++) nc.publish("drain.self", String(i));
  await withTimeout(c.sub.drain(), 10_000, "subscription drain");
  assert.deepEqual(c.strings(), seq(N));
});

test("draining a connection delivers in-flight messages to all its subscriptions, then closes the connection", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const a = new Collector(sub, "drain.conn.a");
  const b = new Collector(sub, "drain.conn.*");
  await sub.flush();
  for (let i = 0; i < N; i++) pub.publish("drain.conn.a", String(i));
  await pub.flush();
  const closed = sub.closed();
  await withTimeout(sub.drain(), 10_000, "connection drain");
  assert.equal(await withTimeout(closed, 5_000, "connection closed"), undefined, "closed without error");
  assert.ok(sub.isClosed());
  assert.deepEqual(a.strings(), seq(N));
  assert.deepEqual(b.strings(), seq(N));
});

test("draining a connection first sends every message it published", async () => {
  const receiver = await env.connect();
  const c = new Collector(receiver, "drain.out");
  await receiver.flush();
  const sender = await env.connect();
  for (let i = 0; i < N; i++) sender.publish("drain.out", String(i));
  await withTimeout(sender.drain(), 10_000, "connection drain");
  assert.ok(sender.isClosed());
  await c.waitFor(N);
  assert.deepEqual(c.strings(), seq(N));
});

test("a request answered by a responder whose connection is draining still gets its reply", async () => {
  const responder = await env.connect();
  let release;
  const gate = new Promise((r) => {
    release = r;
  });
  const received = new Promise((resolve) => {
    responder.subscribe("drain.svc", {
      callback: (_e, m) => {
        resolve();
        // answer only once the drain has started
        gate.then(() => m.respond("late-but-delivered"));
      },
    });
  });
  await responder.flush();
  const client = await env.connect();
  const reply = client.request("drain.svc", "q", { timeout: 5000 });
  await withTimeout(received, 5_000, "request at responder");
  const drained = responder.drain();
  release();
  const r = await reply;
  assert.equal(r.string(), "late-but-delivered");
  await withTimeout(drained, 10_000, "responder drain");
});
