// Queue groups: one member of a group gets each message; plain subscribers get all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, Collector, withTimeout, latch } from "./helpers.mjs";

const env = useServer();

test("1,000 messages to a 3-member queue group are spread over all members with none lost or duplicated, while a plain subscriber gets all 1,000", async () => {
  const N = 1000;
  const members = [];
  const all = latch(N);
  const conns = [];
  for (let i = 0; i < 3; i++) {
    const nc = await env.connect();
    conns.push(nc);
    members.push(
      new Collector(nc, "work.items", { queue: "workers" }, all.arrive),
    );
  }
  const plainConn = await env.connect();
  const plain = new Collector(plainConn, "work.items");
  await Promise.all([...conns, plainConn].map((nc) => nc.flush()));

  const pub = await env.connect();
  for (let i = 0; i < N; i++) pub.publish("work.items", String(i));
  await pub.flush();

  await withTimeout(all.done, 10_000, () => `queue members to receive ${N} in total (have ${all.arrived})`);
  await plain.waitFor(N);
  // Anything the server had queued for a member is delivered before its PONG:
  // after these flushes a duplicate or an extra message would have shown up.
  await Promise.all(conns.map((nc) => nc.flush()));

  const counts = members.map((m) => m.count);
  for (const [i, c] of counts.entries()) assert.ok(c > 0, `member ${i} got no message (counts ${counts})`);
  assert.equal(counts.reduce((a, b) => a + b, 0), N, `counts ${counts}`);
  const seen = new Set();
  for (const m of members) {
    for (const s of m.strings()) {
      assert.ok(!seen.has(s), `message ${s} was delivered to two members`);
      seen.add(s);
    }
  }
  assert.equal(seen.size, N);
  for (let i = 0; i < N; i++) assert.ok(seen.has(String(i)), `message ${i} lost`);
  assert.deepEqual(plain.strings(), Array.from({ length: N }, (_, i) => String(i)));
});

test("two different queue groups on the same subject each receive every message once", async () => {
  const N = 200;
  const a = await env.connect();
  const b = await env.connect();
  const groupA = latch(N);
  const groupB = latch(N);
  const membersA = [
    new Collector(a, "jobs.x", { queue: "A" }, groupA.arrive),
    new Collector(b, "jobs.x", { queue: "A" }, groupA.arrive),
  ];
  const membersB = [
    new Collector(a, "jobs.x", { queue: "B" }, groupB.arrive),
    new Collector(b, "jobs.x", { queue: "B" }, groupB.arrive),
  ];
  await Promise.all([a.flush(), b.flush()]);
  const pub = await env.connect();
  for (let i = 0; i < N; i++) pub.publish("jobs.x", String(i));
  await pub.flush();
  await withTimeout(groupA.done, 10_000, () => `group A to receive ${N} (have ${groupA.arrived})`);
  await withTimeout(groupB.done, 10_000, () => `group B to receive ${N} (have ${groupB.arrived})`);
  await Promise.all([a.flush(), b.flush()]);
  for (const g of [membersA, membersB]) {
    const all = g.flatMap((c) => c.strings()).map(Number).sort((x, y) => x - y);
    assert.deepEqual(all, Array.from({ length: N }, (_, i) => i));
  }
});

test("a queue subscription with a wildcard subject receives matching messages", async () => {
  const nc = await env.connect();
  const q = new Collector(nc, "qwild.*", { queue: "g" });
  await nc.flush();
  const pub = await env.connect();
  pub.publish("qwild.a", "1");
  pub.publish("qwild.a.b", "no");
  pub.publish("qwild.b", "2");
  await q.waitFor(2);
  await nc.flush();
  assert.deepEqual(q.subjects(), ["qwild.a", "qwild.b"]);
});

test("when a queue member unsubscribes the remaining member gets all subsequent messages", async () => {
  const a = await env.connect();
  const b = await env.connect();
  const ma = new Collector(a, "qleave", { queue: "g" });
  const mb = new Collector(b, "qleave", { queue: "g" });
  await Promise.all([a.flush(), b.flush()]);
  ma.sub.unsubscribe();
  await a.flush();
  const pub = await env.connect();
  for (let i = 0; i < 50; i++) pub.publish("qleave", String(i));
  await mb.waitFor(50);
  assert.equal(ma.count, 0);
});
