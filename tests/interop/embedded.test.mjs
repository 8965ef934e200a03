// The broker hosted inside an ASP.NET Core application of its own (tests/WebBroker.EmbeddedApp, built by the
// solution): AddWebBroker/MapWebBroker, options from the app's configuration, ephemeral ports. The official
// clients talk to it over TCP and WebSocket; /varz and the app's own endpoint answer on its HTTP port.
// WebBroker only: nats-server cannot be hosted in an ASP.NET Core application.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { connect } from "@nats-io/transport-node";
import { wsconnect } from "@nats-io/nats-core";
import { serverCommand } from "./server.mjs";
import { withTimeout, Collector, DEFAULT_WAIT_MS } from "./helpers.mjs";

globalThis.WebSocket ??= WebSocket; // Node 20 has none

const isWebBroker = serverCommand().some((w) => /webbroker/i.test(w));
const skip = !isWebBroker && "nats-server cannot be embedded in an ASP.NET Core application";

/** The sample app's build next to the broker's: same configuration (bin/Release or bin/Debug), or EMBEDDED_APP_DLL. */
function appDll() {
  if (process.env.EMBEDDED_APP_DLL) return process.env.EMBEDDED_APP_DLL;
  const config = serverCommand().map((w) => /bin[\\/](\w+)[\\/]net/.exec(w)?.[1]).find(Boolean) ?? "Release";
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  return join(root, "tests/WebBroker.EmbeddedApp/bin", config, "net10.0/WebBroker.EmbeddedApp.dll");
}

const app = { child: null, log: "", dir: null, ports: {} };
const conns = [];

before(async () => {
  if (skip) return;
  const dll = appDll();
  assert.ok(existsSync(dll), `the sample app is built: ${dll}`);
  app.dir = mkdtempSync(join(tmpdir(), "embedded-"));
  const args = ["--WebBroker:Host=127.0.0.1", "--WebBroker:Port=-1", "--WebBroker:HttpHost=127.0.0.1", "--WebBroker:HttpPort=-1",
    "--WebBroker:WebSocket:Host=127.0.0.1", "--WebBroker:WebSocket:Port=-1"];
  app.child = spawn("dotnet", [dll, ...args], { cwd: app.dir, stdio: ["ignore", "pipe", "pipe"] });
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      app.log += chunk.toString("utf8");
      if (/Server is ready/.test(app.log)) resolve();
    };
    app.child.stdout.on("data", onData);
    app.child.stderr.on("data", onData);
    app.child.once("exit", (code) => reject(new Error(`the app exited (${code}) before it was ready:\n${app.log}`)));
  });
  await withTimeout(ready, 30_000, () => `the app's "Server is ready" line:\n${app.log}`);
  const port = (re) => Number(re.exec(app.log)?.[1]);
  app.ports = {
    nats: port(/Listening for client connections on 127\.0\.0\.1:(\d+)/),
    ws: port(/Listening for websocket clients on ws:\/\/127\.0\.0\.1:(\d+)/),
    http: port(/Starting http monitor on 127\.0\.0\.1:(\d+)/),
  };
  for (const [name, p] of Object.entries(app.ports)) assert.ok(p > 0, `the app announced its ${name} port:\n${app.log}`);
});

after(async () => {
  await Promise.all(conns.map((nc) => nc.close().catch(() => {})));
  if (app.child && app.child.exitCode === null) {
    const exited = new Promise((r) => app.child.once("exit", r));
    app.child.kill("SIGTERM");
    await withTimeout(exited, 10_000, "the app to stop").catch(() => app.child.kill("SIGKILL"));
  }
  if (app.dir) rmSync(app.dir, { recursive: true, force: true });
});

async function client(ws = false) {
  const nc = await withTimeout(
    ws ? wsconnect({ servers: `ws://127.0.0.1:${app.ports.ws}`, reconnect: false })
      : connect({ servers: `nats://127.0.0.1:${app.ports.nats}`, reconnect: false }),
    DEFAULT_WAIT_MS, ws ? "ws connect" : "connect");
  conns.push(nc);
  return nc;
}

test("a TCP and a WebSocket client publish and subscribe through the embedded broker", { skip }, async () => {
  const tcp = await client();
  const ws = await client(true);
  const atWs = new Collector(ws, "embedded.to.ws");
  const atTcp = new Collector(tcp, "embedded.to.tcp");
  await ws.flush();
  await tcp.flush();
  for (let i = 0; i < 50; i++) tcp.publish("embedded.to.ws", `t${i}`);
  for (let i = 0; i < 50; i++) ws.publish("embedded.to.tcp", `w${i}`);
  assert.deepEqual((await atWs.waitFor(50)).map((m) => m.string()), Array.from({ length: 50 }, (_, i) => `t${i}`));
  assert.deepEqual((await atTcp.waitFor(50)).map((m) => m.string()), Array.from({ length: 50 }, (_, i) => `w${i}`));
});

test("request/reply through the embedded broker", { skip }, async () => {
  const service = await client();
  const requester = await client(true);
  service.subscribe("embedded.svc", { callback: (_, m) => m.respond(`echo ${m.string()}`) });
  await service.flush();
  const reply = await requester.request("embedded.svc", "ping", { timeout: DEFAULT_WAIT_MS });
  assert.equal(reply.string(), "echo ping");
});

test("the app's HTTP port serves /varz of the embedded broker next to its own endpoint", { skip }, async () => {
  const nc = await client();
  await nc.flush();
  const varz = await (await fetch(`http://127.0.0.1:${app.ports.http}/varz`)).json();
  assert.equal(varz.port, app.ports.nats);
  assert.equal(varz.http_port, app.ports.http);
  assert.ok(varz.connections >= 1, `varz counts the client: ${varz.connections}`);
  assert.match(varz.server_id, /^N[A-Z0-9]{55}$/);
  const hello = await fetch(`http://127.0.0.1:${app.ports.http}/hello`);
  assert.equal(await hello.text(), "hello from the host application");
  // No dashboard in this app: its pages are not mapped.
  assert.equal((await fetch(`http://127.0.0.1:${app.ports.http}/login`)).status, 404);
});
