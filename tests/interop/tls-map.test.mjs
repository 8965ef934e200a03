// verify_and_map: the client certificate names the user (its e-mail address, DNS name or subject), no
// password is asked, and the user's account applies. Certificates made with openssl for this run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "@nats-io/transport-node";
import { startServer } from "./server.mjs";
import { testCertificates } from "./certs.mjs";
import { Collector, withTimeout } from "./helpers.mjs";

const certs = testCertificates("tlsmap");
const f = certs.file;
const issue = certs.issue;
issue("alice", "/CN=alice/O=Acme", "email:alice@acme.test");
issue("bob", "/CN=bob/O=Acme");
issue("carol", "/CN=carol/O=Elsewhere");

let server;
before(async () => {
  server = await startServer({
    config: `
tls { cert_file: "${f("server.pem")}", key_file: "${f("server.key")}", ca_file: "${f("ca.pem")}", verify_and_map: true }
accounts {
  A { users: [ { user: "alice@acme.test" } ] }
  B { users: [ { user: "CN=bob, O=Acme" } ] }
}
`,
  });
});
after(async () => {
  await server?.stop();
  certs.remove();
});

const open = (who) =>
  withTimeout(connect({ servers: server.url, reconnect: false, timeout: 5_000, tls: { caFile: f("ca.pem"), certFile: f(`${who}.pem`), keyFile: f(`${who}.key`) } }), 10_000, `${who} to connect`);

test("a certificate's e-mail address and subject name their users, each in its account", async () => {
  const alice = await open("alice");
  const bob = await open("bob");
  try {
    const inA = new Collector(alice, "news");
    const inB = new Collector(bob, "news");
    await alice.flush();
    await bob.flush();
    bob.publish("news", "for B");
    await inB.waitFor(1);
    alice.publish("news", "for A");
    await inA.waitFor(1);
    assert.deepEqual(inA.strings(), ["for A"]);
    assert.deepEqual(inB.strings(), ["for B"]);
  } finally {
    await alice.close();
    await bob.close();
  }
});

test("a verified certificate that names no user is refused", async () => {
  await assert.rejects(open("carol"), /Authorization Violation/i);
});

test("a client without a certificate is refused", async () => {
  await assert.rejects(withTimeout(connect({ servers: server.url, reconnect: false, timeout: 5_000, tls: { caFile: f("ca.pem") } }), 10_000, "connect"));
});
