#!/usr/bin/env python3
"""Resident memory of a server idle and with 1,000 idle connections (each with one subscription),
for nats-server and WebBroker side by side. Usage: bench/idle-memory.py [connections]"""
import os, re, socket, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.path.join(ROOT, "src/Web/bin/Release/net10.0/WebBroker.Web.dll")
CONNS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000

def start(cmd):
    p = subprocess.Popen(cmd + ["-a", "127.0.0.1", "-p", "-1", "-m", "-1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 30
    for line in p.stdout:
        m = re.search(r"Listening for client connections on \S+:(\d+)", line)
        if m: return p, int(m.group(1))
        if time.time() > deadline: break
    p.kill(); raise SystemExit(f"{cmd[0]} did not start")

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS")).split()[1])

def measure(cmd):
    p, port = start(cmd)
    time.sleep(2)  # let start-up settle before the idle reading
    idle = rss_kib(p.pid)
    socks = []
    for i in range(CONNS):
        s = socket.create_connection(("127.0.0.1", port)); s.recv(4096)
        s.sendall(b"CONNECT {}\r\nSUB idle.%d 1\r\nPING\r\n" % i); socks.append(s)
    for s in socks:
        assert s.recv(64).endswith(b"PONG\r\n")
    time.sleep(2)
    loaded = rss_kib(p.pid)
    for s in socks: s.close()
    p.terminate(); p.wait(10)
    return idle, loaded

ns = measure(["nats-server"])
wb = measure(["dotnet", DLL])
print(f"{'':28}{'nats-server':>14}{'WebBroker':>14}{'ratio':>8}")
for label, a, b in [("RSS idle", ns[0], wb[0]), (f"RSS, {CONNS} idle connections", ns[1], wb[1]), ("per connection", (ns[1]-ns[0])/CONNS, (wb[1]-wb[0])/CONNS)]:
    unit = "KiB" if label == "per connection" else "MiB"
    fa, fb = (a, b) if unit == "KiB" else (a/1024, b/1024)
    print(f"{label:28}{fa:>10.1f} {unit}{fb:>10.1f} {unit}{(b/a if a else 0):>8.2f}")
