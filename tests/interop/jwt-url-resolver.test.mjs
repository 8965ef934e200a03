// Operator mode with the URL account resolver: account JWTs are fetched from an account server with
// GET <url><account public key>. The account server is a small node HTTP server started by the test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { connect } from "@nats-io/transport-node";
import { encodeAccount, encodeOperator } from "@nats-io/jwt";
import { createOperator } from "@nats-io/nkeys";
import { startServer } from "./server.mjs";
import { withTimeout } from "./helpers.mjs";
import { addAccount, newOperator, newUser, nowSeconds, unlimited } from "./jwt-fixtures.mjs";

/** An account server: answers 200 at its base path, a held account's JWT at base + key, 404 otherwise. */
const accounts = new Map();
const fetches = [];
let baseAnswers = 200;
const http = createServer((req, res) => {
  fetches.push(req.url);
  const key = req.url.startsWith("/jwt/v1/accounts/") ? req.url.slice("/jwt/v1/accounts/".length) : null;
  if (req.method === "GET" && key === "") {
    res.writeHead(baseAnswers).end();
  } else if (req.method === "GET" && key !== null && accounts.has(key)) {
    res.writeHead(200, { "Content-Type": "application/jwt" }).end(accounts.get(key));
  } else {
    res.writeHead(404).end();
  }
});
let base;
before(async () => {
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${http.address().port}`;
});
after(() => new Promise((resolve) => http.close(resolve)));

const op = await newOperator();
const app = await addAccount(op, "APP");
const config = () => [`operator: ${op.jwt}`, `system_account: ${op.sys.id}`, `resolver: URL("${base}/jwt/v1/accounts/")`].join("\n") + "\n";
const open = (server, authenticator) => withTimeout(connect({ servers: server.url, reconnect: false, authenticator }), 10_000, "connect");
const fetchesOf = (id) => fetches.filter((u) => u === `/jwt/v1/accounts/${id}`).length;

/** Starts the server and lets a system user in once, so that a slow first connection (a busy machine) is not
 * taken for a refusal by the tests that expect one. */
async function startWarm() {
  const server = await startServer({ config: config() });
  const warm = await open(server, (await newUser(op.sys, "warm-up")).authenticator);
  await warm.flush();
  await warm.close();
  return server;
}

test("accounts are fetched from the account server, once while in use", async () => {
  accounts.set(op.sys.id, op.sys.jwt);
  accounts.set(app.id, app.jwt);
  const server = await startServer({ config: config() });
  try {
    const before = fetchesOf(app.id);
    const a = await open(server, (await newUser(app, "a")).authenticator);
    const b = await open(server, (await newUser(app, "b")).authenticator);
    const sub = b.subscribe("url.>", { max: 1 });
    await b.flush();
    a.publish("url.hello", "fetched");
    for await (const m of sub) assert.equal(m.string(), "fetched");
    // The second user found the account already in use: one fetch for both.
    assert.equal(fetchesOf(app.id) - before, 1, JSON.stringify(fetches));
    await a.close();
    await b.close();
  } finally {
    await server.stop();
    accounts.clear();
  }
});

test("an account the server does not know is refused, and fetched again by the next client", async () => {
  accounts.set(op.sys.id, op.sys.jwt);
  const late = await addAccount(op, "LATE");
  const server = await startWarm();
  try {
    const user = await newUser(late, "l");
    const before = fetchesOf(late.id);
    await assert.rejects(open(server, user.authenticator), /authorization violation/i);
    assert.equal(fetchesOf(late.id) - before, 1);
    // A failed fetch is not remembered: once the account server has the account, the user gets in.
    accounts.set(late.id, late.jwt);
    const nc = await open(server, user.authenticator);
    await nc.flush();
    await nc.close();
  } finally {
    await server.stop();
    accounts.clear();
  }
});

test("an update through the system account applies to an account in use", async () => {
  accounts.set(op.sys.id, op.sys.jwt);
  accounts.set(app.id, app.jwt);
  const server = await startServer({ config: config() });
  try {
    const admin = await open(server, (await newUser(op.sys, "admin")).authenticator);
    const alice = await newUser(app, "alice");
    const nc = await open(server, alice.authenticator);
    await nc.flush();
    const revoking = await encodeAccount("APP", app.akp, { limits: unlimited, revocations: { [alice.ukp.getPublicKey()]: nowSeconds() + 60 } }, { signer: op.okp });
    const answer = (await admin.request(`$SYS.REQ.ACCOUNT.${app.id}.CLAIMS.UPDATE`, revoking, { timeout: 5_000 })).json();
    assert.equal(answer.data?.code, 200, JSON.stringify(answer));
    assert.equal(answer.data?.message, "jwt updated");
    const err = await withTimeout(nc.closed(), 8_000, "alice to be disconnected");
    assert.match(String(err), /revoked/i);
    // An update that names no account is only for resolvers that keep tokens: nobody answers it here.
    await assert.rejects(admin.request("$SYS.REQ.CLAIMS.UPDATE", app.jwt, { timeout: 2_000 }), /no responders/i);
    await admin.close();
  } finally {
    await server.stop();
    accounts.clear();
  }
});

test("an expired account is fetched again, so that the account server's renewed token takes over", async () => {
  accounts.set(op.sys.id, op.sys.jwt);
  // The account server holds only an expired token at first.
  const expired = await encodeAccount("APP", app.akp, { limits: unlimited }, { signer: op.okp, exp: nowSeconds() - 10 });
  accounts.set(app.id, expired);
  const server = await startWarm();
  try {
    const user = await newUser(app, "renewed");
    for (let attempt = 1; attempt <= 2; attempt++) {
      const before = fetchesOf(app.id);
      await assert.rejects(open(server, user.authenticator), /authorization violation/i);
      // Each client of the expired account makes the server ask again.
      assert.equal(fetchesOf(app.id) - before, 1, `attempt ${attempt}: ${JSON.stringify(fetches)}`);
    }
    accounts.set(app.id, app.jwt);
    const again = await open(server, user.authenticator);
    await again.flush();
    await again.close();
  } finally {
    await server.stop();
    accounts.clear();
  }
});

test("an operator's account_server_url serves as the resolver when the config names none", async () => {
  const okp = createOperator();
  const own = { okp, accounts: new Map() };
  const sysOp = await newOperator(); // only for its key pair helpers
  own.jwt = await encodeOperator("URLOP", okp, { system_account: sysOp.sys.id, account_server_url: `${base}/jwt/v1` });
  const sys = await addAccount(own, "SYS", sysOp.sys.akp);
  const acct = await addAccount(own, "A");
  accounts.set(sys.id, sys.jwt);
  accounts.set(acct.id, acct.jwt);
  // nats-server appends "/accounts" to the operator's URL.
  const server = await startServer({ config: `operator: ${own.jwt}\n` });
  try {
    const nc = await open(server, (await newUser(acct, "u")).authenticator);
    await nc.flush();
    await nc.close();
    assert.ok(fetchesOf(acct.id) >= 1, JSON.stringify(fetches));
  } finally {
    await server.stop();
    accounts.clear();
  }
});

test("the server does not start when the account server does not answer its base URL", async () => {
  baseAnswers = 404;
  try {
    await assert.rejects(startServer({ config: config() }), (err) => {
      assert.match(err.message, /exited/);
      assert.match(err.message, /could not fetch <"http:\/\/127\.0\.0\.1:\d+\/jwt\/v1\/accounts\/">: 404 Not Found/);
      return true;
    });
  } finally {
    baseAnswers = 200;
  }
});

test("preloaded accounts cannot be combined with the URL resolver", async () => {
  const text = config() + `resolver_preload: {\n  ${app.id}: ${app.jwt}\n}\n`;
  await assert.rejects(startServer({ config: text }), /resolver preloads only available for writeable resolver types MEM\/DIR\/CACHE_DIR/);
});
