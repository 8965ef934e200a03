// A private export's activation token with an expiry: the import delivers until then, and stops after.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "@nats-io/transport-node";
import { createAccount } from "@nats-io/nkeys";
import { encodeActivation } from "@nats-io/jwt";
import { startServer } from "./server.mjs";
import { Collector, withTimeout } from "./helpers.mjs";
import { addAccount, newOperator, newUser, nowSeconds, operatorConfig } from "./jwt-fixtures.mjs";

test("an import stops delivering when its activation expires", async () => {
  const op = await newOperator();
  const providerKey = createAccount();
  const consumerKey = createAccount();
  const activation = await encodeActivation("ticks", consumerKey.getPublicKey(), providerKey, "stream", { subject: "ticks.>" }, { exp: nowSeconds() + 8 }); // long enough for a slow start, well inside the 15 s bound below
  const provider = await addAccount(op, "PROVIDER", providerKey, {
    exports: [{ name: "ticks", subject: "ticks.>", type: "stream", token_req: true }, { name: "marks", subject: "marks.>", type: "stream" }],
  });
  const consumer = await addAccount(op, "CONSUMER", consumerKey, {
    imports: [
      { name: "ticks", subject: "ticks.>", account: providerKey.getPublicKey(), type: "stream", token: activation },
      { name: "marks", subject: "marks.>", account: providerKey.getPublicKey(), type: "stream" },
    ],
  });
  const server = await startServer({ config: operatorConfig(op) });
  const open = async (account) => withTimeout(connect({ servers: server.url, reconnect: false, authenticator: (await newUser(account, "u")).authenticator }), 10_000, "connect");
  try {
    const pub = await open(provider);
    const sub = await open(consumer);
    const ticks = new Collector(sub, "ticks.>");
    const marks = new Collector(sub, "marks.>");
    await sub.flush();
    pub.publish("ticks.1", "before expiry");
    await ticks.waitFor(1);
    // Publish a tick and then a public mark until a mark arrives with no tick before it: the import is gone.
    const deadline = Date.now() + 15_000;
    for (let round = 1; ; round++) {
      assert.ok(Date.now() < deadline, "the import still delivered 15 s after its activation expired");
      const before = ticks.count;
      pub.publish("ticks.n", "after?");
      pub.publish("marks.n", String(round));
      await marks.waitFor(round);
      if (ticks.count === before) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await server.stop();
  }
});
