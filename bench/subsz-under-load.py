#!/usr/bin/env python3
"""/subsz with many connections and with many subscriptions, for nats-server and WebBroker side by
side (issue 11, finding 12). For each server, two set-ups: N connections with one subscription each,
and one connection holding S subscriptions. In each, /subsz (the counters) and /subsz?subs=1&limit=1024
(one page of the list) are fetched in turn, beside /healthz for the cost of the HTTP stack alone; reported are their median latencies and the message
round trip p50/p99 between two other clients, quiet and while /subsz?subs=1 is fetched in a loop
(at most 10 a second).
Usage: bench/subsz-under-load.py [connections] [subscriptions]"""
import os, resource, statistics, subprocess, sys, threading, time, urllib.request
from monitorload import client, round_trips, start

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.environ.get("WEBBROKER_DLL", os.path.join(ROOT, "src/Web/bin/Release/net10.0/WebBroker.Web.dll"))
CONNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
SUBS = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
FETCHES = 30
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, CONNS * 2 + 1000), hard))

def fetch_ms(http, path):
    t = time.perf_counter()
    urllib.request.urlopen(f"http://127.0.0.1:{http}{path}").read()
    return (time.perf_counter() - t) * 1000

def measure(cmd, conns, subs_one):
    p, port, http = start(cmd)
    idle = [client(port, [f"idle.{i}"]) for i in range(conns)]
    if subs_one: idle.append(client(port, [f"many.{i}.x" for i in range(subs_one)]))
    health = statistics.median(fetch_ms(http, "/healthz") for _ in range(FETCHES))
    counters = statistics.median(fetch_ms(http, "/subsz") for _ in range(FETCHES))
    page = statistics.median(fetch_ms(http, "/subsz?subs=1&limit=1024") for _ in range(FETCHES))
    quiet = round_trips(port)
    running, n = True, [0]
    def hammer():
        while running:  # paced at 10 a second at most, the same load for both servers
            ms = fetch_ms(http, "/subsz?subs=1&limit=1024"); n[0] += 1
            time.sleep(max(0.0, 0.1 - ms / 1000))
    h = threading.Thread(target=hammer, daemon=True); h.start()
    loaded = round_trips(port)
    running = False; h.join()
    for s in idle: s.close()
    p.terminate()
    try: p.wait(15)
    except subprocess.TimeoutExpired: p.kill(); p.wait()
    return counters, page, quiet, loaded, n[0], health

def report(title, ns, wb):
    print(f"\n{title}")
    print(f"{'':44}{'nats-server':>14}{'WebBroker':>14}{'ratio':>8}")
    def row(label, a, b, unit):
        print(f"{label:44}{a:>11.2f} {unit}{b:>11.2f} {unit}{(b / a if a else 0):>8.2f}")
    row("/healthz median (the HTTP stack alone)", ns[5], wb[5], "ms")
    row("/subsz (counters) median", ns[0], wb[0], "ms")
    row("/subsz?subs=1&limit=1024 median", ns[1], wb[1], "ms")
    row("round trip p50, quiet", ns[2][0], wb[2][0], "us")
    row("round trip p99, quiet", ns[2][1], wb[2][1], "us")
    row("round trip p50, /subsz?subs=1 10/s", ns[3][0], wb[3][0], "us")
    row("round trip p99, /subsz?subs=1 10/s", ns[3][1], wb[3][1], "us")
    print(f"/subsz?subs=1 answers during the loaded run: nats-server {ns[4]}, WebBroker {wb[4]}")

for title, conns, subs in [(f"{CONNS} connections, one subscription each", CONNS, 0),
                           (f"one connection with {SUBS} subscriptions", 0, SUBS)]:
    report(title, measure(["nats-server"], conns, subs), measure(["dotnet", DLL], conns, subs))
