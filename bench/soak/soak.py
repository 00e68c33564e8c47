#!/usr/bin/env python3
"""Soak of the SLM Mesh broker (docs/reliability.md, "Soak"); not part of CI.

Starts target/slm-mesh.jar on a temporary data directory and a free port, then for --minutes runs
--sessions simulated agent sessions against it: each has a real process id (a sleeping child),
a Unix push socket that acknowledges every message, and heartbeats. At random the sessions send
direct messages and broadcasts, take and release file locks, set state, leave cleanly (unregister)
or crash (the child is killed and the socket closed, so the broker must time them out), and are
replaced by new ones. Each --sample seconds it records the broker's resident memory, open file
descriptors, threads and WAL size to CSV. Bounded: it stops by itself after --minutes.
"""
import argparse, csv, http.client, json, os, random, signal, socket, subprocess, sys, tempfile
import threading, time

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

class Api:
    def __init__(self, port, token):
        self.port, self.token = port, token
        self.local = threading.local()
        self.errors = 0
        self.calls = 0

    def call(self, path, body=None):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        data = json.dumps(body or {})
        try:
            conn.request("POST" if body is not None else "GET", path, data if body is not None else None,
                         {"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
            r = conn.getresponse()
            text = r.read()
        except (OSError, http.client.HTTPException):
            self.local.conn = None
            self.errors += 1
            return {}
        self.calls += 1
        if r.status != 200:
            self.errors += 1
            return {}
        return json.loads(text)

class Session:
    """One simulated agent session: a child process, a push socket that acks, a peer id."""
    def __init__(self, api, peers_dir, n):
        self.api = api
        self.child = subprocess.Popen(["sleep", "100000"])
        self.path = os.path.join(peers_dir, "s%d.sock" % n)
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(4)
        self.received = 0
        self.alive = True
        threading.Thread(target=self._accept, daemon=True).start()
        r = api.call("/register", {"projectPath": "/soak/p%d" % (n % 5), "pid": self.child.pid,
                                   "name": "s%d" % n, "udsPath": self.path, "acknowledges": True,
                                   "requestCredential": True})
        self.id, self.credential = r.get("peerId"), r.get("credential")

    def _accept(self):
        while self.alive:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn):
        buf = b""
        with conn:
            while self.alive:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    msg = json.loads(line)
                    if msg.get("type") == "message":
                        self.received += 1
                        ack = {"type": "ack", "messageIds": [msg["payload"]["messageId"]]}
                        try:
                            conn.sendall((json.dumps(ack) + "\n").encode())
                        except OSError:
                            return

    def body(self, **kv):
        kv["peerId"] = self.id
        if self.credential:
            kv["credential"] = self.credential
        return kv

    def end(self, crash):
        if not crash:
            self.api.call("/unregister", self.body())
        self.alive = False
        self.server.close()
        self.child.kill()
        self.child.wait()
        try:
            os.unlink(self.path)
        except OSError:
            pass

def sample(pid, data_dir):
    status = open("/proc/%d/status" % pid).read()
    rss = int(next(l for l in status.splitlines() if l.startswith("VmRSS:")).split()[1])
    threads = int(next(l for l in status.splitlines() if l.startswith("Threads:")).split()[1])
    fds = len(os.listdir("/proc/%d/fd" % pid))
    wal = os.path.join(data_dir, "mesh.db-wal")
    return rss, fds, threads, os.path.getsize(wal) if os.path.exists(wal) else 0

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--sample", type=float, default=60, help="seconds between samples")
    ap.add_argument("--rate", type=float, default=40, help="operations per second, all sessions")
    ap.add_argument("--out", default="bench/target/soak")
    ap.add_argument("--jar", default="target/slm-mesh.jar")
    ap.add_argument("--heap", default="-Xms12m -Xmx128m -Xmn4m",
                    help="JVM heap flags; the default is what bin/slm-mesh gives a broker")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    data = tempfile.mkdtemp(prefix="slm-soak-", dir="/tmp")
    os.makedirs(os.path.join(data, "peers"), mode=0o700, exist_ok=True)
    port = free_port()
    env = dict(os.environ, SLM_MESH_DATA_DIR=data, SLM_MESH_PORT=str(port), SLM_MESH_IDLE_MS="0",
               SLM_MESH_RATE_LIMIT="1000000", SLM_MESH_STALE_MS="10000", SLM_MESH_DEAD_MS="20000")
    log = open(os.path.join(a.out, "broker.log"), "w")
    broker = subprocess.Popen(["java", "-Xshare:auto"] + a.heap.split() + ["-jar", a.jar, "start"],
                              env=env, stdout=log, stderr=log)
    deadline = time.time() + 60
    while not os.path.exists(os.path.join(data, "broker.token")) and time.time() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    api = Api(port, open(os.path.join(data, "broker.token")).read().strip())
    sessions = [Session(api, os.path.join(data, "peers"), n) for n in range(a.sessions)]
    next_n = a.sessions
    counts = dict(direct=0, broadcast=0, lock=0, unlock=0, state=0, leave=0, crash=0, join=0, heartbeat=0)
    rows = []
    start = time.time()
    end = start + a.minutes * 60
    next_sample = start
    next_beat = start
    out = open(os.path.join(a.out, "samples.csv"), "w", newline="")
    w = csv.writer(out)
    w.writerow(["minute", "rss_kib", "fds", "threads", "wal_bytes", "calls", "http_errors", "pushed"])
    try:
        while time.time() < end and broker.poll() is None:
            now = time.time()
            if now >= next_sample:
                rss, fds, threads, wal = sample(broker.pid, data)
                row = [round((now - start) / 60, 1), rss, fds, threads, wal, api.calls, api.errors,
                       sum(s.received for s in sessions)]
                w.writerow(row); out.flush(); rows.append(row)
                print("soak:", row, flush=True)
                next_sample += a.sample
            if now >= next_beat:
                for s in sessions:
                    api.call("/heartbeat", s.body()); counts["heartbeat"] += 1
                next_beat += 5
            s = random.choice(sessions)
            op = random.random()
            if op < 0.55:
                t = random.choice(sessions)
                api.call("/send", dict(s.body(), fromPeer=s.id, toPeer=t.id, payload="m" * random.randint(10, 2000))); counts["direct"] += 1
            elif op < 0.60:
                api.call("/send", dict(s.body(), fromPeer=s.id, toPeer="all", payload="b" * 200)); counts["broadcast"] += 1
            elif op < 0.72:
                api.call("/lock", s.body(action="lock", filePath="/soak/p/f%d" % random.randint(0, 30), reason="soak")); counts["lock"] += 1
            elif op < 0.82:
                api.call("/lock", s.body(action="unlock", filePath="/soak/p/f%d" % random.randint(0, 30))); counts["unlock"] += 1
            elif op < 0.96:
                api.call("/state", s.body(action="set", key="k%d" % random.randint(0, 200), value="v" * 100)); counts["state"] += 1
            else:
                crash = random.random() < 0.5
                sessions.remove(s)
                s.end(crash); counts["crash" if crash else "leave"] += 1
                sessions.append(Session(api, os.path.join(data, "peers"), next_n)); next_n += 1; counts["join"] += 1
            time.sleep(max(0.0, 1.0 / a.rate))
    finally:
        alive = broker.poll() is None
        for s in sessions:
            s.end(crash=True)
        broker.send_signal(signal.SIGTERM)
        try:
            broker.wait(30)
        except subprocess.TimeoutExpired:
            broker.kill()
        out.close()
    summary = dict(minutes=a.minutes, sessions=a.sessions, counts=counts, http_calls=api.calls,
                   http_errors=api.errors, broker_alive_at_end=alive, samples=rows)
    json.dump(summary, open(os.path.join(a.out, "summary.json"), "w"), indent=1)
    print("soak: done", json.dumps({k: v for k, v in summary.items() if k != "samples"}))

if __name__ == "__main__":
    main()
