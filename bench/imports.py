#!/usr/bin/env python3
"""Cross-account load, WebBroker beside nats-server in one run: a stream import (a publisher in the exporting
account, a subscriber in the importing one, under the import's prefix) and a service import (requests from the
importing account answered in the exporting one, pipelined). Prints messages per second and the server's CPU
time per message or request, and WebBroker/nats-server ratios. Usage: bench/imports.py [ROUNDS]
(WEBBROKER_DLL picks the build; serialize with flock as every benchmark here)."""
import os, sys, tempfile, threading, time
from loadgen import Server, await_pong

CONFIG = """
accounts {
  EXP { users: [ { user: e, password: e } ], exports: [ { stream: "ev.>" }, { service: "svc.>" } ] }
  IMP {
    users: [ { user: i, password: i } ]
    imports: [ { stream: { account: EXP, subject: "ev.>" }, prefix: "x" }, { service: { account: EXP, subject: "svc.>" } } ]
  }
}
"""
SIZE = 16
STREAM_MESSAGES = 400_000
REQUESTS = 100_000


def login(port, user):
    import socket
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.recv(4096)
    s.sendall(b'CONNECT {"verbose":false,"pedantic":false,"user":"%s","pass":"%s"}\r\n' % (user, user))
    return s


def read_bytes(s, expected, timeout=120):
    got, deadline = 0, time.time() + timeout
    s.settimeout(5)
    while got < expected and time.time() < deadline:
        chunk = s.recv(1 << 20)
        if not chunk: break
        got += len(chunk)
    return got >= expected


def stream(server):
    sub = login(server.port, b"i")
    sub.sendall(b"SUB x.ev.> 1\r\nPING\r\n")
    await_pong(sub)
    pub = login(server.port, b"e")
    frame = b"MSG x.ev.x 1 %d\r\n" % SIZE + b"x" * SIZE + b"\r\n"
    chunk = (b"PUB ev.x %d\r\n" % SIZE + b"x" * SIZE + b"\r\n") * 64
    result = {}
    reader = threading.Thread(target=lambda: result.update(ok=read_bytes(sub, len(frame) * STREAM_MESSAGES)))
    cpu0, start = server.cpu_seconds(), time.time()
    reader.start()
    for _ in range(STREAM_MESSAGES // 64): pub.sendall(chunk)
    reader.join()
    elapsed, cpu = time.time() - start, server.cpu_seconds() - cpu0
    pub.close(); sub.close()
    return STREAM_MESSAGES / elapsed, cpu * 1e9 / STREAM_MESSAGES, result.get("ok", False)


def respond(s, count):
    """Answers `count` requests: each MSG line names its reply subject; the answer echoes the payload."""
    buf, answered = b"", 0
    s.settimeout(30)
    while answered < count:
        chunk = s.recv(1 << 20)
        if not chunk: return
        buf += chunk
        out, pos = [], 0
        while True:
            end = buf.find(b"\r\n", pos)
            if end < 0: break
            line = buf[pos:end]
            if not line.startswith(b"MSG "):
                pos = end + 2
                continue
            parts = line.split(b" ")
            size = int(parts[-1])
            if len(buf) < end + 2 + size + 2: break
            out.append(b"PUB %s %d\r\n" % (parts[3], size) + buf[end + 2:end + 2 + size] + b"\r\n")
            pos = end + 2 + size + 2
            answered += 1
        buf = buf[pos:]
        if out: s.sendall(b"".join(out))


def service(server):
    responder = login(server.port, b"e")
    responder.sendall(b"SUB svc.> 1\r\nPING\r\n")
    await_pong(responder)
    requester = login(server.port, b"i")
    requester.sendall(b"SUB inbox 1\r\nPING\r\n")
    await_pong(requester)
    frame = b"MSG inbox 1 %d\r\n" % SIZE + b"x" * SIZE + b"\r\n"
    request = b"PUB svc.echo inbox %d\r\n" % SIZE + b"x" * SIZE + b"\r\n"
    result = {}
    answering = threading.Thread(target=respond, args=(responder, REQUESTS), daemon=True)
    reader = threading.Thread(target=lambda: result.update(ok=read_bytes(requester, len(frame) * REQUESTS)))
    cpu0, start = server.cpu_seconds(), time.time()
    answering.start(); reader.start()
    for _ in range(REQUESTS // 100): requester.sendall(request * 100)
    reader.join()
    elapsed, cpu = time.time() - start, server.cpu_seconds() - cpu0
    requester.close(); responder.close()
    return REQUESTS / elapsed, cpu * 1e9 / REQUESTS, result.get("ok", False)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    conf.write(CONFIG); conf.close()
    figures = {}
    for r in range(rounds):
        for name in (["nats-server", "WebBroker"] if r % 2 == 0 else ["WebBroker", "nats-server"]):
            server = Server(name, ["-c", conf.name])
            try:
                for workload in (stream, service):
                    workload(server)  # warm-up (JIT, pools, caches)
                    figures.setdefault((workload.__name__, name), []).append(workload(server))
            finally:
                server.stop()
    os.unlink(conf.name)
    median = lambda xs: sorted(xs)[len(xs) // 2]
    print(f"{'workload':<10} {'server':<12} {'msg/s':>10} {'CPU ns/msg':>11} complete")
    for workload in ("stream", "service"):
        for name in ("nats-server", "WebBroker"):
            runs = figures[(workload, name)]
            print(f"{workload:<10} {name:<12} {median([x[0] for x in runs]):>10.0f} {median([x[1] for x in runs]):>11.0f} {all(x[2] for x in runs)}")
        ours, theirs = figures[(workload, "WebBroker")], figures[(workload, "nats-server")]
        rate = median([o[0] / t[0] for o, t in zip(ours, theirs)])
        cpu = median([o[1] / t[1] for o, t in zip(ours, theirs)])
        print(f"{workload:<10} {'ratio':<12} {rate:>10.2f} {cpu:>11.2f}")


if __name__ == "__main__":
    main()
