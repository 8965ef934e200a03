// TLS on the client port as nats-server does it (INFO in clear with tls_required, then the
// handshake): the official client connects with the test's CA, and a plaintext client is refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";
import { connect } from "@nats-io/transport-node";
import { startServer } from "./server.mjs";
import { withTimeout } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "interop-tls-"));
const f = (name) => join(dir, name);
const openssl = (...args) => execFileSync("openssl", args, { stdio: "pipe" });
// A throw-away CA and a server certificate for 127.0.0.1 signed by it.
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=webbroker-test-ca", "-keyout", f("ca.key"), "-out", f("ca.pem"));
openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", f("server.key"), "-out", f("server.csr"));
writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
openssl("x509", "-req", "-in", f("server.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial", "-days", "1", "-extfile", f("ext.cnf"), "-out", f("server.pem"));

let server;
before(async () => {
  server = await startServer({ config: `tls { cert_file: "${f("server.pem")}", key_file: "${f("server.key")}" }\n` });
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("the official client connects over TLS with the CA and exchanges messages", async () => {
  const nc = await withTimeout(connect({ servers: server.url, tls: { caFile: f("ca.pem") }, reconnect: false }), 10_000, "tls connect");
  try {
    assert.equal(nc.info.tls_required, true);
    const sub = nc.subscribe("secure.>", { max: 1 });
    nc.publish("secure.hello", "over tls");
    for await (const m of sub) assert.equal(m.string(), "over tls");
  } finally {
    await nc.close();
  }
});

test("a client that does not trust the certificate is refused", async () => {
  await assert.rejects(connect({ servers: server.url, reconnect: false, timeout: 3_000 }));
});

test("a plaintext client sees tls_required and is cut off", async () => {
  const closed = await withTimeout(
    new Promise((resolve, reject) => {
      const s = net.createConnection({ host: "127.0.0.1", port: server.port });
      let text = "";
      s.on("data", (d) => {
        text += d.toString("latin1");
        if (text.includes("\r\n") && !s.sentConnect) {
          s.sentConnect = true;
          assert.match(text, /"tls_required":true/);
          s.write('CONNECT {"verbose":false}\r\nPING\r\n');
        }
      });
      s.on("close", () => resolve(text));
      s.on("error", () => resolve(text));
    }),
    10_000,
    "plaintext client closed",
  );
  assert.ok(!closed.includes("PONG"), "a plaintext client got an answer");
});
