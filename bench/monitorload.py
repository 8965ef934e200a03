"""Raw-socket helpers shared by the monitoring-under-load benchmarks (connz-under-load.py,
subsz-under-load.py): start a server on ephemeral ports, open subscribing clients, and time message
round trips between two clients."""
import re, socket, subprocess, threading, time

ROUND_TRIPS = 2000

def start(cmd):
    p = subprocess.Popen(cmd + ["-a", "127.0.0.1", "-p", "-1", "-m", "-1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = http = None
    deadline = time.time() + 30
    for line in p.stdout:
        if m := re.search(r"Starting http monitor on \S+:(\d+)", line): http = int(m.group(1))
        if m := re.search(r"Listening for client connections on \S+:(\d+)", line): port = int(m.group(1))
        if port and http: break
        if time.time() > deadline: break
    threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
    return p, port, http

def client(port, subs=()):
    s = socket.create_connection(("127.0.0.1", port)); s.recv(4096)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\n')
    for start in range(0, len(subs), 5000):
        s.sendall(b"".join(b"SUB %s %d\r\n" % (x.encode(), start + i + 1) for i, x in enumerate(subs[start:start + 5000])))
    s.sendall(b"PING\r\n")
    buf = b""
    while b"PONG\r\n" not in buf: buf = buf[-16:] + s.recv(65536)
    return s

def read_msg(s, buf):
    while True:
        i = buf.find(b"\r\n")
        if i >= 0:
            line = buf[:i]
            if line.startswith(b"MSG "):
                size = int(line.split()[-1])
                while len(buf) < i + 2 + size + 2: buf += s.recv(65536)
                return buf[i + 2 + size + 2:]
            buf = buf[i + 2:]
            if line == b"PING": s.sendall(b"PONG\r\n")
            continue
        buf += s.recv(65536)

def round_trips(port, count=ROUND_TRIPS):
    echo = client(port, ["rt.ping"])
    requester = client(port, ["rt.pong"])
    stop = False
    def echo_loop():
        buf = b""
        while not stop:
            try:
                buf = read_msg(echo, buf)
                echo.sendall(b"PUB rt.pong 4\r\npong\r\n")
            except OSError:
                return
    threading.Thread(target=echo_loop, daemon=True).start()
    times, buf = [], b""
    for _ in range(count):
        t = time.perf_counter()
        requester.sendall(b"PUB rt.ping 4\r\nping\r\n")
        buf = read_msg(requester, buf)
        times.append((time.perf_counter() - t) * 1e6)
    stop = True
    echo.close(); requester.close()
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99)]
