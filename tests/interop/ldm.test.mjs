// Lame duck mode seen by the official client: it is told (status "ldm"), then the server
// closes it after the grace period, well within lame_duck_duration, and exits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, withTimeout } from "./helpers.mjs";

const env = useServer({
  config: `lame_duck_grace_period: "1s"\nlame_duck_duration: "30s"\n`,
});

test("a client sees ldm and is closed within lame_duck_duration, then the server exits", async () => {
  const nc = await env.connect();
  const sawLdm = (async () => {
    for await (const s of nc.status()) {
      if (s.type === "ldm") return true;
    }
    return false;
  })();
  await nc.flush();

  const started = Date.now();
  env.server.signal("SIGUSR2");
  assert.equal(await withTimeout(sawLdm, 10_000, "ldm status"), true);
  await withTimeout(nc.closed(), 30_000, "connection closed by the server");
  assert.ok(Date.now() - started < 30_000, "closed within lame_duck_duration");
  await withTimeout(env.server.exit, 30_000, "server exit");
});
