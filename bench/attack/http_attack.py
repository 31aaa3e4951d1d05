"""Category 5: HTTP attacks on `winnow serve` over raw sockets, against a loopback server without a token and one
with a token (requests with and without it). Each request is judged by its answer:
  reject    the expected 4xx, JSON error body, no exception text
  ok        the expected 2xx
  bad       a wrong status (e.g. 200 to a rebinding Host, 404 where 405 is promised), or exception text in the answer
  internal  a 5xx answer
  crash     the server process died
  timeout   no answer within the time limit
and, for every answer, whether X-Content-Type-Options, Content-Security-Policy and X-Frame-Options are set.
Then: slowloris (100 half-open connections dripping a header line every 3 s while probes are timed), RSS after huge
header floods, and RSS after 12 reloads triggered by re-running `winnow run`."""
import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time

LEAK = re.compile(rb"json\.exception|std::|basic_string|what\(\)|stoi|stoul|stod|terminate called|type_error|parse_error")
SECURITY = [b"x-content-type-options", b"content-security-policy", b"x-frame-options"]
TOKEN = "attack-token-0123456789abcdef"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def send(port, raw, timeout=10.0, read_limit=1 << 20):
    """Sends raw bytes; returns (status or None, head bytes, body bytes, seconds, error)."""
    t0 = time.monotonic()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as e:
        return None, b"", b"", time.monotonic() - t0, f"connect: {e}"
    try:
        s.settimeout(timeout)
        try:
            s.sendall(raw)
        except OSError as e:
            pass  # the server may answer and close before reading everything
        data = b""
        try:
            while len(data) < read_limit:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                if b"\r\n\r\n" in data:
                    head, _, body = data.partition(b"\r\n\r\n")
                    m = re.search(rb"(?i)content-length:\s*(\d+)", head)
                    if m and len(body) >= int(m.group(1)):
                        break
                    if not m and b"chunked" not in head.lower() and len(data) > 0 and b"HTTP/1.1" in head[:9]:
                        # no length: read until close
                        pass
        except socket.timeout:
            if not data:
                return None, b"", b"", time.monotonic() - t0, "timeout"
        except OSError as e:
            if not data:
                return None, b"", b"", time.monotonic() - t0, f"recv: {e}"
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/\d\.\d (\d{3})", head)
    return (int(m.group(1)) if m else None), head, body, time.monotonic() - t0, None if m else "no status line"


def req(method, path, headers=(), body=b"", host=None, version=b"HTTP/1.1", auth=None):
    lines = [method + b" " + path + b" " + version]
    lines.append(b"Host: " + (host if host is not None else b"127.0.0.1"))
    if auth:
        lines.append(b"Authorization: Bearer " + auth.encode())
    lines += list(headers)
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


LIVE = []


@atexit.register
def _stop_all():
    for s in LIVE:
        if s.p.poll() is None:
            s.p.kill()


class Server:
    def __init__(self, winnow, proj, token=None):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "WINNOW_TOKEN"}
        if token:
            env["WINNOW_TOKEN"] = token
        self.stderr = open(f"{proj}/../serve-{self.port}.log", "wb")
        self.p = subprocess.Popen([winnow, "serve", proj, "--port", str(self.port)], stdout=subprocess.DEVNULL,
                                  stderr=self.stderr, env=env, start_new_session=True)
        self.token = token
        LIVE.append(self)
        for _ in range(200):
            st, *_ = send(self.port, req(b"GET", b"/api/health", auth=token), timeout=2)
            if st:
                break
            time.sleep(0.1)

    def alive(self):
        return self.p.poll() is None

    def stop(self):
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.stderr.close()


def attacks(port):
    """(name, raw request, expected statuses); None as raw means built with the token later."""
    A = []
    def g(name, path, expect, **kw):
        A.append((name, ("req", b"GET", path, kw), expect))
    bad_paths = [b"/%ff", b"/%c0%af", b"/favicon.ico%ff", b"/api/customers/%ff", b"/api/customers?sort=%ff",
                 b"/api/customers?%ff=1", b"/api/customers?q=%ff", b"/api/customers/%c0%af", b"/api/alerts?tier=%ed%a0%80",
                 b"/api/customers?q=%f4%90%80%80", b"/api/accounts?type=%fe", b"/api/customers/%e0%80%af",
                 b"/api/customers?region=%c0%80", b"/%ed%a0%80", b"/api/%ff"]
    for p in bad_paths:
        g(f"invalid-utf8 {p.decode()}", p, {400})
    for p, exp in [(b"/%00", {400, 404}), (b"/api/customers/%00", {400, 404}), (b"/..%2f..%2fetc%2fpasswd", {400, 404}),
                   (b"/../../etc/passwd", {400, 404}), (b"/api/customers?page=-1", {400}),
                   (b"/api/customers?page=99999999999999999999", {400}), (b"/api/customers?per_page=0", {400}),
                   (b"/api/customers?per_page=100000", {400}), (b"/api/customers?sort=nope", {400}),
                   (b"/api/customers?order=sideways", {400}), (b"/api/customers/" + b"A" * 10000, {400, 404, 414}),
                   (b"/" + b"a" * 100000, {400, 414, 431}), (b"/api/customers?" + b"&".join([b"a=1"] * 10000), {400, 414, 431}),
                   (b"/api/customers/%", {400, 404}), (b"/%zz", {400, 404}), (b"/api/health?x=%", {200, 400}),
                   (b"/api/customers?page=1e3", {400}), (b"/api/customers?page=nan", {400}),
                   (b"/api/customers?per_page=-5", {400}), (b"/api/customers?page=0", {400}),
                   (b"/api/customers?key_account=2", {400}), (b"/api/customers?tier=" + b"A" * 50000, {200, 400, 414}),
                   (b"/api/nope", {404}), (b"/api/customers/C0001/extra", {404}), (b"//api//health", {200, 404}),
                   (b"/api/customers?sort=name&sort=p_alive", {200, 400}), (b"/api/customers?q=%25%25%25", {200}),
                   (b"/api/customers?q=" + b"%41" * 20000, {200, 400, 414}), (b"*", {400, 404}),
                   (b"http://evil.example.com/api/health", {200, 400, 421}), (b"/api/health#frag", {200, 400})]:
        g(f"path {p[:50].decode(errors='replace')}", p, exp)
    for m in [b"OPTIONS", b"TRACE", b"CONNECT", b"PROPFIND", b"FOO", b"POST", b"PUT", b"DELETE", b"PATCH", b"MKCOL",
              b"get", b"G\x00T"]:
        A.append((f"method {m.decode(errors='replace')}", ("req", m, b"/api/health", {}), {405} if m not in (b"get", b"G\x00T")
                  else {400, 405, 501}))
    A.append(("method HEAD", ("req", b"HEAD", b"/api/health", {}), {200, 405}))
    for h, exp in [(b"evil.example.com", {400, 403, 421}), (b"evil.example.com:8080", {400, 403, 421}),
                   (b"127.0.0.1.evil.example.com", {400, 403, 421}), (b"localhost.evil.example.com", {400, 403, 421}),
                   (b"", {400, 403, 421}), (b"127.0.0.1:%d" % port, {200}), (b"localhost:%d" % port, {200}),
                   (b"[::1]:%d" % port, {200, 400, 403, 421})]:
        A.append((f"host {h.decode()!r}", ("req", b"GET", b"/api/results", {"host": h}), exp))
    A.append(("no host, HTTP/1.0", ("raw", b"GET /api/health HTTP/1.0\r\n\r\n"), {200, 400}))
    A.append(("header 100 KB", ("req", b"GET", b"/api/health", {"headers": [b"X-Big: " + b"a" * 100000]}), {400, 431}))
    A.append(("header 8 KB", ("req", b"GET", b"/api/health", {"headers": [b"X-Big: " + b"a" * 8000]}), {200, 400, 431}))
    A.append(("10,000 header lines", ("req", b"GET", b"/api/health", {"headers": [b"X-H%d: v" % i for i in range(10000)]}),
              {400, 431}))
    A.append(("200 header lines", ("req", b"GET", b"/api/health", {"headers": [b"X-H%d: v" % i for i in range(200)]}),
              {200, 400, 431}))
    A.append(("Content-Length 99999999999 on GET", ("req", b"GET", b"/api/health",
                                                    {"headers": [b"Content-Length: 99999999999"]}), {400, 413}))
    A.append(("Content-Length -5", ("req", b"GET", b"/api/health", {"headers": [b"Content-Length: -5"]}), {400}))
    A.append(("Content-Length abc", ("req", b"GET", b"/api/health", {"headers": [b"Content-Length: abc"]}), {400}))
    A.append(("two Content-Length", ("req", b"GET", b"/api/health", {"headers": [b"Content-Length: 0", b"Content-Length: 5"],
                                                                     "body": b"hello"}), {400}))
    A.append(("Content-Length 18446744073709551616", ("req", b"GET", b"/api/health",
                                                      {"headers": [b"Content-Length: 18446744073709551616"]}), {400, 413}))
    A.append(("body 100 KB on GET", ("req", b"GET", b"/api/health", {"headers": [b"Content-Length: 102400"],
                                                                     "body": b"x" * 102400}), {400, 413}))
    A.append(("body 100 KB on POST", ("req", b"POST", b"/api/health", {"headers": [b"Content-Length: 102400"],
                                                                       "body": b"x" * 102400}), {405, 413}))
    A.append(("chunked bad", ("req", b"GET", b"/api/health", {"headers": [b"Transfer-Encoding: chunked"],
                                                              "body": b"zz\r\nabc\r\n0\r\n\r\n"}), {200, 400}))
    A.append(("chunked huge", ("req", b"GET", b"/api/health", {"headers": [b"Transfer-Encoding: chunked"],
                                                               "body": b"ffffffffffffffff\r\nabc\r\n"}), {400, 413}))
    A.append(("TE and CL", ("req", b"GET", b"/api/health", {"headers": [b"Transfer-Encoding: chunked", b"Content-Length: 4"],
                                                            "body": b"0\r\n\r\n"}), {400}))
    A.append(("Range bytes", ("req", b"GET", b"/api/results", {"headers": [b"Range: bytes=0-0,1-1,2-2,3-3" + b",0-0" * 2000]}),
              {200, 206, 400, 416}))
    A.append(("Accept-Encoding weird", ("req", b"GET", b"/api/results", {"headers": [b"Accept-Encoding: " + b"gzip;q=0," * 5000]}),
              {200, 400, 431}))
    A.append(("HTTP/0.9", ("raw", b"GET /\r\n\r\n"), {400, 505}))
    A.append(("HTTP/2.0 line", ("raw", b"GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n"), {400, 505}))
    A.append(("HTTP/9.9", ("raw", b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"), {400, 505}))
    A.append(("garbage line", ("raw", b"hello there\r\n\r\n"), {400}))
    A.append(("binary", ("raw", bytes(range(256)) * 4 + b"\r\n\r\n"), {400}))
    A.append(("TLS hello", ("raw", bytes.fromhex("16030100a5010000a10303") + b"\x00" * 160), {400, None}))
    A.append(("header without colon", ("req", b"GET", b"/api/health", {"headers": [b"NoColonHere"]}), {200, 400}))
    A.append(("header with CR", ("req", b"GET", b"/api/health", {"headers": [b"X-A: a\rb"]}), {200, 400}))
    A.append(("header obs-fold", ("req", b"GET", b"/api/health", {"headers": [b"X-A: a", b" folded"]}), {200, 400}))
    A.append(("header invalid UTF-8", ("req", b"GET", b"/api/health", {"headers": [b"X-A: \xff\xfe"]}), {200, 400}))
    A.append(("auth header invalid UTF-8", ("req", b"GET", b"/api/health", {"headers": [b"Authorization: Bearer \xff\xfe"]}),
              {200, 400, 401}))
    A.append(("auth header 100 KB", ("req", b"GET", b"/api/health", {"headers": [b"Authorization: Bearer " + b"a" * 100000]}),
              {400, 401, 431}))
    A.append(("space in path", ("raw", b"GET /api/health x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), {400, 404}))
    A.append(("LF only", ("raw", b"GET /api/health HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n"), {200, 400}))
    A.append(("pipelined 50", ("raw", (b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 50)), {200}))
    return A


def build(spec, token, host_default=b"127.0.0.1"):
    if spec[0] == "raw":
        raw = spec[1]
        if token:
            raw = raw.replace(b"\r\n\r\n", b"\r\nAuthorization: Bearer " + token.encode() + b"\r\n\r\n", 1) \
                if b"HTTP/1" in raw.split(b"\r\n")[0] else raw
        return raw
    _, method, path, kw = spec
    return req(method, path, headers=kw.get("headers", ()), body=kw.get("body", b""), host=kw.get("host"), auth=token)


def judge(status, head, body, err, expect, alive):
    if not alive:
        return "crash"
    if status is None:
        if None in expect:
            return "reject"
        return "timeout" if err == "timeout" else "reject_closed"
    if LEAK.search(head) or LEAK.search(body):
        return "bad_leak"
    if status >= 500:
        return "internal"
    if status not in expect:
        return "bad"
    return "ok" if status < 400 else "reject"


def run_attacks(server, label, token, log, restart):
    """Runs every attack; a server that dies is counted and restarted. Returns (results, the live server)."""
    results = []
    for name, spec, expect in attacks(server.port):
        if not server.alive():
            server.stop()
            server = restart()
        exp = set(expect)
        target = spec[2] if spec[0] == "req" else spec[1].split(b" ")[1] if spec[1].count(b" ") >= 2 else b""
        if server.token and not token and target.startswith(b"/api/"):
            # without the token, an /api/ request answers 401 (or a rejection of the request itself); never 2xx
            exp = (exp - {200, 206}) | {401, 400}
        if server.token and token and name.startswith("host"):
            exp |= {200}  # with a token sent, a foreign Host is not a rebinding attack (the page has no token)
        raw = build(spec, token)
        status, head, body, secs, err = send(server.port, raw)
        time.sleep(0.05)
        alive = server.alive()
        outcome = judge(status, head, body, err, exp, alive)
        hl = head.lower()
        missing = [h.decode() for h in SECURITY if h not in hl] if status else []
        r = {"label": label, "name": name, "status": status, "expected": sorted(x for x in exp if x), "outcome": outcome,
             "seconds": round(secs, 3), "missing_headers": missing,
             "leak": bool(status and (LEAK.search(head) or LEAK.search(body)))}
        if outcome in ("bad", "bad_leak", "crash", "internal"):
            r["answer"] = (head[:300] + b" | " + body[:200]).decode("utf-8", "replace")
        results.append(r)
        log.write(json.dumps(r) + "\n")
    return results, server


def slowloris(server, token, n=100, drip=3.0, probes=3, log=None):
    socks = []
    for _ in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append(s)
        except OSError:
            break
    stop = threading.Event()

    def drip_loop():
        k = 0
        while not stop.wait(drip):
            k += 1
            for s in socks:
                try:
                    s.sendall(b"X-Drip-%d: x\r\n" % k)
                except OSError:
                    pass
    t = threading.Thread(target=drip_loop, daemon=True)
    t.start()
    lat = []

    def probe(delay):
        time.sleep(delay)
        status, _, _, secs, err = send(server.port, req(b"GET", b"/api/health", auth=token), timeout=10)
        lat.append({"status": status, "seconds": round(secs, 3), "error": err})
    probers = [threading.Thread(target=probe, args=(1.0 + 3.0 * k,)) for k in range(probes)]
    for p in probers:
        p.start()
    for p in probers:
        p.join()
    stop.set()
    t.join()
    for s in socks:
        s.close()
    res = {"connections": len(socks), "probes": lat, "answered": sum(1 for p in lat if p["status"] == 200),
           "worst_seconds": max(p["seconds"] for p in lat), "alive": server.alive()}
    if log:
        log.write(f"slowloris {json.dumps(res)}\n")
    return res


def header_flood(server, token, lines=1_000_000, parallel=1):
    """A request with a million header lines (about 12 MB), parallel at once; RSS before and after."""
    before = rss_mb(server.p.pid)
    raw = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + \
          (b"Authorization: Bearer " + token.encode() + b"\r\n" if token else b"") + \
          b"".join(b"X-%d: v\r\n" % i for i in range(lines)) + b"\r\n"
    out = []
    threads = [threading.Thread(target=lambda: out.append(send(server.port, raw, timeout=60)[0])) for _ in range(parallel)]
    peak = before
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        time.sleep(0.1)
        r = rss_mb(server.p.pid)
        peak = max(peak or 0, r or 0)
    time.sleep(1.0)
    return {"lines": lines, "parallel": parallel, "statuses": out, "rss_before_mb": round(before or 0),
            "rss_peak_mb": round(peak or 0), "rss_after_mb": round(rss_mb(server.p.pid) or 0), "alive": server.alive()}


def reloads(server, winnow, proj, n=12, log=None):
    rss = [round(rss_mb(server.p.pid) or 0)]

    def loaded_at():
        st, _, body, _, _ = send(server.port, req(b"GET", b"/api/health"), timeout=5)
        try:
            return json.loads(body)["results_loaded_at"]
        except Exception:
            return None
    for k in range(n):
        before = loaded_at()
        subprocess.run([winnow, "--quiet", "run", "--no-report", proj], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t0 = time.monotonic()
        while time.monotonic() - t0 < 15:
            time.sleep(0.5)
            if loaded_at() not in (before, None):
                break
        time.sleep(0.5)
        loaded_at()
        rss.append(round(rss_mb(server.p.pid) or 0))
    res = {"reloads": n, "rss_mb": rss, "alive": server.alive()}
    if log:
        log.write(f"reloads {json.dumps(res)}\n")
    return res


def main(fx, w, log):
    d = f"{w}/http"
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    proj = f"{d}/proj"
    shutil.copytree(fx["pharma"], proj, ignore=shutil.ignore_patterns("out"))
    subprocess.run([fx["winnow"], "--quiet", "run", proj], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    W = fx["winnow"]
    results, extra = [], {}
    # the loopback server without a token
    s = Server(W, proj)
    r, s = run_attacks(s, "no token", None, log, lambda: Server(W, proj))
    results += r
    if not s.alive():
        s.stop()
        s = Server(W, proj)
    extra["slowloris (no token)"] = slowloris(s, None, log=log)
    extra["1M header lines"] = header_flood(s, None)
    log.write(f"flood {json.dumps(extra['1M header lines'])}\n")
    extra["1M header lines x4"] = header_flood(s, None, parallel=4)
    log.write(f"flood4 {json.dumps(extra['1M header lines x4'])}\n")
    s.stop()
    s = Server(W, proj)
    extra["12 reloads"] = reloads(s, W, proj, log=log)
    s.stop()
    # the server with a token: requests without it, then with it
    s = Server(W, proj, token=TOKEN)
    r, s = run_attacks(s, "token, not sent", None, log, lambda: Server(W, proj, token=TOKEN))
    results += r
    if not s.alive():
        s.stop()
        s = Server(W, proj, token=TOKEN)
    r, s = run_attacks(s, "token, sent", TOKEN, log, lambda: Server(W, proj, token=TOKEN))
    results += r
    if not s.alive():
        s.stop()
        s = Server(W, proj, token=TOKEN)
    extra["slowloris (token)"] = slowloris(s, TOKEN, log=log)
    s.stop()
    return results, extra
