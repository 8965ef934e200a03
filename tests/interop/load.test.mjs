// Many connections and fan-out volume: nothing lost, per-publisher order kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, withTimeout, latch } from "./helpers.mjs";

const env = useServer();
const enc = new TextEncoder();
const dec = new TextDecoder();

test("50 concurrent connections each publishing and subscribing account for every message", async () => {
  const C = 50;
  const M = 20;
  const conns = await Promise.all(Array.from({ length: C }, () => env.connect()));
  // received[r][s] = sequence numbers connection r got from sender s, in order.
  const received = conns.map(() => Array.from({ length: C }, () => []));
  const all = latch(C * C * M);
  const errors = [];
  conns.forEach((nc, r) => {
    nc.subscribe("many.*", {
      callback: (err, msg) => {
        if (err) {
          errors.push(err);
          return;
        }
        const [s, n] = dec.decode(msg.data).split(":").map(Number);
        if (msg.subject !== `many.${s}`) errors.push(new Error(`subject ${msg.subject} for sender ${s}`));
        received[r][s].push(n);
        all.arrive();
      },
    });
  });
  await Promise.all(conns.map((nc) => nc.flush()));
  conns.forEach((nc, s) => {
    for (let n = 0; n < M; n++) nc.publish(`many.${s}`, enc.encode(`${s}:${n}`));
  });
  await Promise.all(conns.map((nc) => nc.flush()));
  await withTimeout(all.done, 20_000, () => `${C * C * M} deliveries (have ${all.arrived})`);
  // Any extra or duplicate delivery would be written before these PONGs.
  await Promise.all(conns.map((nc) => nc.flush()));
  assert.deepEqual(errors, []);
  const expected = Array.from({ length: M }, (_, i) => i);
  for (let r = 0; r < C; r++) {
    for (let s = 0; s < C; s++) {
      assert.deepEqual(received[r][s], expected, `connection ${r} from sender ${s}`);
    }
  }
  assert.equal(all.arrived, C * C * M);
});

test("50 connections open at once each get a distinct client id", async () => {
  const conns = await Promise.all(Array.from({ length: 50 }, () => env.connect()));
  const ids = new Set(conns.map((nc) => nc.info.client_id));
  assert.equal(ids.size, 50);
  await Promise.all(conns.map((nc) => withTimeout(nc.rtt(), 5_000, "rtt")));
});

test("1 publisher to 10 subscribers with 10,000 messages each: none lost and order kept per subscriber", async () => {
  const S = 10;
  const N = 10_000;
  const subs = await Promise.all(Array.from({ length: S }, () => env.connect()));
  const next = new Array(S).fill(0);
  const errors = [];
  const all = latch(S * N);
  subs.forEach((nc, i) => {
    nc.subscribe("fan.out", {
      callback: (err, msg) => {
        if (err) {
          errors.push(err);
          return;
        }
        const n = msg.data.length >= 4 ? new DataView(msg.data.buffer, msg.data.byteOffset, 4).getUint32(0) : -1;
        if (n !== next[i] && errors.length < 10) errors.push(new Error(`subscriber ${i} expected ${next[i]} got ${n}`));
        next[i] = n + 1;
        all.arrive();
      },
    });
  });
  await Promise.all(subs.map((nc) => nc.flush()));
  const pub = await env.connect();
  const payload = new Uint8Array(32);
  const view = new DataView(payload.buffer);
  for (let n = 0; n < N; n++) {
    view.setUint32(0, n);
    pub.publish("fan.out", payload.slice());
    if (n % 1000 === 999) await pub.flush();
  }
  await pub.flush();
  await withTimeout(all.done, 30_000, () => `${S * N} deliveries (have ${all.arrived}, per subscriber ${next})`);
  await Promise.all(subs.map((nc) => nc.flush()));
  assert.deepEqual(errors, []);
  assert.deepEqual(next, new Array(S).fill(N));
  assert.equal(all.arrived, S * N);
});
