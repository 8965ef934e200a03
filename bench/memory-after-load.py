#!/usr/bin/env python3
"""Does a server give memory back after load? nats-server and WebBroker side by side (issue 11, finding 10).
For each server: start it, let it settle, read its RSS (before); run bursts of load (fan-out to 256 and to 64
lagging subscribers, then 1:1 with 64 KiB payloads); read the peak (VmHWM); then read the RSS every second for
60 s of idleness. The goal is RSS back within 2x of the figure before the load within those 60 s.
Usage: bench/memory-after-load.py [seconds after load, default 60]   (env: BURSTS [2])"""
import os, sys, time
from loadgen import Server, fanout

AFTER = int(sys.argv[1]) if len(sys.argv) > 1 else 60
BURSTS = int(os.environ.get("BURSTS", 2))
MARKS = [5, 10, 20, 30, 45, 60]


def measure(name):
    server = Server(name)
    try:
        time.sleep(5)
        before = server.rss_mib()
        server.reset_peak()
        for _ in range(BURSTS):
            fanout(server.port, 256, 16384, 1024)
            fanout(server.port, 64, 16384, 1024)
            fanout(server.port, 1, 2048, 65536)
        peak = server.peak_mib()
        end = time.time()
        after = {}
        for mark in range(1, AFTER + 1):
            time.sleep(max(0, end + mark - time.time()))
            after[mark] = server.rss_mib()
        return before, peak, after, server.varz()["slow_consumers"]
    finally:
        server.stop()


rows = {name: measure(name) for name in ("nats-server", "WebBroker")}
print(f"RSS in MiB; load: {BURSTS} bursts of fan-out 1:256 and 1:64 (16,384 x 1 KiB) and 1:1 (2,048 x 64 KiB)\n")
marks = [m for m in MARKS if m <= AFTER]
print(f"{'server':12}{'before':>8}{'peak':>8}" + "".join(f"{'+%ds' % m:>8}" for m in marks) + f"{'end/before':>12}{'slow cons.':>11}")
for name, (before, peak, after, slow) in rows.items():
    print(f"{name:12}{before:>8.0f}{peak:>8.0f}" + "".join(f"{after[m]:>8.0f}" for m in marks)
          + f"{after[AFTER] / before:>12.2f}{slow:>11}")
ns, wb = rows["nats-server"], rows["WebBroker"]
print(f"{'ratio W/n':12}{wb[0] / ns[0]:>8.2f}{wb[1] / ns[1]:>8.2f}" + "".join(f"{wb[2][m] / ns[2][m]:>8.2f}" for m in marks))
first = next((m for m in sorted(wb[2]) if wb[2][m] <= 2 * wb[0]), None)
print(f"\nWebBroker back within 2x of its figure before the load: {'after %d s' % first if first else 'not within %d s' % AFTER}")
