// The websocket {} block's security as nats-server has it: wss:// with tls {}, credentials that apply
// to WebSocket clients only (authorization {}, no_auth_user), the JWT from a cookie (jwt_cookie),
// handshake_timeout, permessage-deflate, and a client that stalls mid-frame being cleaned up.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import net from "node:net";
import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { wsconnect, usernamePasswordAuthenticator } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { startServer } from "./server.mjs";
import { testCertificates } from "./certs.mjs";
import { Collector, useServer, withTimeout } from "./helpers.mjs";
import { addAccount, newOperator, newUser, operatorConfig } from "./jwt-fixtures.mjs";

globalThis.WebSocket ??= WebSocket;

const certs = testCertificates("wss");
const f = certs.file;
after(() => certs.remove());

const wsOpen = (url, opts = {}) => withTimeout(wsconnect({ servers: url, reconnect: false, timeout: 5_000, ...opts }), 10_000, `ws connect ${url}`);

/** A raw WebSocket speaking the NATS protocol: collects text, sends text frames. */
function rawWs(url, options = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    let text = "";
    const waiters = [];
    ws.on("message", (data) => {
      text += data.toString();
      for (const w of [...waiters]) if (text.includes(w.what)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(text); }
    });
    ws.on("open", () => resolve({
      ws,
      send: (s) => ws.send(Buffer.from(s)),
      until: (what) => withTimeout(new Promise((r) => { waiters.push({ what, resolve: r }); if (text.includes(what)) r(text); }), 10_000, `'${what}' over ws`),
      closed: new Promise((r) => ws.on("close", r)),
    }));
    ws.on("error", reject);
  });
}

describe("wss:// with a tls {} block", () => {
  const env = useServer({ config: `websocket { port: -1, tls { cert_file: "${f("server.pem")}", key_file: "${f("server.key")}" } }\n` });

  test("the official client connects over wss:// and talks with a TCP client", async () => {
    const ca = readFileSync(f("ca.pem"));
    const previous = globalThis.WebSocket;
    // The client builds its WebSocket from the global constructor; this one trusts the test CA.
    globalThis.WebSocket = class extends WebSocket { constructor(url, protocols) { super(url, protocols, { ca }); } };
    try {
      const ws = await wsOpen(`wss://127.0.0.1:${env.server.wsPort}`);
      env.conns.add(ws);
      const tcp = await env.connect();
      const got = new Collector(tcp, "from.wss");
      await tcp.flush();
      ws.publish("from.wss", "secure");
      await got.waitFor(1);
    } finally {
      globalThis.WebSocket = previous;
    }
  });

  test("a plain ws:// client cannot talk to the wss:// listener", async () => {
    await assert.rejects(wsOpen(`ws://127.0.0.1:${env.server.wsPort}`));
  });
});

describe("authorization {} in the websocket block", () => {
  const env = useServer({
    config: `
authorization { user: main, password: mainp }
websocket { port: -1, no_tls: true, authorization { user: wsu, password: wsp } }
`,
  });
  const ws = (u, p) => wsOpen(`ws://127.0.0.1:${env.server.wsPort}`, { authenticator: usernamePasswordAuthenticator(u, p) });

  test("WebSocket clients use the block's user; TCP clients the top-level one", async () => {
    const w = await ws("wsu", "wsp");
    await w.flush();
    await w.close();
    await assert.rejects(ws("main", "mainp"), /Authorization Violation/i);
    await (await env.connect({ authenticator: usernamePasswordAuthenticator("main", "mainp") })).flush();
    await assert.rejects(env.connect({ authenticator: usernamePasswordAuthenticator("wsu", "wsp") }), /Authorization Violation/i);
  });
});

describe("no_auth_user in the websocket block", () => {
  const env = useServer({
    config: `
accounts {
  A { users: [ { user: alice, password: a } ] }
  B { users: [ { user: bob, password: b } ] }
}
websocket { port: -1, no_tls: true, no_auth_user: bob }
`,
  });

  test("a WebSocket client without credentials is bob (account B); a TCP client is refused", async () => {
    const w = await wsOpen(`ws://127.0.0.1:${env.server.wsPort}`);
    const bob = await env.connect({ authenticator: usernamePasswordAuthenticator("bob", "b") });
    const alice = await env.connect({ authenticator: usernamePasswordAuthenticator("alice", "a") });
    const inB = new Collector(bob, "hello");
    const inA = new Collector(alice, "hello");
    await bob.flush();
    await alice.flush();
    w.publish("hello", "from ws");
    await inB.waitFor(1);
    // Alice's own message after the WebSocket one: once it arrives, the other had its chance.
    alice.publish("hello", "from alice");
    await inA.waitFor(1);
    assert.deepEqual(inA.strings(), ["from alice"]);
    await w.close();
    await assert.rejects(env.connect(), /Authorization Violation/i);
  });
});

describe("jwt_cookie", async () => {
  const op = await newOperator();
  const app = await addAccount(op, "APP");
  const env = useServer({ config: `${operatorConfig(op)}websocket { port: -1, no_tls: true, jwt_cookie: "natsjwt" }\n` });

  test("the user JWT in the cookie authenticates a CONNECT without one", async () => {
    const { jwt } = await newUser(app, "cookie-user", { bearer_token: true });
    const c = await rawWs(`ws://127.0.0.1:${env.server.wsPort}`, { headers: { Cookie: `natsjwt=${jwt}` } });
    await c.until("INFO");
    c.send('CONNECT {"verbose":false,"protocol":1}\r\nPING\r\n');
    await c.until("PONG");
    c.ws.close();
  });

  test("without the cookie the same CONNECT is refused", async () => {
    const c = await rawWs(`ws://127.0.0.1:${env.server.wsPort}`);
    await c.until("INFO");
    c.send('CONNECT {"verbose":false,"protocol":1}\r\nPING\r\n');
    assert.match(await c.until("-ERR"), /Authorization Violation/);
  });
});

describe("compression", () => {
  for (const compression of [true, false]) {
    describe(`compression: ${compression}`, () => {
      const env = useServer({ config: `websocket { port: -1, no_tls: true, compression: ${compression} }\n` });
      test(`permessage-deflate is ${compression ? "" : "not "}negotiated, and messages flow`, async () => {
        const c = await rawWs(`ws://127.0.0.1:${env.server.wsPort}`, { perMessageDeflate: true });
        assert.equal(c.ws.extensions.includes("permessage-deflate"), compression, `extensions: '${c.ws.extensions}'`);
        await c.until("INFO");
        c.send(`CONNECT {"verbose":false}\r\nSUB big 1\r\nPUB big 2000\r\n${"x".repeat(2000)}\r\nPING\r\n`);
        const text = await c.until("PONG");
        assert.match(text, /MSG big 1 2000\r\nx{2000}\r\n/);
        c.ws.close();
      });
    });
  }
});

describe("stalled and slow clients", () => {
  const env = useServer({ config: "ping_interval: \"1s\"\nping_max: 1\nwebsocket { port: -1, no_tls: true, handshake_timeout: \"1s\" }\n" });

  /** A TCP socket to the websocket port; resolves when the server closes it. */
  const rawSocket = (onConnect) => new Promise((resolve, reject) => {
    const s = net.createConnection({ host: "127.0.0.1", port: env.server.wsPort }, () => onConnect(s));
    let text = "";
    s.on("data", (d) => { text += d.toString("latin1"); s.emit("text", text); });
    s.on("close", () => resolve(text));
    s.on("error", () => resolve(text));
    setTimeout(() => { s.destroy(); reject(new Error(`not closed by the server; got: ${text.slice(0, 200)}`)); }, 10_000);
  });

  test("a connection that never completes the upgrade is closed after handshake_timeout", async () => {
    const text = await rawSocket((s) => s.write("GET / HTTP/1.1\r\nHost: x\r\n")); // headers never finished
    assert.doesNotMatch(text, /101 Switching Protocols/);
  });

  test("a client that sends half a frame and stalls is cleaned up while others carry on", async () => {
    const tcp = await env.connect();
    const got = new Collector(tcp, "alive");
    await tcp.flush();
    const frame = (payload, declared = payload.length) => {
      const mask = randomBytes(4);
      const body = Buffer.from(payload);
      const masked = Buffer.from(body.map((b, i) => b ^ mask[i % 4]));
      return Buffer.concat([Buffer.from([0x82, 0x80 | declared]), mask, masked]);
    };
    const closed = rawSocket((s) => {
      const key = randomBytes(16).toString("base64");
      s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      s.once("text", () => {
        s.write(frame('CONNECT {"verbose":false}\r\n'));
        // A frame announcing 100 bytes, of which 10 are sent; then nothing more.
        s.write(frame("PUB x 50\r\n", 100).subarray(0, 2 + 4 + 10));
      });
    });
    tcp.publish("alive", "1");
    await got.waitFor(1);
    const text = await closed;
    assert.match(text, /101 Switching Protocols/);
    tcp.publish("alive", "2");
    await got.waitFor(2);
  });
});
