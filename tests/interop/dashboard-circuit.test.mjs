// The dashboard's live pages (Blazor Server circuits over SignalR) need a signed-in user: a component marker
// captured while signed in must not start a circuit for a client without the cookie. Driven with the real
// SignalR client (@microsoft/signalr with the MessagePack protocol under Blazor's name, "blazorpack"), speaking
// the Blazor hub's methods as blazor.web.js does. WebBroker only: nats-server has no dashboard.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
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
 * JS calls as a browser would. Resolves once `batches` render batches arrived (the page renders every 2 s);
 * rejects if the hub refuses or closes first.
 */
async function replay(base, { marker, state }, { cookie, batches = 2 } = {}) {
  const protocol = new MessagePackHubProtocol();
  protocol.name = "blazorpack"; // what blazor.web.js does: Blazor's hub speaks only this
  const hub = new signalR.HubConnectionBuilder()
    .withUrl(`${base}/_blazor`, { headers: cookie ? { cookie } : {}, transport: signalR.HttpTransportType.WebSockets })
    .withHubProtocol(protocol)
    .configureLogging(signalR.LogLevel.None)
    .build();
  let received = 0;
  const rendered = new Promise((resolve, reject) => {
    hub.on("JS.RenderBatch", (batchId) => {
      hub.send("OnRenderCompleted", batchId, null).catch(() => {});
      if (++received >= batches) resolve(received);
    });
    hub.on("JS.BeginInvokeJS", (handle) => {
      if (handle) hub.send("EndInvokeJSFromDotNet", handle, true, JSON.stringify([handle, true, null])).catch(() => {});
    });
    hub.on("JS.Error", (message) => reject(new Error(`hub error: ${message}`)));
    for (const name of ["JS.AttachComponent", "JS.EndInvokeDotNet", "JS.ReceiveByteArray", "JS.EndLocationChanging", "JS.SetPlatformAPI"]) hub.on(name, () => {});
    hub.onclose((error) => reject(new Error(`hub closed after ${received} render batches: ${error?.message ?? "no error"}`)));
  });
  rendered.catch(() => {}); // observed below; a refusal before start must not surface as unhandled
  try {
    await hub.start();
    const circuit = await hub.invoke("StartCircuit", `${base}/`, `${base}/`, "[]", "");
    assert.ok(circuit, "the hub started a circuit");
    await hub.send("UpdateRootComponents", JSON.stringify({ batchId: 1, operations: [{ type: "add", ssrComponentId: 1, marker }] }), state);
    return await withTimeout(rendered, 20_000, `${batches} render batches`);
  } finally {
    await hub.stop().catch(() => {});
  }
}

test("a component marker captured while signed in streams nothing after sign-out, without the cookie", { skip: !isWebBroker && "nats-server has no dashboard" }, async () => {
  const server = await startServer({ args: ["-m", "-1"], config: CONFIG });
  try {
    const port = Number(/Starting http monitor on [^\s]+:(\d+)/.exec(server.log())?.[1]);
    const base = `http://127.0.0.1:${port}`;
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
