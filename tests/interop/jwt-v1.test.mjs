// Older-format (version 1) JWTs, as nsc wrote them before JWT v2: header {"typ":"jwt","alg":"ed25519"},
// `type` (and `tags`, a user's `issuer_account`) at the top level of the claims, the signature over the
// claims part alone, and a user's missing limits meaning "no limit". nats-server 2.9 accepts them through
// nats-io/jwt's migration; the tokens are made here by hand and signed with @nats-io/nkeys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { connect } from "@nats-io/transport-node";
import { credsAuthenticator } from "@nats-io/nats-core";
import { createAccount, createOperator, createUser } from "@nats-io/nkeys";
import { encodeOperator, fmtCreds } from "@nats-io/jwt";
import { startServer } from "./server.mjs";
import { withTimeout } from "./helpers.mjs";
import { nowSeconds } from "./jwt-fixtures.mjs";

const b64url = (data) => Buffer.from(data).toString("base64url");

/** A version 1 token: the signature covers the claims part only (`v2Signature` signs header and claims, which
 * a version 1 token must not be). */
function signV1(claims, kp, { v2Signature = false } = {}) {
  const header = b64url(JSON.stringify({ typ: "jwt", alg: "ed25519" }));
  const payload = b64url(JSON.stringify({ jti: randomBytes(16).toString("hex").toUpperCase(), iat: nowSeconds(), ...claims }));
  const signed = v2Signature ? `${header}.${payload}` : payload;
  return `${header}.${payload}.${b64url(kp.sign(new TextEncoder().encode(signed)))}`;
}

// nsc's version 1 accounts wrote every limit, -1 for none.
const v1Limits = { subs: -1, conn: -1, leaf: -1, imports: -1, exports: -1, data: -1, payload: -1, wildcards: true };

const operatorV1 = (okp, sys) =>
  signV1({ iss: okp.getPublicKey(), sub: okp.getPublicKey(), name: "OP1", type: "operator", nats: { system_account: sys.getPublicKey() } }, okp);

const accountV1 = (okp, akp, name, nats = {}) =>
  signV1({ iss: okp.getPublicKey(), sub: akp.getPublicKey(), name, type: "account", nats: { limits: v1Limits, ...nats } }, okp);

/** A version 1 user, signed by `signer` (the account, or one of its signing keys with `issuer_account`). */
function userV1(signer, nats = {}, top = {}) {
  const ukp = createUser();
  const jwt = signV1({ iss: signer.getPublicKey(), sub: ukp.getPublicKey(), name: "u1", type: "user", nats, ...top }, signer);
  return { ukp, jwt, authenticator: credsAuthenticator(fmtCreds(jwt, ukp)) };
}

function config(operatorJwt, sys, accounts) {
  const lines = [`operator: ${operatorJwt}`, `system_account: ${sys.getPublicKey()}`, "resolver: MEMORY", "resolver_preload: {"];
  for (const [akp, jwt] of accounts) lines.push(`  ${akp.getPublicKey()}: ${jwt}`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

const open = (server, authenticator) => withTimeout(connect({ servers: server.url, reconnect: false, authenticator }), 10_000, "connect");

test("a version 1 operator, account and user: the user connects, with no limits where its token sets none", async () => {
  const okp = createOperator();
  const sys = createAccount();
  const app = createAccount();
  const server = await startServer({ config: config(operatorV1(okp, sys), sys, [[sys, accountV1(okp, sys, "SYS")], [app, accountV1(okp, app, "APP")]]) });
  try {
    // No subs/payload/data in the user token: unlimited in version 1 (a version 2 token would allow no subscription).
    const nc = await open(server, userV1(app).authenticator);
    const sub = nc.subscribe("v1.>", { max: 1 });
    await nc.flush();
    nc.publish("v1.hello", "from a v1 user");
    for await (const m of sub) assert.equal(m.string(), "from a v1 user");
    await nc.close();
  } finally {
    await server.stop();
  }
});

test("a version 1 user's permissions apply", async () => {
  const okp = createOperator();
  const sys = createAccount();
  const app = createAccount();
  const server = await startServer({ config: config(operatorV1(okp, sys), sys, [[sys, accountV1(okp, sys, "SYS")], [app, accountV1(okp, app, "APP")]]) });
  try {
    const nc = await open(server, userV1(app, { pub: { allow: ["ok.>"] }, sub: { allow: ["ok.>"] } }).authenticator);
    const errors = [];
    (async () => {
      for await (const s of nc.status()) if (s.type === "error") errors.push(String(s.error));
    })();
    const sub = nc.subscribe("ok.>", { max: 1 });
    nc.publish("denied.subject", "no");
    nc.publish("ok.subject", "yes");
    for await (const m of sub) assert.equal(m.string(), "yes");
    await nc.flush();
    await withTimeout(
      (async () => {
        while (!errors.some((e) => /permissions violation for publish to "denied.subject"/i.test(e))) await new Promise((r) => setTimeout(r, 20));
      })(),
      5_000,
      () => `a publish permissions violation (got ${JSON.stringify(errors)})`,
    );
    await nc.close();
  } finally {
    await server.stop();
  }
});

test("a version 1 user signed by an account signing key names its account at the top level", async () => {
  const okp = createOperator();
  const sys = createAccount();
  const app = createAccount();
  const signing = createAccount();
  const appJwt = accountV1(okp, app, "APP", { signing_keys: [signing.getPublicKey()] });
  const server = await startServer({ config: config(operatorV1(okp, sys), sys, [[sys, accountV1(okp, sys, "SYS")], [app, appJwt]]) });
  try {
    const nc = await open(server, userV1(signing, {}, { issuer_account: app.getPublicKey() }).authenticator);
    await nc.flush();
    await nc.close();
    // The same user with its account under "nats" (the version 2 place) names no account and is refused.
    await assert.rejects(open(server, userV1(signing, { issuer_account: app.getPublicKey() }).authenticator));
  } finally {
    await server.stop();
  }
});

test("version 1 accounts and users under a version 2 operator", async () => {
  const okp = createOperator();
  const sys = createAccount();
  const app = createAccount();
  const opJwt = await encodeOperator("OP2", okp, { system_account: sys.getPublicKey() });
  const server = await startServer({ config: config(opJwt, sys, [[sys, accountV1(okp, sys, "SYS")], [app, accountV1(okp, app, "APP")]]) });
  try {
    const nc = await open(server, userV1(app).authenticator);
    await nc.flush();
    await nc.close();
  } finally {
    await server.stop();
  }
});

test("a version 1 token signed over header and claims (the version 2 way) is refused", async () => {
  const okp = createOperator();
  const sys = createAccount();
  const app = createAccount();
  const server = await startServer({ config: config(operatorV1(okp, sys), sys, [[sys, accountV1(okp, sys, "SYS")], [app, accountV1(okp, app, "APP")]]) });
  try {
    // The control first (it also warms the server up): the claims signed the version 1 way get in.
    const nc = await open(server, userV1(app).authenticator);
    await nc.flush();
    await nc.close();
    const ukp = createUser();
    const jwt = signV1({ iss: app.getPublicKey(), sub: ukp.getPublicKey(), name: "bad", type: "user", nats: {} }, app, { v2Signature: true });
    await assert.rejects(open(server, credsAuthenticator(fmtCreds(jwt, ukp))), /authorization violation/i);
  } finally {
    await server.stop();
  }
});
