// Core publish/subscribe: delivery, subject wildcards, unsubscribe, auto-unsubscribe
// after a maximum, and echo suppression.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, Collector } from "./helpers.mjs";

const env = useServer();

// Every wildcard test publishes its subjects from one connection and ends with a
// sentinel that the subscription matches. NATS keeps the order of messages from
// one publisher to one subscription, so once the sentinel has arrived every
// matching message published before it has arrived too, and nothing else will.
async function deliveredSubjects(pattern, published, sentinel) {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, pattern);
  await sub.flush(); // the server has registered the subscription
  for (const s of published) pub.publish(s, "x");
  pub.publish(sentinel, "END");
  await c.waitUntil((msgs) => msgs.some((m) => m.string() === "END"));
  return c.subjects();
}

test("a message published on one connection reaches a subscriber on another with subject and payload intact", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, "greet.hello");
  await sub.flush();
  pub.publish("greet.hello", "hello world");
  const [m] = await c.waitFor(1);
  assert.equal(m.subject, "greet.hello");
  assert.equal(m.string(), "hello world");
  assert.ok(!m.reply, "a plain publish carries no reply subject");
});

test("messages from one publisher arrive in the order they were published", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, "order.test");
  await sub.flush();
  for (let i = 0; i < 200; i++) pub.publish("order.test", String(i));
  await c.waitFor(200);
  assert.deepEqual(c.strings(), Array.from({ length: 200 }, (_, i) => String(i)));
});

test("an empty payload is delivered as a zero-length message", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, "empty.payload");
  await sub.flush();
  pub.publish("empty.payload");
  const [m] = await c.waitFor(1);
  assert.equal(m.data.length, 0);
});

test("a binary payload with CR, LF and NUL bytes round-trips byte for byte", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, "binary.payload");
  await sub.flush();
  const data = new Uint8Array(256);
  for (let i = 0; i < data.length; i++) data[i] = i;
  const tricky = new TextEncoder().encode("MSG a 1 2\r\n\r\nPING\r\n");
  pub.publish("binary.payload", data);
  pub.publish("binary.payload", tricky);
  await c.waitFor(2);
  assert.deepEqual(Buffer.from(c.msgs[0].data), Buffer.from(data));
  assert.deepEqual(Buffer.from(c.msgs[1].data), Buffer.from(tricky));
});

test("a subscriber on the publishing connection receives its own message when echo is on (the default)", async () => {
  const nc = await env.connect();
  const c = new Collector(nc, "self.echo");
  nc.publish("self.echo", "me");
  const [m] = await c.waitFor(1);
  assert.equal(m.string(), "me");
});

test("wildcard foo.* matches exactly one token after foo and not foo.a.b nor foo", async () => {
  const got = await deliveredSubjects("foo.*", ["foo.a", "foo.b", "foo.a.b", "foo", "bar.a", "foox.a"], "foo.end");
  assert.deepEqual(got, ["foo.a", "foo.b", "foo.end"]);
});

test("wildcard foo.> matches one or more tokens after foo and not foo itself", async () => {
  const got = await deliveredSubjects("foo.>", ["foo", "foo.a", "foo.a.b", "foo.a.b.c", "bar.a", "foox.a"], "foo.end");
  assert.deepEqual(got, ["foo.a", "foo.a.b", "foo.a.b.c", "foo.end"]);
});

test("wildcard * in the middle foo.*.baz matches only three-token subjects ending in baz", async () => {
  const got = await deliveredSubjects(
    "foo.*.baz",
    ["foo.a.baz", "foo.a.b.baz", "foo.baz", "foo.a.bar", "foo.b.baz.c", "x.a.baz"],
    "foo.end.baz",
  );
  assert.deepEqual(got, ["foo.a.baz", "foo.end.baz"]);
});

test("wildcard *.*.c with two stars matches any two leading tokens", async () => {
  const got = await deliveredSubjects("*.*.c", ["a.b.c", "x.y.c", "a.c", "a.b.c.d", "a.b.d"], "end.end.c");
  assert.deepEqual(got, ["a.b.c", "x.y.c", "end.end.c"]);
});

test("full wildcard > matches every subject", async () => {
  const got = await deliveredSubjects(">", ["a", "a.b", "x.y.z", "foo.bar.baz.qux"], "end");
  assert.deepEqual(got, ["a", "a.b", "x.y.z", "foo.bar.baz.qux", "end"]);
});

test("overlapping subscriptions on one connection each get their own copy of a message", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const exact = new Collector(sub, "over.a");
  const star = new Collector(sub, "over.*");
  const gt = new Collector(sub, "over.>");
  await sub.flush();
  pub.publish("over.a", "one");
  await Promise.all([exact.waitFor(1), star.waitFor(1), gt.waitFor(1)]);
  // A later message on a subject only over.> matches proves no extra copies came.
  pub.publish("over.a.b", "two");
  await gt.waitFor(2);
  assert.deepEqual(exact.strings(), ["one"]);
  assert.deepEqual(star.strings(), ["one"]);
  assert.deepEqual(gt.strings(), ["one", "two"]);
});

test("after unsubscribe a subscription receives nothing more while others still do", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const gone = new Collector(sub, "unsub.test");
  const stays = new Collector(sub, "unsub.test");
  await sub.flush();
  pub.publish("unsub.test", "1");
  await Promise.all([gone.waitFor(1), stays.waitFor(1)]);
  gone.sub.unsubscribe();
  await sub.flush();
  pub.publish("unsub.test", "2");
  pub.publish("unsub.test", "3");
  await stays.waitFor(3);
  assert.deepEqual(gone.strings(), ["1"]);
  assert.ok(gone.sub.isClosed());
  // The subscriber connection got 1 copy for the removed sub and 3 for the other.
  assert.equal(sub.stats().inMsgs, 4);
});

test("sub.unsubscribe(5) delivers exactly 5 messages and the server stops sending after them", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, "max.unsub");
  c.sub.unsubscribe(5);
  const closed = c.sub.closed;
  await sub.flush();
  for (let i = 0; i < 20; i++) pub.publish("max.unsub", String(i));
  await pub.flush();
  await c.waitFor(5);
  // A sentinel subscription on the same connection: once its message arrives,
  // anything the server sent for max.unsub before it has arrived as well.
  const sentinel = new Collector(sub, "max.sentinel");
  await sub.flush();
  pub.publish("max.sentinel", "end");
  await sentinel.waitFor(1);
  assert.deepEqual(c.strings(), ["0", "1", "2", "3", "4"]);
  assert.equal(await closed, undefined);
  assert.ok(c.sub.isClosed());
  // Server side: only 5 + 1 messages were written to this connection.
  assert.equal(sub.stats().inMsgs, 6);
});

test("subscribe with the max option delivers exactly 5 messages", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, "max.option", { max: 5 });
  await sub.flush();
  for (let i = 0; i < 12; i++) pub.publish("max.option", String(i));
  await c.waitFor(5);
  const sentinel = new Collector(sub, "max.sentinel2");
  await sub.flush();
  pub.publish("max.sentinel2", "end");
  await sentinel.waitFor(1);
  assert.deepEqual(c.strings(), ["0", "1", "2", "3", "4"]);
  assert.ok(c.sub.isClosed());
  assert.equal(sub.stats().inMsgs, 6);
});

test("with echo false a connection does not receive its own messages but other connections do", async () => {
  const quiet = await env.connect({ noEcho: true });
  const other = await env.connect();
  const own = new Collector(quiet, "echo.off");
  const theirs = new Collector(other, "echo.off");
  await Promise.all([quiet.flush(), other.flush()]);
  for (let i = 0; i < 10; i++) quiet.publish("echo.off", `q${i}`);
  await theirs.waitFor(10);
  // Any echo of q0..q9 would be written before the PONG answering this flush.
  await quiet.flush();
  // Messages from another connection still reach the no-echo connection.
  other.publish("echo.off", "from-other");
  await own.waitFor(1);
  await theirs.waitFor(11);
  assert.deepEqual(own.strings(), ["from-other"]);
  assert.deepEqual(theirs.strings(), [...Array.from({ length: 10 }, (_, i) => `q${i}`), "from-other"]);
  assert.equal(quiet.stats().inMsgs, 1);
});
