// The `data` limit of account and user JWTs. nats-io/jwt carries it (NatsLimits.Data, "max number of
// bytes"), but nats-server 2.9 (and later) reads it without enforcing it anywhere: only `subs`, `payload`
// and the account's `conn` limit a client. A drop-in replacement must not cut off clients that nats-server
// serves, so WebBroker reads it and leaves it unenforced too; this test pins that down against both servers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "@nats-io/transport-node";
import { startServer } from "./server.mjs";
import { withTimeout } from "./helpers.mjs";
import { addAccount, newOperator, newUser, operatorConfig } from "./jwt-fixtures.mjs";

const open = (server, authenticator) => withTimeout(connect({ servers: server.url, reconnect: false, authenticator }), 10_000, "connect");

for (const [what, accountData, userData] of [
  ["a user's data limit", -1, 16],
  ["an account's data limit", 16, -1],
  ["a data limit of zero (a token that leaves it out)", 0, 0],
]) {
  test(`${what} does not stop traffic, as in nats-server`, async () => {
    const op = await newOperator();
    const app = await addAccount(op, "APP", undefined, { limits: { data: accountData } });
    const server = await startServer({ config: operatorConfig(op) });
    try {
      const limits = { subs: -1, payload: -1, data: userData };
      const pub = await open(server, (await newUser(app, "pub", limits)).authenticator);
      const sub = await open(server, (await newUser(app, "sub", limits)).authenticator);
      const count = 50;
      const payload = new Uint8Array(1024).fill(65);
      const received = sub.subscribe("data.>", { max: count });
      await sub.flush();
      for (let i = 0; i < count; i++) pub.publish(`data.${i}`, payload);
      await pub.flush();
      let bytes = 0;
      await withTimeout(
        (async () => {
          for await (const m of received) bytes += m.data.length;
        })(),
        10_000,
        () => `${count} messages (got ${bytes} bytes)`,
      );
      // Far more than the limit, in both directions, and both clients still open.
      assert.equal(bytes, count * payload.length);
      assert.equal(pub.isClosed(), false);
      assert.equal(sub.isClosed(), false);
      await pub.close();
      await sub.close();
    } finally {
      await server.stop();
    }
  });
}
