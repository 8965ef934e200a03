// The full resolver's store managed through the system account: $SYS.REQ.CLAIMS.DELETE (a generic JWT,
// self-signed by the operator, listing the accounts to delete; only with allow_delete) and
// $SYS.REQ.CLAIMS.PACK (every held account as "key|jwt" messages, then an empty one; nothing but the empty
// one when the request carries the store's hash).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, createInbox } from "@nats-io/transport-node";
import { encodeGeneric } from "@nats-io/jwt";
import { startServer } from "./server.mjs";
import { withTimeout } from "./helpers.mjs";
import { addAccount, newOperator, newUser, operatorConfig } from "./jwt-fixtures.mjs";

const dirs = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const op = await newOperator();
const app = await addAccount(op, "APP");
const other = await addAccount(op, "OTHER");

function fullConfig(allowDelete) {
  const dir = mkdtempSync(join(tmpdir(), "jwt-delete-"));
  dirs.push(dir);
  return operatorConfig(op, { resolver: `{ type: full, dir: "${join(dir, "jwt")}", allow_delete: ${allowDelete} }`, preload: [op.sys] });
}

const open = (server, authenticator) => withTimeout(connect({ servers: server.url, reconnect: false, authenticator }), 10_000, "connect");

/** A server with APP and OTHER pushed, and a system-account user. */
async function started(allowDelete = true) {
  const server = await startServer({ config: fullConfig(allowDelete) });
  const admin = await open(server, (await newUser(op.sys, "admin")).authenticator);
  for (const a of [app, other]) {
    const pushed = (await admin.request("$SYS.REQ.CLAIMS.UPDATE", a.jwt, { timeout: 5_000 })).json();
    assert.equal(pushed.data?.code, 200, JSON.stringify(pushed));
  }
  return { server, admin };
}

const deleteRequest = (accounts, signer = op.okp, opts = {}) => encodeGeneric("delete", signer, "generic", { accounts }, opts);

async function askDelete(admin, jwt) {
  return (await admin.request("$SYS.REQ.CLAIMS.DELETE", jwt, { timeout: 5_000 })).json();
}

test("the operator deletes an account: its clients are closed, it is no longer listed, found or usable", async () => {
  const { server, admin } = await started();
  try {
    const alice = await newUser(app, "alice");
    const nc = await open(server, alice.authenticator);
    await nc.flush();

    const answer = await askDelete(admin, await deleteRequest([app.id]));
    assert.equal(answer.data?.code, 200, JSON.stringify(answer));
    assert.equal(answer.data?.message, "deleted 1 accounts");
    assert.equal("account" in answer.data, false, JSON.stringify(answer));
    assert.equal(answer.error, undefined);

    const err = await withTimeout(nc.closed(), 8_000, "alice to be disconnected");
    assert.match(String(err), /expired/i);
    await assert.rejects(open(server, alice.authenticator));
    const listed = (await admin.request("$SYS.REQ.CLAIMS.LIST", "", { timeout: 5_000 })).json();
    assert.ok(!listed.data.includes(app.id), JSON.stringify(listed));
    assert.ok(listed.data.includes(other.id), JSON.stringify(listed));
    await assert.rejects(admin.request(`$SYS.REQ.ACCOUNT.${app.id}.CLAIMS.LOOKUP`, "", { timeout: 1_000 }), /timeout/i);
    // The other account is untouched.
    const bob = await open(server, (await newUser(other, "bob")).authenticator);
    await bob.flush();
    await bob.close();
    await admin.close();
  } finally {
    await server.stop();
  }
});

test("delete requests that are not the operator's, or not well formed, are refused with nats-server's reasons", async () => {
  const { server, admin } = await started();
  try {
    const rogue = await newOperator("ROGUE");
    const cases = [
      [await deleteRequest([app.id], rogue.okp), `delete accounts request by ${rogue.okp.getPublicKey()} failed - not trusted`],
      [await deleteRequest([app.id], op.okp, { signer: rogue.okp }), `delete accounts request by ${op.okp.getPublicKey()} failed - not self signed`],
      [await encodeGeneric("delete", op.okp, "generic", { list: [app.id] }), `delete accounts request by ${op.okp.getPublicKey()} failed - malformed request`],
      [await deleteRequest([app.id, "not-an-account"]), `delete accounts request by ${op.okp.getPublicKey()} failed - malformed request`],
      [await deleteRequest([op.sys.id]), `delete accounts request by ${op.okp.getPublicKey()} failed - not allowed to delete system account`],
    ];
    for (const [jwt, description] of cases) {
      const answer = await askDelete(admin, jwt);
      assert.equal(answer.error?.code, 500, JSON.stringify(answer));
      assert.equal(answer.error?.description, description);
      assert.equal(answer.data, undefined);
    }
    // Nothing was deleted.
    const nc = await open(server, (await newUser(app, "still")).authenticator);
    await nc.flush();
    await nc.close();
    await admin.close();
  } finally {
    await server.stop();
  }
});

test("without allow_delete a delete request is refused", async () => {
  const { server, admin } = await started(false);
  try {
    const answer = await askDelete(admin, await deleteRequest([app.id]));
    assert.equal(answer.error?.code, 500, JSON.stringify(answer));
    assert.equal(answer.error?.description, `delete accounts request by ${op.okp.getPublicKey()} failed - delete must be enabled in server config`);
    const nc = await open(server, (await newUser(app, "kept")).authenticator);
    await nc.flush();
    await nc.close();
    await admin.close();
  } finally {
    await server.stop();
  }
});

/** Sends a pack request and collects the answers up to the empty message that ends them. */
async function pack(admin, body) {
  const inbox = createInbox();
  const sub = admin.subscribe(inbox);
  await admin.flush();
  admin.publish("$SYS.REQ.CLAIMS.PACK", body, { reply: inbox });
  const parts = [];
  await withTimeout(
    (async () => {
      for await (const m of sub) {
        if (m.data.length === 0) break;
        parts.push(m.string());
      }
    })(),
    5_000,
    () => `the end of the pack (got ${parts.length} parts)`,
  );
  sub.unsubscribe();
  return parts;
}

test("a pack request gets every held account, one per message, and nothing when its hash matches", async () => {
  const { server, admin } = await started();
  try {
    const held = [op.sys, app, other].sort((a, b) => (a.id < b.id ? -1 : 1));
    const parts = await pack(admin, new Uint8Array());
    assert.deepEqual(parts, held.map((a) => `${a.id}|${a.jwt}`));
    // The store's hash: the XOR of every token's SHA-256.
    const hash = Buffer.alloc(32);
    for (const a of held) createHash("sha256").update(a.jwt).digest().forEach((b, i) => (hash[i] ^= b));
    assert.deepEqual(await pack(admin, hash), []);
    await admin.close();
  } finally {
    await server.stop();
  }
});
