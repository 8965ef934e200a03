// NKey users, with keys made by the official @nats-io/nkeys package: the client signs the INFO
// nonce with its seed; a wrong seed or an unknown key is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createUser } from "@nats-io/nkeys";
import { nkeyAuthenticator } from "@nats-io/nats-core";
import { useServer } from "./helpers.mjs";

const alice = createUser();
const mallory = createUser();
const env = useServer({
  config: `authorization { users: [ { nkey: ${alice.getPublicKey()} } ] }\n`,
});

test("a user known by NKey signs the nonce and gets in", async () => {
  const nc = await env.connect({ authenticator: nkeyAuthenticator(alice.getSeed()) });
  assert.ok(nc.info.nonce, "INFO carries a nonce");
  await nc.flush();
});

test("an unknown NKey is refused", async () => {
  await assert.rejects(env.connect({ authenticator: nkeyAuthenticator(mallory.getSeed()) }), /Authorization Violation/i);
});

test("a signature by another key for a known public key is refused", async () => {
  // Claims alice's public key but signs with mallory's seed.
  const forged = (nonce) => {
    const sig = mallory.sign(new TextEncoder().encode(nonce ?? ""));
    return { nkey: alice.getPublicKey(), sig: Buffer.from(sig).toString("base64url") };
  };
  await assert.rejects(env.connect({ authenticator: forged }), /Authorization Violation/i);
});

test("without credentials the client is refused", async () => {
  await assert.rejects(env.connect(), /Authorization Violation/i);
});
