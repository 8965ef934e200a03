// Monitoring over HTTPS (https_port) with the tls {} certificate, as nats-server serves it.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import https from "node:https";
import { startServer } from "./server.mjs";
import { testCertificates } from "./certs.mjs";
import { withTimeout } from "./helpers.mjs";

const certs = testCertificates("https");
const f = certs.file;
after(() => certs.remove());

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
