// Launches the NATS server under test on an ephemeral loopback port.
//
// The server command comes from NATS_SERVER_CMD (default "nats-server"); it is
// split into words (single/double quotes and backslash escapes are honoured),
// then "-a 127.0.0.1 -p -1" and any extra arguments are appended. The process is
// spawned directly (no shell) so that SIGTERM reaches the server itself.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LISTEN_RE = /Listening for client connections on ([^\s]+):(\d+)/;
const WS_LISTEN_RE = /Listening for websocket clients on wss?:\/\/[^\s]+:(\d+)/;
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;

/** Splits a command line into words, roughly like a POSIX shell would. */
export function splitCommand(cmd) {
  const words = [];
  let cur = "";
  let inWord = false;
  let quote = null;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (quote) {
      if (c === quote) {
        quote = null;
      } else if (c === "\\" && quote === '"' && i + 1 < cmd.length) {
        cur += cmd[++i];
      } else {
        cur += c;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < cmd.length) {
      cur += cmd[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) {
        words.push(cur);
        cur = "";
        inWord = false;
      }
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated quote in NATS_SERVER_CMD: ${cmd}`);
  if (inWord) words.push(cur);
  return words;
}

export function serverCommand() {
  const raw = process.env.NATS_SERVER_CMD;
  const words = splitCommand(raw && raw.trim() !== "" ? raw : "nats-server");
  if (words.length === 0) throw new Error("NATS_SERVER_CMD is empty");
  return words;
}

/**
 * Starts a server. Options:
 *   args:   extra command-line arguments (array of strings)
 *   config: text of a config file; it is written to a temp file and passed as "-c <file>"
 * Resolves to { port, host, url, log(), stop() }.
 */
export async function startServer({ args = [], config } = {}) {
  const [cmd, ...baseArgs] = serverCommand();
  let tmpDir = null;
  const extra = [...args];
  if (config !== undefined) {
    tmpDir = mkdtempSync(join(tmpdir(), "interop-"));
    const file = join(tmpDir, "server.conf");
    writeFileSync(file, config);
    extra.push("-c", file);
  }
  const argv = [...baseArgs, "-a", "127.0.0.1", "-p", "-1", ...extra];

  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  let exited = false;
  let exitInfo = null;
  let spawnError = null;
  const exitPromise = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    // A command that cannot be started emits "error" and never "exit".
    child.once("error", (err) => {
      spawnError = err;
      if (child.pid === undefined) {
        exited = true;
        exitInfo = { code: null, signal: null, error: err };
        resolve(exitInfo);
      }
    });
  });

  const cleanup = () => {
    if (tmpDir) {
      try {
        rmSync(tmpDir, { recursive: true, force: true });
      } catch {
        // ignore
      }
      tmpDir = null;
    }
  };

  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      let timer;
      const killed = await Promise.race([
        exitPromise.then(() => false),
        new Promise((r) => {
          timer = setTimeout(() => r(true), STOP_GRACE_MS);
        }),
      ]);
      clearTimeout(timer);
      if (killed && !exited) {
        child.kill("SIGKILL");
        await exitPromise;
      }
    }
    cleanup();
  };

  const describe = () => `${cmd} ${argv.join(" ")}`;

  try {
    const found = await new Promise((resolve, reject) => {
      let buffered = "";
      const timer = setTimeout(() => {
        reject(new Error(`server did not report a client listener within ${START_TIMEOUT_MS} ms: ${describe()}\n--- log ---\n${log}`));
      }, START_TIMEOUT_MS);
      const onData = (chunk) => {
        const s = chunk.toString("utf8");
        log += s;
        buffered += s;
        const m = LISTEN_RE.exec(buffered);
        if (m) {
          clearTimeout(timer);
          const ws = WS_LISTEN_RE.exec(log);
          resolve({ host: m[1], port: Number(m[2]), wsPort: ws ? Number(ws[1]) : undefined });
        }
        if (buffered.length > 65536) buffered = buffered.slice(-4096);
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      exitPromise.then(({ code, signal }) => {
        clearTimeout(timer);
        if (spawnError) {
          reject(new Error(`cannot start ${describe()}: ${spawnError.message}\n--- log ---\n${log}`));
        } else {
          reject(new Error(`server exited (code ${code}, signal ${signal}) before listening: ${describe()}\n--- log ---\n${log}`));
        }
      });
    });
    // onData stays attached: the pipes keep draining (the server never blocks on
    // a full pipe) and log() keeps growing for diagnostics.
    const host = found.host === "0.0.0.0" || found.host === "[::]" || found.host === "::" ? "127.0.0.1" : found.host;
    return {
      host,
      port: found.port,
      url: `nats://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${found.port}`,
      log: () => log,
      exited: () => exitInfo,
      pid: child.pid,
      /** The websocket listener's port, when the config opened one. */
      wsPort: found.wsPort,
      /** Sends a POSIX signal (e.g. "SIGUSR2", "SIGHUP") to the server. */
      signal: (name) => child.kill(name),
      /** Resolves with { code, signal } when the server exits. */
      exit: exitPromise,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
