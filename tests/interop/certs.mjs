// Throw-away certificates for the TLS tests, made with openssl: a CA, and certificates it signs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const openssl = (...args) => execFileSync("openssl", args, { stdio: "pipe" });

/**
 * A fresh directory with a CA (ca.pem/ca.key) and a server certificate for 127.0.0.1/localhost
 * (server.pem/server.key). Returns { dir, file(name), issue(name, subject, san), remove() };
 * issue() signs another certificate (name.pem/name.key) with an optional subjectAltName line.
 */
export function testCertificates(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `interop-${prefix}-`));
  const file = (name) => join(dir, name);
  const issue = (name, subject, san) => {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", file(`${name}.key`), "-out", file(`${name}.csr`));
    const args = ["x509", "-req", "-in", file(`${name}.csr`), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-days", "1", "-out", file(`${name}.pem`)];
    if (san) {
      writeFileSync(file(`${name}.cnf`), `subjectAltName=${san}\n`);
      args.push("-extfile", file(`${name}.cnf`));
    }
    openssl(...args);
  };
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=webbroker-test-ca", "-keyout", file("ca.key"), "-out", file("ca.pem"));
  issue("server", "/CN=127.0.0.1", "IP:127.0.0.1,DNS:localhost");
  return { dir, file, issue, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
