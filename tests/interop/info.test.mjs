// The INFO block as the client sees it, plus flush and round-trip time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createConnection } from "node:net";
import { useServer, withTimeout } from "./helpers.mjs";

const env = useServer();

test("INFO carries a server_id of 56 characters starting with N", async () => {
  const nc = await env.connect();
  const id = nc.info.server_id;
  assert.equal(typeof id, "string");
  assert.equal(id.length, 56, `server_id ${id}`);
  assert.ok(id.startsWith("N"), `server_id ${id}`);
  assert.match(id, /^[A-Z2-7]+$/, "server_id is base32 upper case");
});

test("INFO carries a version string in semver form", async () => {
  const nc = await env.connect();
  assert.match(nc.info.version, /^\d+\.\d+\.\d+/);
});

test("INFO announces protocol 1 and header support", async () => {
  const nc = await env.connect();
  assert.equal(nc.info.proto, 1);
  assert.equal(nc.info.headers, true);
});

test("INFO carries max_payload as a positive number", async () => {
  const nc = await env.connect();
  assert.equal(typeof nc.info.max_payload, "number");
  assert.ok(nc.info.max_payload > 0);
});

test("INFO carries the client's id and the client's IP as seen by the server", async () => {
  const a = await env.connect();
  const b = await env.connect();
  assert.equal(typeof a.info.client_id, "number");
  assert.ok(a.info.client_id > 0);
  assert.notEqual(a.info.client_id, b.info.client_id, "each connection gets its own client_id");
  assert.equal(a.info.client_ip, "127.0.0.1");
});

test("INFO reports the port the server is listening on and the same server_id to every client", async () => {
  const a = await env.connect();
  const b = await env.connect();
  assert.equal(a.info.port, env.port);
  assert.equal(a.info.server_id, b.info.server_id);
  assert.equal(typeof a.info.host, "string");
});

test("INFO does not ask for authentication or TLS when none is configured", async () => {
  const nc = await env.connect();
  assert.ok(!nc.info.auth_required, "auth_required should be absent or false");
  assert.ok(!nc.info.tls_required, "tls_required should be absent or false");
});

test("flush resolves once the server has answered, also after a burst of publishes", async () => {
  const nc = await env.connect();
  await withTimeout(nc.flush(), 5000, "flush");
  for (let i = 0; i < 1000; i++) nc.publish("info.burst", "x");
  await withTimeout(nc.flush(), 5000, "flush after burst");
  await withTimeout(Promise.all(Array.from({ length: 20 }, () => nc.flush())), 5000, "20 concurrent flushes");
});

test("rtt gets its answer from the server", async () => {
  const nc = await env.connect();
  const rtt = await withTimeout(nc.rtt(), 5000, "rtt");
  assert.ok(rtt >= 0, `rtt ${rtt}`);
});

/** The first line the server sends on a plain TCP connection, read without any client library. */
function rawInfoLine(port) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      const end = text.indexOf("\r\n");
      if (end >= 0) {
        socket.destroy();
        resolve(text.slice(0, end + 2));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`closed before a line; got ${JSON.stringify(text)}`)));
  });
}

test("the server's own INFO line is 'INFO {json} ' and says what the client reports", async () => {
  const line = await withTimeout(rawInfoLine(env.port), 5000, "the INFO line");
  assert.match(line, /^INFO \{.*\} \r\n$/, JSON.stringify(line));
  const info = JSON.parse(line.slice("INFO ".length, -3));
  assert.match(info.server_id, /^N[A-Z2-7]{55}$/);
  assert.equal(info.proto, 1);
  assert.equal(info.headers, true);
  assert.equal(info.max_payload, 1048576);
  assert.equal(info.port, env.port);
  assert.equal(info.client_ip, "127.0.0.1");
  const nc = await env.connect();
  assert.equal(nc.info.server_id, info.server_id, "every client gets the same server_id");
  assert.ok(nc.info.client_id > info.client_id, "client ids grow with each connection");
});
