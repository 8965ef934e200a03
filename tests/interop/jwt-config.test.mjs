// Operator mode's start-up rules: what the config may not combine with operators. Both servers must
// refuse to start, with nats-server's reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createAccount } from "@nats-io/nkeys";
import { encodeOperator } from "@nats-io/jwt";
import { startServer } from "./server.mjs";
import { newOperator, operatorConfig } from "./jwt-fixtures.mjs";

const op = await newOperator();
const base = operatorConfig(op);

const refusals = [
  // nats-server 2.9 falls back to the operator's (here empty) account server URL and fails on that instead.
  ["an operator without a resolver", `operator: ${op.jwt}\n`, /operators require an account resolver to be configured|could not fetch/],
  ["accounts of the config file", `${base}accounts { A { users: [ { user: a, password: b } ] } }\n`, /operators do not allow Accounts to be configured directly/],
  ["users of the config file", `${base}authorization { users: [ { user: a, password: b } ] }\n`, /operators do not allow users to be configured directly/],
  ["a system account other than the operator's", base.replace(/system_account: \S+/, `system_account: ${createAccount().getPublicKey()}`), /system_account in config and operator JWT must be identical/],
  ["a resolver_preload value that is not an account JWT", `${base}resolver_preload: { AAAA: "not-a-jwt" }\n`, /invalid account JWT/],
];

for (const [what, config, reason] of refusals) {
  test(`start-up is refused with ${what}`, async () => {
    await assert.rejects(startServer({ config }), reason);
  });
}

test("a full resolver needs a system account", async () => {
  const config = `operator: ${await encodeOperator("NOSYS", op.okp, {})}\nresolver: { type: full, dir: "/tmp/unused-${process.pid}" }\n`;
  await assert.rejects(startServer({ config }), /the system account needs to be specified/);
});
