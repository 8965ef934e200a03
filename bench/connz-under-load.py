#!/usr/bin/env python3
"""/connz with many connections, and message delivery meanwhile, for nats-server and WebBroker side by
side (issue 4). For each server: open N idle connections (one subscription each), then measure the
round trip of 2,000 request-style messages between two other clients (publish -> subscriber -> echo
-> publisher) once quietly and once while another thread fetches /connz?limit=N in a loop. Reports
/connz latency and the message round-trip p50/p99 with and without the /connz load.
Usage: bench/connz-under-load.py [connections]"""
import os, resource, statistics, sys, threading, time, urllib.request
from monitorload import ROUND_TRIPS, client, round_trips, start

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.path.join(ROOT, "src/Web/bin/Release/net10.0/WebBroker.Web.dll")
CONNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, CONNS * 2 + 1000), hard))

def measure(cmd):
    p, port, http = start(cmd)
    idle = [client(port, [f"idle.{i}"]) for i in range(CONNS)]
    quiet = round_trips(port)
    connz_times, running = [], True
    def hammer():
        while running:
            t = time.perf_counter()
            body = urllib.request.urlopen(f"http://127.0.0.1:{http}/connz?limit={CONNS + 10}").read()
            connz_times.append(time.perf_counter() - t)
            assert body.count(b'"cid"') >= CONNS
    h = threading.Thread(target=hammer, daemon=True); h.start()
    while not connz_times: time.sleep(0.05)
    loaded = round_trips(port)
    running = False; h.join()
    for s in idle: s.close()
    p.terminate(); p.wait(15)
    return quiet, loaded, statistics.median(connz_times), len(connz_times)

rows = {"nats-server": measure(["nats-server"]), "WebBroker": measure(["dotnet", DLL])}
print(f"{CONNS} idle connections; {ROUND_TRIPS} message round trips between two other clients\n")
print(f"{'':44}{'nats-server':>14}{'WebBroker':>14}{'ratio':>8}")
def row(label, a, b, unit):
    print(f"{label:44}{a:>11.0f} {unit}{b:>11.0f} {unit}{(b / a if a else 0):>8.2f}")
ns, wb = rows["nats-server"], rows["WebBroker"]
row("/connz (all connections) median", ns[2] * 1000, wb[2] * 1000, "ms")
row("round trip p50, quiet", ns[0][0], wb[0][0], "us")
row("round trip p99, quiet", ns[0][1], wb[0][1], "us")
row("round trip p50, /connz in a loop", ns[1][0], wb[1][0], "us")
row("round trip p99, /connz in a loop", ns[1][1], wb[1][1], "us")
print(f"\n/connz answers during the loaded run: nats-server {ns[3]}, WebBroker {wb[3]}")
