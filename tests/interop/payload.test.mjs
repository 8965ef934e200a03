// Payload size limits: the largest allowed message round-trips; larger ones are
// refused by the client, and by the server on the wire.
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { randomBytes } from "node:crypto";
import { InvalidArgumentError } from "@nats-io/transport-node";
import { useServer, Collector, withTimeout } from "./helpers.mjs";

const env = useServer();

test("the server advertises the default max_payload of 1 MB", async () => {
  const nc = await env.connect();
  assert.equal(nc.info.max_payload, 1024 * 1024);
});

test("a payload of exactly max_payload bytes round-trips intact", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const max = pub.info.max_payload;
  const c = new Collector(sub, "big.exact");
  await sub.flush();
  const data = randomBytes(max);
  pub.publish("big.exact", data);
  const [m] = await c.waitFor(1, 15_000);
  assert.equal(m.data.length, max);
  assert.ok(Buffer.from(m.data).equals(data), "payload bytes differ");
});

test("several near-max payloads in a row round-trip intact and in order", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const max = pub.info.max_payload;
  const c = new Collector(sub, "big.many");
  await sub.flush();
  const sent = [];
  for (let i = 0; i < 5; i++) {
    const d = randomBytes(max - 1 - i * 1000);
    d[0] = i;
    sent.push(d);
    pub.publish("big.many", d);
  }
  await c.waitFor(5, 20_000);
  c.msgs.forEach((m, i) => assert.ok(Buffer.from(m.data).equals(sent[i]), `message ${i} differs`));
});

test("a near-max payload with headers round-trips when headers plus payload fit in max_payload", async () => {
  const { headers } = await import("@nats-io/transport-node");
  const sub = await env.connect();
  const pub = await env.connect();
  const max = pub.info.max_payload;
  const c = new Collector(sub, "big.hdr");
  await sub.flush();
  const h = headers();
  h.set("X-Big", "1");
  const hlen = h.encode().length;
  const data = randomBytes(max - hlen);
  pub.publish("big.hdr", data, { headers: h });
  const [m] = await c.waitFor(1, 15_000);
  assert.equal(m.headers.get("X-Big"), "1");
  assert.ok(Buffer.from(m.data).equals(data));
});

test("publishing more than max_payload bytes is refused by the client and the connection stays usable", async () => {
  const nc = await env.connect();
  const max = nc.info.max_payload;
  assert.throws(() => nc.publish("big.over", new Uint8Array(max + 1)), (err) => {
    assert.ok(err instanceof InvalidArgumentError, String(err));
    assert.match(err.message, /max_payload/);
    return true;
  });
  const c = new Collector(nc, "big.after");
  nc.publish("big.after", "still fine");
  await c.waitFor(1);
  assert.equal(nc.isClosed(), false);
});

// The client library never lets an oversized PUB reach the wire, so speak the
// protocol directly to see what the server does with one.
function rawSession(port) {
  const sock = net.connect({ host: "127.0.0.1", port });
  let buf = "";
  const waiters = [];
  let ended = false;
  const endP = new Promise((resolve) => {
    sock.on("close", () => {
      ended = true;
      resolve();
      for (const w of waiters.splice(0)) w.check();
    });
  });
  sock.on("error", () => {});
  sock.on("data", (d) => {
    buf += d.toString("latin1");
    for (const w of [...waiters]) w.check();
  });
  return {
    sock,
    get text() {
      return buf;
    },
    closed: endP,
    isClosed: () => ended,
    waitFor(re, ms = 5000) {
      return withTimeout(
        new Promise((resolve, reject) => {
          const w = {
            check() {
              const m = re.exec(buf);
              if (m) {
                waiters.splice(waiters.indexOf(w), 1);
                resolve(m);
              } else if (ended) {
                waiters.splice(waiters.indexOf(w), 1);
                reject(new Error(`socket closed before ${re}; got ${JSON.stringify(buf)}`));
              }
            },
          };
          waiters.push(w);
          w.check();
        }),
        ms,
        () => `${re} from server; got ${JSON.stringify(buf)}`,
      );
    },
    send(s) {
      sock.write(s);
    },
  };
}

test("a raw PUB announcing more than max_payload bytes gets -ERR 'Maximum Payload Violation' and the connection is closed", async () => {
  const s = rawSession(env.port);
  try {
    const [, infoJson] = await s.waitFor(/^INFO (\{.*\}) *\r\n/);
    const info = JSON.parse(infoJson);
    s.send('CONNECT {"verbose":false,"pedantic":false,"protocol":1}\r\nPING\r\n');
    await s.waitFor(/PONG\r\n/);
    s.send(`PUB big.raw ${info.max_payload + 1}\r\n`);
    await s.waitFor(/-ERR 'Maximum Payload Violation'\r\n/);
    await withTimeout(s.closed, 5000, "server to close the connection");
  } finally {
    s.sock.destroy();
  }
});

test("a raw PUB of exactly max_payload bytes is accepted", async () => {
  const s = rawSession(env.port);
  try {
    const [, infoJson] = await s.waitFor(/^INFO (\{.*\}) *\r\n/);
    const max = JSON.parse(infoJson).max_payload;
    s.send('CONNECT {"verbose":false,"pedantic":false,"protocol":1}\r\nSUB big.rawok 1\r\n');
    s.send(`PUB big.rawok ${max}\r\n`);
    s.send(Buffer.alloc(max, 0x61));
    s.send("\r\nPING\r\n");
    await s.waitFor(new RegExp(`MSG big.rawok 1 ${max}\\r\\n`), 10_000);
    await s.waitFor(/PONG\r\n/, 10_000);
    assert.ok(!s.text.includes("-ERR"), s.text.slice(0, 300));
    assert.equal(s.isClosed(), false);
  } finally {
    s.sock.destroy();
  }
});
