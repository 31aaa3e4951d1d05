#!/usr/bin/env python3
"""Slow clients and probes for bench/soak.sh (issue 10): while wrk loads `winnow serve`,

- SLOW connections play slowloris: each sends a request line and then one header line every
  DRIP seconds, never finishing; when the server closes one (its request deadline), it reconnects;
- a probe every PROBE_EVERY seconds opens a fresh connection, sends a whole GET and times the
  answer to its last byte (a page of customers or /api/health, alternately);
- the server's resident size is sampled every 5 s.

Prints one JSON object: probe count, failures, p50/p90/p99/max in ms, RSS start/max/end in MB,
and how many times the slow clients had to reconnect.

  soak_clients.py PORT SERVER_PID SECONDS [SLOW=100] [DRIP=3] [PROBE_EVERY=0.2]
"""
import json
import os
import random
import socket
import sys
import threading
import time

port, pid, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
slow_count = int(sys.argv[4]) if len(sys.argv) > 4 else 100
drip = float(sys.argv[5]) if len(sys.argv) > 5 else 3.0
probe_every = float(sys.argv[6]) if len(sys.argv) > 6 else 0.2
host = f"127.0.0.1:{port}"
VERBOSE = bool(os.environ.get("VERBOSE"))
end = time.monotonic() + seconds
stop = threading.Event()
reconnects = [0]
lock = threading.Lock()


def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def slow_client(k):
    sock = None
    header = 0
    while not stop.is_set():
        try:
            if sock is None:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                sock.sendall(f"GET /api/customers?page={k + 1} HTTP/1.1\r\nHost: {host}\r\n".encode())
            stop.wait(drip)
            header += 1
            sock.sendall(f"X-Drip-{header}: {'a' * 20}\r\n".encode())
        except OSError:
            if sock is not None:
                sock.close()
                with lock:
                    reconnects[0] += 1
            sock = None
            stop.wait(0.1)
    if sock is not None:
        sock.close()


def probe(target):
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    elapsed = (time.monotonic() - start) * 1000
    if not data.startswith(b"HTTP/1.1 200"):
        raise OSError(data[:40])
    return elapsed


threads = [threading.Thread(target=slow_client, args=(k,), daemon=True) for k in range(slow_count)]
for t in threads:
    t.start()
samples = [rss_mb()]
last_sample = time.monotonic()
latencies, failures = [], 0
rng = random.Random(42)
k = 0
while time.monotonic() < end:
    target = "/api/health" if k % 2 == 0 else f"/api/customers?per_page=50&page={rng.randint(1, 2000)}"
    k += 1
    try:
        latencies.append(probe(target))
        if latencies[-1] > 100 and VERBOSE:
            print(f"slow probe at {seconds - (end - time.monotonic()):.1f} s: {target} {latencies[-1]:.0f} ms",
                  file=sys.stderr)
    except OSError as e:
        failures += 1
        if VERBOSE:
            print(f"failed probe at {seconds - (end - time.monotonic()):.1f} s: {target}: {e}", file=sys.stderr)
    if time.monotonic() - last_sample >= 5:
        samples.append(rss_mb())
        last_sample = time.monotonic()
    time.sleep(probe_every)
samples.append(rss_mb())
stop.set()
for t in threads:
    t.join(timeout=drip + 6)
latencies.sort()


def pct(p):
    return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else None


print(json.dumps({"probes": len(latencies) + failures, "failures": failures, "p50_ms": pct(0.5),
                  "p90_ms": pct(0.9), "p99_ms": pct(0.99), "max_ms": round(latencies[-1], 1) if latencies else None,
                  "rss_start_mb": round(samples[0], 1), "rss_max_mb": round(max(samples), 1),
                  "rss_end_mb": round(samples[-1], 1), "slow_clients": slow_count, "slow_reconnects": reconnects[0]}))
