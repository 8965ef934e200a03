"""Shared pieces of the memory and cost benchmarks in this folder: starting nats-server or WebBroker on
ephemeral ports, reading a process's memory and CPU from /proc, /varz, and a fan-out load made of raw
sockets (one publisher, K subscribers on one subject, every delivered byte counted)."""
import json, os, re, selectors, shutil, socket, subprocess, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.environ.get("WEBBROKER_DLL") or os.path.join(ROOT, "src/Web/bin/Release/net10.0/WebBroker.Web.dll")
NATS_SERVER = shutil.which("nats-server") or "/usr/sbin/nats-server"
SERVERS = {"nats-server": [NATS_SERVER], "WebBroker": ["dotnet", DLL]}


class Server:
    """A server on ephemeral ports (NATS and monitoring), its output drained in the background."""

    def __init__(self, name, extra=(), env=None):
        self.name = name
        cmd = SERVERS[name] + ["-a", "127.0.0.1", "-p", "-1", "-m", "-1", *extra]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env={**os.environ, **(env or {})})
        self.port = self.http = None
        deadline = time.time() + 60
        for line in self.proc.stdout:
            if m := re.search(r"Starting http monitor on \S+:(\d+)", line): self.http = int(m.group(1))
            if m := re.search(r"Listening for client connections on \S+:(\d+)", line): self.port = int(m.group(1))
            if self.port and self.http or time.time() > deadline: break
        if not (self.port and self.http):
            self.proc.kill()
            raise SystemExit(f"{name} did not start")
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    @property
    def pid(self): return self.proc.pid

    def status_kib(self, field):
        with open(f"/proc/{self.pid}/status") as f:
            return int(next(l for l in f if l.startswith(field + ":")).split()[1])

    def rss_mib(self): return self.status_kib("VmRSS") / 1024
    def peak_mib(self): return self.status_kib("VmHWM") / 1024

    def reset_peak(self):
        """Restarts VmHWM from the current RSS (writing 5 to clear_refs), so a peak belongs to one phase."""
        with open(f"/proc/{self.pid}/clear_refs", "w") as f: f.write("5")

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def varz(self):
        return json.loads(urllib.request.urlopen(f"http://127.0.0.1:{self.http}/varz").read())

    def stop(self):
        self.proc.terminate()
        try: self.proc.wait(15)
        except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()


def connect(port, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf: s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.recv(4096)  # INFO
    s.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\n')
    return s


def await_pong(s, buf=b""):
    while b"PONG\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk: raise ConnectionError("closed before PONG")
        buf += chunk


def fanout(port, subscribers, messages, size, subject=b"fan.out", rcvbuf=None, timeout=120):
    """One publisher sends `messages` of `size` bytes as fast as it can to `subscribers` connections on one
    subject; one thread reads every subscriber. Returns (subscribers that got everything, seconds)."""
    subs = []
    for _ in range(subscribers):
        s = connect(port, rcvbuf)
        s.sendall(b"SUB " + subject + b" 1\r\nPING\r\n")
        subs.append(s)
    for s in subs: await_pong(s)
    frame = b"MSG %s 1 %d\r\n" % (subject, size) + b"x" * size + b"\r\n"
    expected = len(frame) * messages
    got = [0] * subscribers
    closed = [False] * subscribers
    sel = selectors.DefaultSelector()
    for i, s in enumerate(subs):
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, i)
    buf = bytearray(1 << 20)
    done = threading.Event()

    def read_all():
        remaining = subscribers
        deadline = time.time() + timeout
        while remaining and time.time() < deadline:
            for key, _ in sel.select(1):
                i = key.data
                try: n = key.fileobj.recv_into(buf)
                except BlockingIOError: continue
                except OSError: n = 0
                if n == 0:
                    closed[i] = True
                    sel.unregister(key.fileobj); remaining -= 1
                    continue
                got[i] += n
                if got[i] >= expected:
                    sel.unregister(key.fileobj); remaining -= 1
        done.set()

    reader = threading.Thread(target=read_all, daemon=True)
    pub = connect(port)
    start = time.time()
    reader.start()
    batch = 64
    chunk = (b"PUB %s %d\r\n" % (subject, size) + b"x" * size + b"\r\n") * batch
    for _ in range(messages // batch): pub.sendall(chunk)
    pub.sendall((b"PUB %s %d\r\n" % (subject, size) + b"x" * size + b"\r\n") * (messages % batch) + b"PING\r\n")
    try: await_pong(pub)
    except ConnectionError: pass
    done.wait(timeout + 5)
    elapsed = time.time() - start
    complete = sum(1 for g in got if g >= expected)
    for s in subs + [pub]: s.close()
    return complete, elapsed
