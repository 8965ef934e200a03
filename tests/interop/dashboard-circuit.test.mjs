// The dashboard's live pages (Blazor Server circuits over SignalR) need a signed-in user: a component marker
// captured while signed in must not start a circuit for a client without the cookie. Driven with the real
// SignalR client (@microsoft/signalr with the MessagePack protocol under Blazor's name, "blazorpack"), speaking
// the Blazor hub's methods as blazor.web.js does. WebBroker only: nats-server has no dashboard.
import { test } from "node:test";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import WebSocket from "ws";
import { startServer, serverCommand } from "./server.mjs";
import { withTimeout } from "./helpers.mjs";

const isWebBroker = serverCommand().some((w) => /webbroker/i.test(w));
const CONFIG = `dashboard { users: [ { user: ops, password: "ops-secret", role: viewer } ] }\n`;

/** The cookies a response sets, as "name=value" pairs. */
const cookiesOf = (res) => res.headers.getSetCookie().map((c) => c.split(";")[0]);
const tokenOf = (html) => /name="__RequestVerificationToken" value="([^"]+)"/.exec(html)?.[1];

async function signIn(base) {
  const form = await fetch(`${base}/login`);
  const jar = cookiesOf(form);
  const body = new URLSearchParams({ __RequestVerificationToken: tokenOf(await form.text()), user: "ops", password: "ops-secret" });
  const res = await fetch(`${base}/login`, { method: "POST", body, redirect: "manual", headers: { cookie: jar.join("; ") } });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get("location"), "/");
  const session = cookiesOf(res).find((c) => c.startsWith("webbroker.dashboard="));
  assert.ok(session, "signed in");
  return [...jar, session].join("; ");
}

/** The overview page's server component marker and persisted state, as the signed-in user saw them. */
async function capturePage(base, cookie) {
  const res = await fetch(`${base}/`, { headers: { cookie }, redirect: "manual" });
  assert.equal(res.status, 200);
  const html = await res.text();
  const marker = /<!--Blazor:(\{"type":"server".*?\})-->/.exec(html)?.[1];
  assert.ok(marker, "the page carries a server component marker");
  const state = /<!--Blazor-Server-Component-State:([^-]*)-->/.exec(html)?.[1] ?? "";
  return { marker: JSON.parse(marker), state, html };
}

/**
 * Opens /_blazor, starts a circuit and adds the page from the marker, acknowledging render batches and answering
 * JS calls as a browser would. `rendered(n)` resolves once n render batches arrived (the page renders every 2 s);
 * `closed` resolves when the hub closes the connection. Rejects if the hub refuses to start the circuit.
 */
async function openPage(base, { marker, state }, { cookie } = {}) {
  const protocol = new MessagePackHubProtocol();
  protocol.name = "blazorpack"; // what blazor.web.js does: Blazor's hub speaks only this
  const hub = new signalR.HubConnectionBuilder()
    .withUrl(`${base}/_blazor`, { headers: cookie ? { cookie } : {}, transport: signalR.HttpTransportType.WebSockets })
    .withHubProtocol(protocol)
    .configureLogging(signalR.LogLevel.None)
    .build();
  let received = 0;
  const waiting = [];
  const closed = new Promise((resolve) => hub.onclose((error) => resolve(error ?? new Error("closed"))));
  hub.on("JS.RenderBatch", (batchId) => {
    hub.send("OnRenderCompleted", batchId, null).catch(() => {});
    received++;
    for (const w of waiting.filter((w) => received >= w.n)) w.resolve(received);
  });
  hub.on("JS.BeginInvokeJS", (handle) => {
    if (handle) hub.send("EndInvokeJSFromDotNet", handle, true, JSON.stringify([handle, true, null])).catch(() => {});
  });
  for (const name of ["JS.AttachComponent", "JS.EndInvokeDotNet", "JS.ReceiveByteArray", "JS.EndLocationChanging", "JS.SetPlatformAPI", "JS.Error"]) hub.on(name, () => {});
  /** Resolves with the count once n batches arrived; rejects if the hub closes first. */
  const rendered = (n) => withTimeout(Promise.race([
    new Promise((resolve) => (received >= n ? resolve(received) : waiting.push({ n, resolve }))),
    closed.then((error) => { throw new Error(`hub closed after ${received} render batches: ${error.message}`); }),
  ]), 20_000, `${n} render batches`);
  await hub.start();
  const circuit = await hub.invoke("StartCircuit", `${base}/`, `${base}/`, "[]", "");
  assert.ok(circuit, "the hub started a circuit");
  await hub.send("UpdateRootComponents", JSON.stringify({ batchId: 1, operations: [{ type: "add", ssrComponentId: 1, marker }] }), state);
  return { rendered, closed, received: () => received, stop: () => hub.stop().catch(() => {}) };
}

/** Opens the page and waits for its first live renders; always hangs up. */
async function replay(base, captured, options) {
  const page = await openPage(base, captured, options);
  try {
    return await page.rendered(2);
  } finally {
    await page.stop();
  }
}

const httpBase = (server) => `http://127.0.0.1:${Number(/Starting http monitor on [^\s]+:(\d+)/.exec(server.log())?.[1])}`;

test("a component marker captured while signed in streams nothing after sign-out, without the cookie", { skip: !isWebBroker && "nats-server has no dashboard" }, async () => {
  const server = await startServer({ args: ["-m", "-1"], config: CONFIG });
  try {
    const base = httpBase(server);
    const cookie = await signIn(base);

    // The replay itself works: with the cookie, the marker's page comes alive and keeps rendering.
    assert.ok(await replay(base, await capturePage(base, cookie), { cookie }) >= 2);

    const captured = await capturePage(base, cookie);
    const logout = await fetch(`${base}/logout`, {
      method: "POST", redirect: "manual", headers: { cookie },
      body: new URLSearchParams({ __RequestVerificationToken: tokenOf(captured.html) }),
    });
    assert.equal(logout.status, 302);
    assert.match(logout.headers.get("set-cookie") ?? "", /webbroker\.dashboard=;/, "the session cookie is cleared");

    // No cookie at all: the hub refuses, and no render batch of the page arrives.
    await assert.rejects(replay(base, captured));
  } finally {
    await server.stop();
  }
});

test("an open live page is closed when a config reload removes its user", { skip: !isWebBroker && "nats-server has no dashboard" }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-circuit-"));
  const file = join(dir, "server.conf");
  writeFileSync(file, CONFIG.replace("] }", ", { user: root, password: \"root-secret\", role: admin } ] }"));
  const server = await startServer({ args: ["-m", "-1", "-c", file] });
  try {
    const base = httpBase(server);
    const cookie = await signIn(base);
    const page = await openPage(base, await capturePage(base, cookie), { cookie });
    try {
      await page.rendered(2);
      writeFileSync(file, `dashboard { users: [ { user: root, password: "root-secret", role: admin } ] }\n`);
      server.signal("SIGHUP");
      // Closed by the server: a client that ignores the page's own "go to sign-in" is cut off all the same.
      assert.ok(await withTimeout(page.closed, 20_000, "the hub to close the removed user's page"));
    } finally {
      await page.stop();
    }
    // And the cookie opens no new page either.
    const res = await fetch(`${base}/`, { headers: { cookie }, redirect: "manual" });
    assert.equal(res.status, 302);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an anonymous live page of local-only mode is closed when a reload adds dashboard users", { skip: !isWebBroker && "nats-server has no dashboard" }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-circuit-"));
  const file = join(dir, "server.conf");
  writeFileSync(file, "# no dashboard users: local-only\n");
  const server = await startServer({ args: ["-m", "-1", "-c", file] });
  try {
    const base = httpBase(server);
    const page = await openPage(base, await capturePage(base, ""));
    try {
      await page.rendered(2);
      writeFileSync(file, CONFIG);
      server.signal("SIGHUP");
      assert.ok(await withTimeout(page.closed, 20_000, "the hub to close the anonymous page"));
    } finally {
      await page.stop();
    }
    assert.equal((await fetch(`${base}/`, { redirect: "manual" })).status, 302, "now sent to sign in");
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a page of another site cannot open the hub, even in local-only mode where no cookie is needed", { skip: !isWebBroker && "nats-server has no dashboard" }, async () => {
  const server = await startServer({ args: ["-m", "-1"] });
  try {
    const base = httpBase(server);
    const status = (origin) => withTimeout(new Promise((resolve, reject) => {
      const ws = new WebSocket(`${base.replace("http:", "ws:")}/_blazor`, { origin });
      ws.on("open", () => { ws.close(); resolve(101); });
      ws.on("unexpected-response", (_, res) => { res.resume(); resolve(res.statusCode); });
      ws.on("error", reject);
    }), 10_000, `the hub's answer to ${origin}`);
    assert.equal(await status("http://evil.example"), 403);
    assert.equal(await status(base), 101, "the dashboard's own origin is let in");
  } finally {
    await server.stop();
  }
});
