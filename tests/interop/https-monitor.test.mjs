// Monitoring over HTTPS (https_port) with the tls {} certificate, as nats-server serves it.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import https from "node:https";
import { startServer } from "./server.mjs";
import { withTimeout } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "interop-https-"));
const f = (name) => join(dir, name);
const openssl = (...args) => execFileSync("openssl", args, { stdio: "pipe" });
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=webbroker-test-ca", "-keyout", f("ca.key"), "-out", f("ca.pem"));
openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", f("server.key"), "-out", f("server.csr"));
writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
openssl("x509", "-req", "-in", f("server.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial", "-days", "1", "-extfile", f("ext.cnf"), "-out", f("server.pem"));
after(() => rmSync(dir, { recursive: true, force: true }));

const get = (url, options) => withTimeout(new Promise((resolve, reject) => {
  https.get(url, options, (res) => {
    let body = "";
    res.on("data", (d) => { body += d; });
    res.on("end", () => resolve({ status: res.statusCode, body }));
  }).on("error", reject);
}), 10_000, `GET ${url}`);

test("/varz is served over HTTPS with the tls {} certificate, and not to a client that does not trust it", async () => {
  const server = await startServer({ config: `tls { cert_file: "${f("server.pem")}", key_file: "${f("server.key")}" }\nhttps_port: -1\n` });
  try {
    const port = Number(/Starting https monitor on [^\s]+:(\d+)/.exec(server.log())?.[1]);
    assert.ok(port > 0, "the server announced its https monitor");
    const { status, body } = await get(`https://127.0.0.1:${port}/varz`, { ca: readFileSync(f("ca.pem")) });
    assert.equal(status, 200);
    const varz = JSON.parse(body);
    assert.match(varz.server_id, /^N[A-Z0-9]{55}$/);
    assert.equal(varz.https_port, -1, "like nats-server, /varz reports https_port as configured");
    await assert.rejects(get(`https://127.0.0.1:${port}/varz`, {}), /self-signed|unable to verify|certificate/i);
  } finally {
    await server.stop();
  }
});

test("https_port without a certificate stops start-up", async () => {
  await assert.rejects(startServer({ config: "https_port: -1\n" }), /TLS cert and key required for HTTPS/);
});
