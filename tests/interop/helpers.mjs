// Shared fixtures for the interop tests: one server per test file, tracked
// client connections, bounded waits and a message collector.
import { before, after, afterEach } from "node:test";
import { connect } from "@nats-io/transport-node";
import { startServer } from "./server.mjs";

export const DEFAULT_WAIT_MS = 10_000;

/** Rejects with a descriptive error if `promise` does not settle within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const detail = typeof what === "function" ? what() : what;
      reject(new Error(`timed out after ${ms} ms waiting for ${detail}`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Declares a server for the enclosing test file (or describe block): started in
 * `before`, stopped in `after`. Connections made through `env.connect()` are
 * closed after every test, so a failing test cannot leak into the next one.
 */
export function useServer(serverOptions = {}) {
  const env = {
    server: null,
    conns: new Set(),
    get port() {
      return this.server.port;
    },
    get url() {
      return this.server.url;
    },
    async connect(opts = {}) {
      const nc = await withTimeout(
        connect({ servers: env.server.url, reconnect: false, ...opts }),
        DEFAULT_WAIT_MS,
        `connect to ${env.server.url}`,
      );
      env.conns.add(nc);
      return nc;
    },
    async closeAll() {
      const conns = [...env.conns];
      env.conns.clear();
      await Promise.all(
        conns.map(async (nc) => {
          if (nc.isClosed()) return;
          try {
            await withTimeout(nc.close(), 5_000, "connection close");
          } catch {
            // best effort: the test already failed or the server is gone
          }
        }),
      );
    },
  };

  before(async () => {
    env.server = await startServer(serverOptions);
  });
  afterEach(async () => {
    await env.closeAll();
  });
  after(async () => {
    await env.closeAll();
    if (env.server) await env.server.stop();
  });
  return env;
}

/**
 * Subscribes with a callback and records every message. `waitFor(n)` resolves
 * once at least n messages have arrived; `waitUntil(pred)` once pred(messages)
 * is true.
 */
export class Collector {
  constructor(nc, subject, opts = {}, onMsg) {
    this.msgs = [];
    this.errors = [];
    this.waiters = [];
    this.subject = subject;
    this.sub = nc.subscribe(subject, {
      ...opts,
      callback: (err, msg) => {
        if (err) {
          this.errors.push(err);
        } else {
          this.msgs.push(msg);
          if (onMsg) onMsg(msg);
        }
        this.check();
      },
    });
  }

  get count() {
    return this.msgs.length;
  }

  strings() {
    return this.msgs.map((m) => m.string());
  }

  subjects() {
    return this.msgs.map((m) => m.subject);
  }

  check() {
    this.waiters = this.waiters.filter((w) => {
      if (this.errors.length > 0) {
        w.reject(this.errors[0]);
        return false;
      }
      if (w.pred(this.msgs)) {
        w.resolve(this.msgs);
        return false;
      }
      return true;
    });
  }

  waitUntil(pred, ms = DEFAULT_WAIT_MS, what = "condition") {
    const p = new Promise((resolve, reject) => {
      this.waiters.push({ pred, resolve, reject });
      this.check();
    });
    return withTimeout(p, ms, () => `${what} on '${this.subject}' (have ${this.msgs.length} messages)`);
  }

  waitFor(n, ms = DEFAULT_WAIT_MS) {
    return this.waitUntil((msgs) => msgs.length >= n, ms, `${n} messages`);
  }
}

/** A completion latch: `done` resolves after `arrive()` was called n times. */
export function latch(n) {
  let resolve;
  let arrived = 0;
  const done = new Promise((r) => {
    resolve = r;
  });
  if (n <= 0) resolve();
  return {
    done,
    arrive() {
      arrived++;
      if (arrived === n) resolve();
    },
    get arrived() {
      return arrived;
    },
  };
}

export function uniqueSubject(prefix) {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
