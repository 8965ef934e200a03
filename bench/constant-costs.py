#!/usr/bin/env python3
"""Constant costs, nats-server and WebBroker side by side (issue 11, finding 14): connection set-up (INFO,
CONNECT, PING/PONG, close; rate and server CPU per connection), pub/sub 1:1 with 1 KiB payloads (server CPU
per delivered message) and request/reply round trips (p50, p99) between two raw-socket clients. The load
client is the same Python for both servers, so the ratios of server CPU are the cleaner figures; rates
and latencies include the client's own cost. Rounds alternate which server goes first.
Usage: bench/constant-costs.py   (env: ROUNDS [3], CONNS [2000], MSGS [200000], ROUND_TRIPS [3000])"""
import os, socket, statistics, threading, time
from loadgen import Server, await_pong, connect

ROUNDS = int(os.environ.get("ROUNDS", 3))
CONNS = int(os.environ.get("CONNS", 2000))
MSGS = int(os.environ.get("MSGS", 200000))
ROUND_TRIPS = int(os.environ.get("ROUND_TRIPS", 3000))


def connection_setup(server):
    """CONNS connections one after another, each through to its PONG, then closed."""
    cpu, start = server.cpu_seconds(), time.perf_counter()
    for _ in range(CONNS):
        s = socket.create_connection(("127.0.0.1", server.port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = b""
        while b"\r\n" not in buf: buf += s.recv(4096)
        s.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\nPING\r\n')
        await_pong(s)
        s.close()
    elapsed = time.perf_counter() - start
    time.sleep(0.5)  # let the server finish closing before its CPU is read
    # Less what the server spends idle (timers) meanwhile.
    return CONNS / elapsed, (server.cpu_seconds() - cpu - server.idle * (elapsed + 0.5)) / CONNS


def pubsub_1k(server):
    """1 publisher, 1 subscriber, MSGS of 1 KiB; the subscriber counts bytes until all arrived."""
    sub = connect(server.port)
    sub.sendall(b"SUB cost.1k 1\r\nPING\r\n")
    await_pong(sub)
    frame_len = len(b"MSG cost.1k 1 1024\r\n") + 1024 + 2
    expected = frame_len * MSGS
    got = [0]

    def read():
        buf = bytearray(1 << 20)
        while got[0] < expected:
            n = sub.recv_into(buf)
            if n == 0: return
            got[0] += n

    reader = threading.Thread(target=read)
    pub = connect(server.port)
    cpu, start = server.cpu_seconds(), time.perf_counter()
    reader.start()
    chunk = (b"PUB cost.1k 1024\r\n" + b"x" * 1024 + b"\r\n") * 100
    for _ in range(MSGS // 100): pub.sendall(chunk)
    reader.join(120)
    elapsed = time.perf_counter() - start
    used = server.cpu_seconds() - cpu
    pub.close(); sub.close()
    assert got[0] >= expected, f"{server.name}: {got[0]} of {expected} bytes delivered"
    return MSGS / elapsed, used / MSGS


def request_reply(server):
    """ROUND_TRIPS requests on one connection, answered by a responder on another; microseconds."""
    responder = connect(server.port)
    responder.sendall(b"SUB cost.req 1\r\nPING\r\n")
    await_pong(responder)
    requester = connect(server.port)
    requester.sendall(b"SUB cost.rep 1\r\nPING\r\n")
    await_pong(requester)
    stop = threading.Event()

    def respond():
        buf = b""
        while not stop.is_set():
            try: chunk = responder.recv(65536)
            except OSError: return
            if not chunk: return
            buf += chunk
            while (i := buf.find(b"\r\n")) >= 0:
                line = buf[:i]
                if line.startswith(b"MSG "):
                    size = int(line.split()[-1])
                    if len(buf) < i + 2 + size + 2: break
                    buf = buf[i + 2 + size + 2:]
                    try: responder.sendall(b"PUB cost.rep 2\r\nok\r\n")
                    except OSError: return
                else:
                    buf = buf[i + 2:]

    threading.Thread(target=respond, daemon=True).start()
    times, cpu = [], server.cpu_seconds()
    want = b"MSG cost.rep 1 2\r\nok\r\n"
    for _ in range(ROUND_TRIPS):
        t = time.perf_counter()
        requester.sendall(b"PUB cost.req cost.rep 2\r\nhi\r\n")
        buf = b""
        while len(buf) < len(want): buf += requester.recv(4096)
        times.append((time.perf_counter() - t) * 1e6)
    used = server.cpu_seconds() - cpu
    stop.set(); requester.close(); responder.close()
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99)], used / ROUND_TRIPS


def run(name):
    server = Server(name)
    try:
        time.sleep(2)
        cpu = server.cpu_seconds(); time.sleep(2)
        server.idle = (server.cpu_seconds() - cpu) / 2
        # Warm-up of every path measured below: .NET compiles hot methods again (tiered JIT) during
        # their first thousands of calls, on a thread of its own, and that CPU is no cost per connection.
        request_reply(server)
        pubsub_1k(server)
        connection_setup(server)
        rate, cpu_conn = connection_setup(server)
        msg_rate, cpu_msg = pubsub_1k(server)
        p50, p99, cpu_req = request_reply(server)
        return {"connections/s": rate, "CPU per connection (us)": cpu_conn * 1e6,
                "1 KiB pub/sub msgs/s": msg_rate, "CPU per 1 KiB message (ns)": cpu_msg * 1e9,
                "request/reply p50 (us)": p50, "request/reply p99 (us)": p99, "CPU per request (us)": cpu_req * 1e6}
    finally:
        server.stop()


results = {"nats-server": [], "WebBroker": []}
for r in range(ROUNDS):
    for name in (["nats-server", "WebBroker"] if r % 2 == 0 else ["WebBroker", "nats-server"]):
        results[name].append(run(name))
print(f"{ROUNDS} rounds; {CONNS} connections, {MSGS} messages of 1 KiB, {ROUND_TRIPS} round trips per round\n")
print(f"{'':30}{'nats-server':>12}{'WebBroker':>12}{'ratio':>8}   ratio by round")
for key in results["nats-server"][0]:
    ns = [x[key] for x in results["nats-server"]]
    wb = [x[key] for x in results["WebBroker"]]
    ratios = [w / n if n else 0 for n, w in zip(ns, wb)]
    print(f"{key:30}{statistics.median(ns):>12,.1f}{statistics.median(wb):>12,.1f}{statistics.median(ratios):>8.2f}   "
          + " ".join(f"{x:.2f}" for x in ratios))
