// Config-file authentication and authorization with the official client: tokens and users (plain and
// bcrypt), no_auth_user, permissions, and accounts with imports and exports.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { tokenAuthenticator, usernamePasswordAuthenticator } from "@nats-io/nats-core";
import { Collector, useServer, withTimeout } from "./helpers.mjs";

// The OpenBSD bcrypt test vector: the hash of "U*U".
const BCRYPT_U_STAR_U = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

describe("a token", () => {
  const env = useServer({ config: `authorization { token: "${BCRYPT_U_STAR_U}" }\n` });

  test("the right token (checked against its bcrypt hash) gets in", async () => {
    const nc = await env.connect({ authenticator: tokenAuthenticator("U*U") });
    assert.equal(nc.info.auth_required, true);
    await nc.flush();
  });

  test("a wrong token is refused with Authorization Violation", async () => {
    await assert.rejects(env.connect({ authenticator: tokenAuthenticator("U*V") }), /Authorization Violation/i);
  });
});

describe("users with passwords and permissions", () => {
  const env = useServer({
    config: `
authorization {
  users: [
    { user: plain, password: "s3cret" }
    { user: hashed, password: "${BCRYPT_U_STAR_U}" }
    { user: limited, password: "pw", permissions: { publish: { allow: ["allowed.>"] }, subscribe: { deny: ["secret.>"] } } }
  ]
}
no_auth_user: plain
`,
  });

  test("plain and bcrypt passwords get in; a wrong password does not", async () => {
    await (await env.connect({ authenticator: usernamePasswordAuthenticator("plain", "s3cret") })).flush();
    await (await env.connect({ authenticator: usernamePasswordAuthenticator("hashed", "U*U") })).flush();
    await assert.rejects(env.connect({ authenticator: usernamePasswordAuthenticator("hashed", "wrong") }), /Authorization Violation/i);
    await assert.rejects(env.connect({ authenticator: usernamePasswordAuthenticator("nobody", "s3cret") }), /Authorization Violation/i);
  });

  test("a client without credentials is no_auth_user", async () => {
    const nc = await env.connect();
    await nc.flush();
  });

  test("a denied subscription is closed with a permissions error and the connection stays", async () => {
    const nc = await env.connect({ authenticator: usernamePasswordAuthenticator("limited", "pw") });
    const sub = nc.subscribe("secret.plans");
    const ended = await withTimeout(sub.closed, 5_000, "the denied subscription to close");
    assert.match(String(ended), /Permissions Violation for Subscription to "secret.plans"/);
    const ok = new Collector(nc, "allowed.x");
    await nc.flush();
    nc.publish("allowed.x", "fine");
    await ok.waitFor(1);
  });

  test("a denied publish is reported and nothing is delivered", async () => {
    const nc = await env.connect({ authenticator: usernamePasswordAuthenticator("limited", "pw") });
    const observer = await env.connect();
    const seen = new Collector(observer, ">");
    await observer.flush();
    const errors = (async () => {
      for await (const s of nc.status()) if (s.type === "error" || String(s.error ?? s.data ?? "").includes("Permissions")) return s;
    })();
    nc.publish("forbidden.x", "no");
    nc.publish("allowed.y", "yes");
    const status = await withTimeout(errors, 5_000, "a permissions error status");
    assert.match(JSON.stringify(status, Object.getOwnPropertyNames(status)) + String(status.error ?? ""), /Permissions Violation for Publish to/);
    await seen.waitUntil((m) => m.some((x) => x.subject === "allowed.y"));
    assert.deepEqual(seen.subjects(), ["allowed.y"]);
  });
});

describe("accounts", () => {
  const env = useServer({
    config: `
accounts {
  A { users: [ { user: a, password: a } ], exports: [ { stream: "events.>" }, { service: "svc.echo" }, { service: "private.svc", accounts: [B] } ] }
  B { users: [ { user: b, password: b } ], imports: [
      { stream: { account: A, subject: "events.>" } }
      { service: { account: A, subject: "svc.echo" }, to: "echo" }
      { service: { account: A, subject: "private.svc" } }
  ] }
  C { users: [ { user: c, password: c } ] }
}
`,
  });
  const as = (u) => env.connect({ authenticator: usernamePasswordAuthenticator(u, u) });

  test("a service import answers across accounts, under its local name", async () => {
    const a = await as("a");
    a.subscribe("svc.echo", { callback: (_, m) => m.respond(`echo:${m.string()}`) });
    a.subscribe("private.svc", { callback: (_, m) => m.respond("private") });
    await a.flush();
    const b = await as("b");
    assert.equal((await b.request("echo", "hi", { timeout: 5_000 })).string(), "echo:hi");
    assert.equal((await b.request("private.svc", "", { timeout: 5_000 })).string(), "private");
    // C has no import: no responders.
    const c = await as("c");
    await assert.rejects(c.request("svc.echo", "hi", { timeout: 5_000 }), /no responders|503/i);
  });

  test("a stream import delivers; an account without it sees nothing", async () => {
    const b = await as("b");
    const c = await as("c");
    const inB = new Collector(b, "events.>");
    const inC = new Collector(c, ">");
    await b.flush();
    await c.flush();
    const a = await as("a");
    a.publish("events.1", "e");
    await inB.waitFor(1);
    // C's own traffic after A's publish proves C's subscription was live when A published.
    c.publish("c.own", "mine");
    await inC.waitFor(1);
    assert.deepEqual(inC.subjects(), ["c.own"]);
  });
});
