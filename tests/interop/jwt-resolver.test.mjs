// Operator mode with the persistent "full" resolver: accounts pushed through the system account are
// kept (WebBroker: SQLite in the resolver's dir; nats-server: one file per account), answered to
// lookups, applied live, and still known after a restart.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { createAccount } from "@nats-io/nkeys";
import { encodeAccount } from "@nats-io/jwt";
import { startServer } from "./server.mjs";
import { withTimeout } from "./helpers.mjs";
import { addAccount, newOperator, newUser, nowSeconds, operatorConfig, unlimited } from "./jwt-fixtures.mjs";

const dir = mkdtempSync(join(tmpdir(), "jwt-full-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const op = await newOperator();
// APP is not preloaded: the server learns it only from the update request.
const app = await addAccount(op, "APP");
const config = operatorConfig(op, { resolver: `{ type: full, dir: "${join(dir, "jwt")}" }`, preload: [op.sys] });

const open = async (server, authenticator) =>
  withTimeout(connect({ servers: server.url, reconnect: false, authenticator }), 10_000, "connect");

test("pushed accounts are kept, looked up, applied live and survive a restart", async () => {
  let server = await startServer({ config });
  try {
    const admin = await open(server, (await newUser(op.sys, "admin")).authenticator);
    const user = await newUser(app, "alice");
    // Unknown account: its users are refused and a lookup gets no answer.
    await assert.rejects(open(server, user.authenticator), /Authorization Violation/i);
    await assert.rejects(admin.request(`$SYS.REQ.ACCOUNT.${app.id}.CLAIMS.LOOKUP`, "", { timeout: 1_000 }), /timeout/i);

    const pushed = (await admin.request("$SYS.REQ.CLAIMS.UPDATE", app.jwt, { timeout: 5_000 })).json();
    assert.equal(pushed.data?.code, 200, JSON.stringify(pushed));
    assert.equal(pushed.data?.message, "jwt updated");
    assert.equal(pushed.data?.account, app.id);
    const found = await admin.request(`$SYS.REQ.ACCOUNT.${app.id}.CLAIMS.LOOKUP`, "", { timeout: 5_000 });
    assert.equal(found.string(), app.jwt);
    const listed = (await admin.request("$SYS.REQ.CLAIMS.LIST", "", { timeout: 5_000 })).json();
    assert.ok(listed.data.includes(app.id), JSON.stringify(listed));

    const nc = await open(server, user.authenticator);
    await nc.flush();
    // An update revoking alice reaches her connection at once.
    const revoking = await encodeAccount("APP", app.akp, { limits: unlimited, revocations: { [user.ukp.getPublicKey()]: nowSeconds() + 60 } }, { signer: op.okp });
    const revoked = (await admin.request(`$SYS.REQ.ACCOUNT.${app.id}.CLAIMS.UPDATE`, revoking, { timeout: 5_000 })).json();
    assert.equal(revoked.data?.code, 200, JSON.stringify(revoked));
    const err = await withTimeout(nc.closed(), 8_000, "alice to be disconnected");
    assert.match(String(err), /revoked/i);
    await admin.close();
    await server.stop();

    // After a restart the stored (revoking) token is still the account's; a new user gets in, alice does not.
    server = await startServer({ config });
    await assert.rejects(open(server, user.authenticator), /Authorization Violation/i);
    const bob = await open(server, (await newUser(app, "bob")).authenticator);
    await bob.flush();
    await bob.close();
  } finally {
    await server.stop();
  }
});

test("an update for another account's subject or from an untrusted operator lets nobody in", async () => {
  const server = await startServer({ config });
  try {
    const admin = await open(server, (await newUser(op.sys, "admin")).authenticator);
    const rogueOp = await newOperator("ROGUE");
    const rogue = await addAccount(rogueOp, "ROGUE", createAccount());
    await admin.request("$SYS.REQ.CLAIMS.UPDATE", rogue.jwt, { timeout: 5_000 });
    await assert.rejects(open(server, (await newUser(rogue, "r")).authenticator), /Authorization Violation/i);
    // A token for one account sent to another account's subject is refused.
    const other = await addAccount(op, "OTHER");
    const wrong = (await admin.request(`$SYS.REQ.ACCOUNT.${app.id}.CLAIMS.UPDATE`, other.jwt, { timeout: 5_000 })).json();
    assert.ok(wrong.error, JSON.stringify(wrong));
    assert.match(wrong.error.description, /subject does not match jwt content/);
    await admin.close();
  } finally {
    await server.stop();
  }
});
