// A server started with a config file (-c): its limits are what the client sees.
import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidArgumentError } from "@nats-io/transport-node";
import { useServer, Collector } from "./helpers.mjs";

const MAX = 4096;
const env = useServer({ config: `# written by config.test.mjs\nmax_payload: ${MAX}\n` });

test("max_payload from the config file is announced in INFO", async () => {
  const nc = await env.connect();
  assert.equal(nc.info.max_payload, MAX);
});

test("a message of exactly the configured max_payload round-trips and one byte more is refused", async () => {
  const sub = await env.connect();
  const pub = await env.connect();
  const c = new Collector(sub, "cfg.max");
  await sub.flush();
  const data = new Uint8Array(MAX).fill(7);
  pub.publish("cfg.max", data);
  const [m] = await c.waitFor(1);
  assert.equal(m.data.length, MAX);
  assert.throws(() => pub.publish("cfg.max", new Uint8Array(MAX + 1)), InvalidArgumentError);
});
