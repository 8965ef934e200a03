// Request/reply across connections and the no-responders status.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RequestError, NoRespondersError, TimeoutError, createInbox } from "@nats-io/transport-node";
import { useServer, Collector, withTimeout } from "./helpers.mjs";

const env = useServer();

async function startEchoService(subject, opts = {}, onRequest = () => {}) {
  const nc = await env.connect();
  const sub = nc.subscribe(subject, {
    ...opts,
    callback: (err, msg) => {
      if (err) return;
      onRequest(msg);
      msg.respond(`echo:${msg.string()}`);
    },
  });
  await nc.flush();
  return { nc, sub };
}

test("a request from one connection is answered by a responder on another connection", async () => {
  await startEchoService("svc.echo");
  const client = await env.connect();
  const reply = await client.request("svc.echo", "ping", { timeout: 5000 });
  assert.equal(reply.string(), "echo:ping");
});

test("the responder sees a reply subject and the requester's payload", async () => {
  const responder = await env.connect();
  const c = new Collector(responder, "svc.inspect", {}, (m) => m.respond("ok"));
  await responder.flush();
  const client = await env.connect();
  const reply = await client.request("svc.inspect", "payload-123", { timeout: 5000 });
  assert.equal(reply.string(), "ok");
  const [m] = c.msgs;
  assert.equal(m.string(), "payload-123");
  assert.ok(m.reply && m.reply.length > 0, "request carries a reply subject");
  assert.ok(m.reply.startsWith("_INBOX."), `reply subject ${m.reply} is an inbox`);
});

test("100 concurrent requests each get their own matching reply", async () => {
  await startEchoService("svc.many");
  const client = await env.connect();
  const replies = await Promise.all(
    Array.from({ length: 100 }, (_, i) => client.request("svc.many", `r${i}`, { timeout: 5000 })),
  );
  assert.deepEqual(
    replies.map((r) => r.string()),
    Array.from({ length: 100 }, (_, i) => `echo:r${i}`),
  );
});

test("requests without the shared inbox (noMux) also get their replies", async () => {
  await startEchoService("svc.nomux");
  const client = await env.connect();
  for (let i = 0; i < 5; i++) {
    const r = await client.request("svc.nomux", `n${i}`, { timeout: 5000, noMux: true });
    assert.equal(r.string(), `echo:n${i}`);
  }
});

test("a request to a queue-group service is handled by exactly one member", async () => {
  let handled = 0;
  const count = () => handled++;
  const a = await startEchoService("svc.queued", { queue: "svc" }, count);
  const b = await startEchoService("svc.queued", { queue: "svc" }, count);
  const client = await env.connect();
  const inbox = createInbox();
  const c = new Collector(client, inbox);
  await client.flush();
  client.publish("svc.queued", "q", { reply: inbox });
  await c.waitFor(1);
  // The server routed the request before the answer existed; anything it queued
  // for either member is delivered before the PONG of these flushes.
  await Promise.all([a.nc.flush(), b.nc.flush()]);
  await client.flush();
  assert.equal(handled, 1);
  assert.equal(c.count, 1);
  assert.equal(c.msgs[0].string(), "echo:q");
});

test("a request to a subject with no subscriber fails fast with the no-responders error (status 503)", async () => {
  const client = await env.connect();
  const start = Date.now();
  const err = await client.request("nobody.listens.here", "hello?", { timeout: 5000 }).then(
    () => assert.fail("request should have been rejected"),
    (e) => e,
  );
  const elapsed = Date.now() - start;
  assert.ok(err instanceof RequestError, `expected RequestError, got ${err && err.name}: ${err && err.message}`);
  assert.ok(err.isNoResponders(), `expected no-responders, got ${err.message}`);
  assert.ok(err.cause instanceof NoRespondersError);
  assert.ok(elapsed < 2000, `no-responders took ${elapsed} ms; the server should answer at once`);
});

test("a publish with a reply subject and no subscriber gets a header-only 503 status message on that reply subject", async () => {
  const client = await env.connect();
  const inbox = createInbox();
  const c = new Collector(client, inbox);
  await client.flush();
  client.publish("also.nobody", "x", { reply: inbox });
  const [m] = await c.waitFor(1);
  assert.equal(m.subject, inbox);
  assert.equal(m.data.length, 0, "status message has no payload");
  assert.ok(m.headers, "status message carries a header block");
  assert.equal(m.headers.code, 503);
});

test("a request whose responder never answers times out on the client", async () => {
  const silent = await env.connect();
  silent.subscribe("svc.silent", { callback: () => {} });
  await silent.flush();
  const client = await env.connect();
  const start = Date.now();
  const err = await client.request("svc.silent", "hi", { timeout: 300 }).then(
    () => assert.fail("request should time out"),
    (e) => e,
  );
  assert.ok(err instanceof RequestError || err instanceof TimeoutError, String(err));
  assert.ok(!(err instanceof RequestError && err.isNoResponders()), "must not be reported as no-responders");
  assert.ok(Date.now() - start < 5000);
});

test("a reply published to a manually chosen inbox reaches the requester", async () => {
  const responder = await env.connect();
  responder.subscribe("svc.manual", { callback: (_e, m) => responder.publish(m.reply, "manual-answer") });
  await responder.flush();
  const client = await env.connect();
  const inbox = createInbox();
  const c = new Collector(client, inbox);
  await client.flush();
  client.publish("svc.manual", "q", { reply: inbox });
  const [m] = await withTimeout(c.waitFor(1), 5000, "manual reply");
  assert.equal(m.string(), "manual-answer");
  assert.equal(m.subject, inbox);
});
