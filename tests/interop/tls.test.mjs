// TLS on the client port as nats-server does it (INFO in clear with tls_required, then the
// handshake): the official client connects with the test's CA, and a plaintext client is refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { connect } from "@nats-io/transport-node";
import { startServer } from "./server.mjs";
import { testCertificates } from "./certs.mjs";
import { withTimeout } from "./helpers.mjs";

const certs = testCertificates("tls");
const f = certs.file;

let server;
before(async () => {
  server = await startServer({ config: `tls { cert_file: "${f("server.pem")}", key_file: "${f("server.key")}" }\n` });
});
after(async () => {
  await server?.stop();
  certs.remove();
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
