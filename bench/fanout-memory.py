#!/usr/bin/env python3
"""Peak resident memory and slow consumers under fan-out, nats-server and WebBroker side by side (issue 11,
finding 13). For K subscribers on one subject, one publisher sends MSGS messages of SIZE bytes as fast as it
can; one thread reads all K subscribers, so they lag behind the publisher but keep reading (slow, alive).
Each round starts each server afresh, alternating which goes first. Reports the peak RSS (VmHWM) and the
slow_consumers of /varz, and whether every subscriber got every byte.
Usage: bench/fanout-memory.py [K ...]   (env: MSGS [16384], SIZE [1024], ROUNDS [2])"""
import os, statistics, sys
from loadgen import Server, fanout

KS = [int(k) for k in sys.argv[1:]] or [64, 256]
MSGS = int(os.environ.get("MSGS", 16384))
SIZE = int(os.environ.get("SIZE", 1024))
ROUNDS = int(os.environ.get("ROUNDS", 2))


def run(name, k):
    server = Server(name)
    try:
        base = server.rss_mib()
        complete, secs = fanout(server.port, k, MSGS, SIZE)
        return {"peak": server.peak_mib(), "base": base, "slow": server.varz()["slow_consumers"],
                "complete": complete, "rate": MSGS * k / secs}
    finally:
        server.stop()


print(f"fan-out: 1 publisher, {MSGS} msgs of {SIZE} B, K subscribers read by one thread; {ROUNDS} rounds\n")
print(f"{'K':>4} {'server':12} {'peak RSS by round (MiB)':>28} {'median':>8} {'slow cons.':>10} {'complete':>9} {'deliveries/s':>13}")
for k in KS:
    results = {"nats-server": [], "WebBroker": []}
    for r in range(ROUNDS):
        order = ["nats-server", "WebBroker"] if r % 2 == 0 else ["WebBroker", "nats-server"]
        for name in order: results[name].append(run(name, k))
    med = {}
    for name, rs in results.items():
        med[name] = statistics.median(x["peak"] for x in rs)
        print(f"{k:>4} {name:12} {' '.join('%.0f' % x['peak'] for x in rs):>28} {med[name]:>8.0f} "
              f"{'/'.join(str(x['slow']) for x in rs):>10} {'/'.join(str(x['complete']) for x in rs):>9} "
              f"{statistics.median(x['rate'] for x in rs):>13,.0f}")
    ratios = [w["peak"] / n["peak"] for n, w in zip(results["nats-server"], results["WebBroker"])]
    print(f"{k:>4} {'ratio W/n':12} {' '.join(f'{x:.2f}' for x in ratios):>28} {statistics.median(ratios):>8.2f}\n")
