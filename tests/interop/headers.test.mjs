// Message headers (HPUB/HMSG) as seen through the client library.
import { test } from "node:test";
import assert from "node:assert/strict";
import { headers, Empty } from "@nats-io/transport-node";
import { useServer, Collector } from "./helpers.mjs";

const env = useServer();

async function pair(subject) {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, subject);
  await sub.flush();
  return { sub, pub, c };
}

test("the server announces header support and the client connected with headers", async () => {
  const nc = await env.connect();
  assert.equal(nc.info.headers, true);
});

test("several headers and a payload round-trip unchanged", async () => {
  const { pub, c } = await pair("hdr.basic");
  const h = headers();
  h.set("X-Request-Id", "abc-123");
  h.set("Content-Type", "application/json");
  h.set("X-Empty-Looking", "value with spaces : and colon");
  pub.publish("hdr.basic", JSON.stringify({ a: 1 }), { headers: h });
  const [m] = await c.waitFor(1);
  assert.ok(m.headers, "message has headers");
  assert.equal(m.headers.get("X-Request-Id"), "abc-123");
  assert.equal(m.headers.get("Content-Type"), "application/json");
  assert.equal(m.headers.get("X-Empty-Looking"), "value with spaces : and colon");
  assert.deepEqual(m.json(), { a: 1 });
  assert.equal(m.headers.hasError, false);
});

test("a header with several values keeps every value in order", async () => {
  const { pub, c } = await pair("hdr.multi");
  const h = headers();
  h.append("X-Multi", "one");
  h.append("X-Multi", "two");
  h.append("X-Multi", "three");
  h.set("X-Single", "solo");
  pub.publish("hdr.multi", "body", { headers: h });
  const [m] = await c.waitFor(1);
  assert.deepEqual(m.headers.values("X-Multi"), ["one", "two", "three"]);
  assert.deepEqual(m.headers.values("X-Single"), ["solo"]);
  assert.equal(m.string(), "body");
});

test("a header-only message with an empty payload is delivered with its headers and zero-length data", async () => {
  const { pub, c } = await pair("hdr.only");
  const h = headers();
  h.set("X-Only", "yes");
  pub.publish("hdr.only", Empty, { headers: h });
  const [m] = await c.waitFor(1);
  assert.equal(m.data.length, 0);
  assert.ok(m.headers);
  assert.equal(m.headers.get("X-Only"), "yes");
});

test("a message without headers that follows one with headers has no headers", async () => {
  const { pub, c } = await pair("hdr.mixed");
  const h = headers();
  h.set("X-First", "1");
  pub.publish("hdr.mixed", "with", { headers: h });
  pub.publish("hdr.mixed", "without");
  pub.publish("hdr.mixed", "again", { headers: h });
  await c.waitFor(3);
  assert.deepEqual(c.strings(), ["with", "without", "again"]);
  assert.equal(c.msgs[0].headers.get("X-First"), "1");
  assert.equal(c.msgs[1].headers, undefined);
  assert.equal(c.msgs[2].headers.get("X-First"), "1");
});

test("headers reach wildcard and queue subscribers too", async () => {
  const sub = await env.connect();
  const wild = new Collector(sub, "hdr.w.>");
  const queued = new Collector(sub, "hdr.w.x", { queue: "q" });
  await sub.flush();
  const pub = await env.connect();
  const h = headers();
  h.set("X-Route", "w");
  pub.publish("hdr.w.x", "p", { headers: h });
  await Promise.all([wild.waitFor(1), queued.waitFor(1)]);
  for (const m of [wild.msgs[0], queued.msgs[0]]) {
    assert.equal(m.headers.get("X-Route"), "w");
    assert.equal(m.string(), "p");
  }
});

test("request and reply both carry headers", async () => {
  const responder = await env.connect();
  responder.subscribe("hdr.svc", {
    callback: (_err, msg) => {
      const out = headers();
      out.set("X-Echo", msg.headers?.get("X-Ask") ?? "missing");
      msg.respond("answer", { headers: out });
    },
  });
  await responder.flush();
  const client = await env.connect();
  const h = headers();
  h.set("X-Ask", "question-7");
  const reply = await client.request("hdr.svc", "q", { headers: h, timeout: 5000 });
  assert.equal(reply.headers.get("X-Echo"), "question-7");
  assert.equal(reply.string(), "answer");
});

test("a large header block round-trips", async () => {
  const { pub, c } = await pair("hdr.large");
  const h = headers();
  const long = "v".repeat(8000);
  for (let i = 0; i < 20; i++) h.set(`X-Key-${i}`, `${i}-${long}`);
  pub.publish("hdr.large", "x", { headers: h });
  const [m] = await c.waitFor(1);
  for (let i = 0; i < 20; i++) assert.equal(m.headers.get(`X-Key-${i}`), `${i}-${long}`);
});
