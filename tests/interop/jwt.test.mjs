// Operator mode with the MEMORY resolver: operator, accounts and users made by @nats-io/jwt; the client
// authenticates with creds (JWT + nonce signed by the user's seed). Every check runs against nats-server too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createAccount, createOperator, createUser } from "@nats-io/nkeys";
import { encodeAccount, encodeActivation, encodeUser, fmtCreds, newScopedSigner } from "@nats-io/jwt";
import { credsAuthenticator, jwtAuthenticator } from "@nats-io/nats-core";
import { Collector, useServer, withTimeout } from "./helpers.mjs";
import { addAccount, newOperator, newUser, nowSeconds, operatorConfig, unlimited, unlimitedUser } from "./jwt-fixtures.mjs";

const op = await newOperator();
const app = await addAccount(op, "APP");
// Users of REV issued before the revocation time are refused.
const revokedUser = createUser();
const rev = await addAccount(op, "REV", createAccount(), { revocations: { [revokedUser.getPublicKey()]: nowSeconds() + 3600 } });
const limited = await addAccount(op, "LIMITED", createAccount(), { limits: { conn: 1 } });
// A scoped signing key: users it signs may only publish and subscribe under their own name.
const scopedKey = createAccount();
const scoped = await addAccount(op, "SCOPED", createAccount(), {
  signing_keys: [newScopedSigner(scopedKey, "own-subjects", { ...unlimitedUser, pub: { allow: ["{{name()}}.>"] }, sub: { allow: ["{{name()}}.>", "_INBOX.>"] } })],
});
// Cross-account: PROVIDER exports a public service and a private (token-required) stream.
const providerKey = createAccount();
const consumerKey = createAccount();
const outsiderKey = createAccount();
const activation = await encodeActivation("orders", consumerKey.getPublicKey(), providerKey, "stream", { subject: "orders.>" });
const provider = await addAccount(op, "PROVIDER", providerKey, {
  exports: [
    { name: "echo", subject: "svc.echo", type: "service" },
    { name: "orders", subject: "orders.>", type: "stream", token_req: true },
    { name: "news", subject: "news.>", type: "stream" },
  ],
});
const consumer = await addAccount(op, "CONSUMER", consumerKey, {
  imports: [
    { name: "echo", subject: "svc.echo", account: providerKey.getPublicKey(), type: "service" },
    { name: "orders", subject: "orders.>", account: providerKey.getPublicKey(), type: "stream", token: activation },
  ],
});
const outsider = await addAccount(op, "OUTSIDER", outsiderKey, {
  imports: [
    // No activation: the private export must not reach this account.
    { name: "orders", subject: "orders.>", account: providerKey.getPublicKey(), type: "stream" },
    { name: "news", subject: "news.>", account: providerKey.getPublicKey(), type: "stream" },
  ],
});
// An account signed by an operator the server does not trust.
const rogueOp = await newOperator("ROGUE");
const rogue = await addAccount(rogueOp, "ROGUE-APP");

const env = useServer({ config: operatorConfig(op, { preload: [...op.accounts.values(), rogue] }) });

test("a user with creds of a trusted account gets in and can publish and subscribe", async () => {
  const { authenticator } = await newUser(app, "alice");
  const nc = await env.connect({ authenticator });
  assert.ok(nc.info.nonce, "INFO carries a nonce to sign");
  assert.equal(nc.info.auth_required, true);
  const c = new Collector(nc, "greet");
  await nc.flush();
  nc.publish("greet", "hi");
  await c.waitFor(1);
});

test("accounts are isolated: another account's users see nothing", async () => {
  const a = await env.connect({ authenticator: (await newUser(app, "a")).authenticator });
  const b = await env.connect({ authenticator: (await newUser(consumer, "b")).authenticator });
  const inA = new Collector(a, "shared.subject");
  const inB = new Collector(b, "shared.subject");
  await a.flush();
  await b.flush();
  b.publish("shared.subject", "from b");
  await inB.waitFor(1);
  a.publish("shared.subject", "from a");
  await inA.waitFor(1);
  assert.deepEqual(inA.strings(), ["from a"]);
  assert.deepEqual(inB.strings(), ["from b"]);
});

test("a nonce signed by another key is refused", async () => {
  const { jwt } = await newUser(app, "mallory");
  await assert.rejects(env.connect({ authenticator: jwtAuthenticator(jwt, createUser().getSeed()) }), /Authorization Violation/i);
});

test("without credentials the client is refused", async () => {
  await assert.rejects(env.connect(), /Authorization Violation/i);
});

test("an expired user JWT is refused", async () => {
  const { authenticator } = await newUser(app, "late", {}, { exp: nowSeconds() - 10 });
  await assert.rejects(env.connect({ authenticator }), /Authorization Violation/i);
});

test("a user whose JWT expires while connected is disconnected", async () => {
  const { authenticator } = await newUser(app, "brief", {}, { exp: nowSeconds() + 2 });
  const nc = await env.connect({ authenticator });
  const err = await withTimeout(nc.closed(), 8_000, "the connection to close at expiry");
  assert.match(String(err), /expired/i);
});

test("a revoked user is refused", async () => {
  const jwt = await encodeUser("revoked", revokedUser, rev.akp);
  await assert.rejects(env.connect({ authenticator: credsAuthenticator(fmtCreds(jwt, revokedUser)) }), /Authorization Violation/i);
  // Another user of the same account is fine.
  await env.connect({ authenticator: (await newUser(rev, "fine")).authenticator });
});

test("a user of an account signed by an untrusted operator is refused", async () => {
  const { authenticator } = await newUser(rogue, "rogue");
  await assert.rejects(env.connect({ authenticator }), /Authorization Violation/i);
});

test("a user signed by a key that is not the account's is refused", async () => {
  const ukp = createUser();
  const stranger = createAccount();
  // Claims membership of APP but is signed by an unrelated account key.
  const jwt = await encodeUser("forged", ukp, app.akp.getPublicKey(), {}, { signer: stranger });
  await assert.rejects(env.connect({ authenticator: credsAuthenticator(fmtCreds(jwt, ukp)) }), /Authorization Violation/i);
});

test("a bearer token needs no nonce signature", async () => {
  const { jwt } = await newUser(app, "bearer", { bearer_token: true });
  const nc = await env.connect({ authenticator: jwtAuthenticator(jwt) });
  await nc.flush();
});

test("the account connection limit refuses the connection over it", async () => {
  const first = await env.connect({ authenticator: (await newUser(limited, "one")).authenticator });
  await first.flush();
  // The server sends the error and closes; the client may see the close first (with nats-server too).
  await assert.rejects(env.connect({ authenticator: (await newUser(limited, "two")).authenticator }),
    /maximum account active connections exceeded|ECONNRESET|EPIPE/i);
  await first.flush();
  // The limit counts live connections: once the first is gone, another gets in.
  await first.close();
  const third = await env.connect({ authenticator: (await newUser(limited, "three")).authenticator });
  await third.flush();
});

test("the user payload limit is announced to the client after its first PING", async () => {
  const nc = await env.connect({ authenticator: (await newUser(app, "small", { payload: 8 })).authenticator });
  await nc.flush();
  assert.equal(nc.info.max_payload, 8);
  assert.equal(nc.info.nonce, undefined, "the INFO after CONNECT carries no nonce");
  assert.throws(() => nc.publish("big", "0123456789abcdef"), /max_payload/);
});

test("a user's allowed sources and connection types are enforced", async () => {
  await (await env.connect({ authenticator: (await newUser(app, "local", { src: ["127.0.0.1/32"] })).authenticator })).flush();
  await assert.rejects(env.connect({ authenticator: (await newUser(app, "remote", { src: ["10.0.0.0/8"] })).authenticator }), /Authorization Violation/i);
  await assert.rejects(env.connect({ authenticator: (await newUser(app, "web", { allowed_connection_types: ["WEBSOCKET"] })).authenticator }), /Authorization Violation/i);
  await (await env.connect({ authenticator: (await newUser(app, "tcp", { allowed_connection_types: ["STANDARD"] })).authenticator })).flush();
});

test("user permissions from the JWT are enforced", async () => {
  const nc = await env.connect({
    authenticator: (await newUser(app, "restricted", { pub: { allow: ["allowed.>"] }, sub: { allow: ["allowed.>"] } })).authenticator,
  });
  const observer = await env.connect({ authenticator: (await newUser(app, "observer")).authenticator });
  const seen = new Collector(observer, ">");
  await observer.flush();
  nc.publish("denied.x", "no");
  nc.publish("allowed.x", "yes");
  await seen.waitUntil((m) => m.some((x) => x.subject === "allowed.x"));
  assert.deepEqual(seen.subjects().filter((s) => !s.startsWith("_INBOX")), ["allowed.x"]);
});

test("a scoped signing key imposes its template on its users", async () => {
  const ukp = createUser();
  const jwt = await encodeUser("alice", ukp, scoped.akp, {}, { signer: scopedKey, scopedUser: true });
  const nc = await env.connect({ authenticator: credsAuthenticator(fmtCreds(jwt, ukp)) });
  const observer = await env.connect({ authenticator: (await newUser(scoped, "observer")).authenticator });
  const seen = new Collector(observer, ">");
  await observer.flush();
  nc.publish("bob.x", "not mine");
  nc.publish("alice.x", "mine");
  await seen.waitUntil((m) => m.some((x) => x.subject === "alice.x"));
  assert.deepEqual(seen.subjects(), ["alice.x"]);
});

test("a service import answers across accounts", async () => {
  const responder = await env.connect({ authenticator: (await newUser(provider, "svc")).authenticator });
  responder.subscribe("svc.echo", { callback: (_, m) => m.respond(`echo:${m.string()}`) });
  await responder.flush();
  const requester = await env.connect({ authenticator: (await newUser(consumer, "client")).authenticator });
  const reply = await requester.request("svc.echo", "ping", { timeout: 5_000 });
  assert.equal(reply.string(), "echo:ping");
});

test("a private stream reaches the account with an activation and not the one without", async () => {
  const pub = await env.connect({ authenticator: (await newUser(provider, "pub")).authenticator });
  const withToken = await env.connect({ authenticator: (await newUser(consumer, "c")).authenticator });
  const without = await env.connect({ authenticator: (await newUser(outsider, "o")).authenticator });
  const orders = new Collector(withToken, "orders.>");
  const leaked = new Collector(without, "orders.>");
  const news = new Collector(without, "news.>");
  await withToken.flush();
  await without.flush();
  pub.publish("orders.1", "order");
  // The public stream is published after the private one: once it arrives, the private one had its chance.
  pub.publish("news.1", "news");
  await orders.waitFor(1);
  await news.waitFor(1);
  assert.equal(leaked.count, 0, "the private export must not cross without an activation");
});

test("an account update through the system account revokes a connected user", async () => {
  const victim = createUser();
  const victimJwt = await encodeUser("victim", victim, app.akp);
  const nc = await env.connect({ authenticator: credsAuthenticator(fmtCreds(victimJwt, victim)) });
  await nc.flush();
  const admin = await env.connect({ authenticator: (await newUser(op.sys, "admin")).authenticator });
  const updated = await encodeAccount("APP", app.akp, { limits: unlimited, revocations: { [victim.getPublicKey()]: nowSeconds() + 60 } }, { signer: op.okp });
  const reply = await admin.request(`$SYS.REQ.ACCOUNT.${app.id}.CLAIMS.UPDATE`, updated, { timeout: 5_000 });
  const body = reply.json();
  assert.equal(body.data?.code, 200, JSON.stringify(body));
  assert.equal(body.data?.account, app.id);
  const err = await withTimeout(nc.closed(), 8_000, "the revoked user to be disconnected");
  assert.match(String(err), /revoked/i);
  // Restore the account for later tests in this file.
  await admin.request(`$SYS.REQ.ACCOUNT.${app.id}.CLAIMS.UPDATE`, await encodeAccount("APP", app.akp, { limits: unlimited }, { signer: op.okp }), { timeout: 5_000 });
});

test("a user of another account cannot reach the claims requests", async () => {
  const nc = await env.connect({ authenticator: (await newUser(app, "curious")).authenticator });
  await assert.rejects(nc.request("$SYS.REQ.CLAIMS.UPDATE", app.jwt, { timeout: 1_000 }), /no responders|503/i);
});
