// The `data` limit of account and user JWTs. nats-io/jwt carries it (NatsLimits.Data, "max number of
// bytes"), but nats-server 2.9 (and later) reads it without enforcing it anywhere: only `subs`, `payload`
// and the account's `conn` limit a client. A drop-in replacement must not cut off clients that nats-server
// serves, so by default WebBroker reads it and leaves it unenforced too (pinned down against both servers).
// `enforce_jwt_data_limit: true` turns it on: a connection may publish that many bytes (the lower of the
// user's and the account's limit), and the message that would pass it closes the connection with
// -ERR 'Maximum Data Exceeded'. nats-server has no such key and refuses it, which the last test proves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "@nats-io/transport-node";
import { startServer, serverCommand } from "./server.mjs";
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

const reference = /(^|\/)nats-server$/.test(serverCommand()[0]);

for (const [what, accountData, userData] of [
  ["a user's data limit", -1, 4096],
  ["an account's data limit", 4096, -1],
  ["the lower of both limits", 4096, 100_000],
]) {
  test(`with enforce_jwt_data_limit, ${what} closes the publisher at the first byte beyond it`, async () => {
    const op = await newOperator();
    const app = await addAccount(op, "APP", undefined, { limits: { data: accountData } });
    const config = operatorConfig(op) + "enforce_jwt_data_limit: true\n";
    if (reference) {
      // nats-server has no such switch: it refuses the key, so this behaviour is WebBroker's own.
      await assert.rejects(startServer({ config }), /unknown field "enforce_jwt_data_limit"/);
      return;
    }
    const server = await startServer({ config });
    try {
      const limits = { subs: -1, payload: -1, data: userData };
      const pub = await open(server, (await newUser(app, "pub", limits)).authenticator);
      const sub = await open(server, (await newUser(app, "sub", limits)).authenticator);
      const payload = new Uint8Array(1024).fill(66);
      const received = sub.subscribe("data.>");
      await sub.flush();
      const closed = pub.closed();
      // Four messages fill the 4,096 bytes exactly; the fifth is one too many.
      for (let i = 0; i < 5; i++) pub.publish(`data.${i}`, payload);
      const err = await withTimeout(closed, 10_000, "the publisher closed");
      assert.match(String(err?.message ?? err), /maximum data exceeded/i);
      await sub.flush();
      assert.equal(received.getReceived(), 4, "the four messages within the limit were delivered, the fifth was not");
      assert.equal(sub.isClosed(), false, "the subscriber, which published nothing, stays connected");
      await sub.close();
    } finally {
      await server.stop();
    }
  });
}
