"""Deterministic input files for the attack, written by Python (not by the binary under test), so the same inputs
are tried before and after a change."""
import gzip
import os
import random
import subprocess
from datetime import date, timedelta


def make_log(n_customers=60, seed=42, start=date(2024, 1, 1), days=730):
    """customer_id,date,amount rows, sorted by date: about 7 rows per customer (~450 rows with 60 customers)."""
    rng = random.Random(seed)
    rows = []
    for c in range(1, n_customers + 1):
        first = rng.randrange(0, days // 3)
        n = 1 + int(rng.expovariate(1 / 6.5))
        n = min(n, 30)
        days_used = sorted({first} | {rng.randrange(first, days) for _ in range(n - 1)})
        for d in days_used:
            rows.append((start + timedelta(days=d), f"C{c:03d}", f"{rng.uniform(5, 500):.2f}"))
    rows.sort()
    return "customer_id,date,amount\n" + "".join(f"{cid},{d.isoformat()},{amt}\n" for d, cid, amt in rows)


def make_summary(n=80, seed=7):
    """lifetimes layout: customer_id,frequency,recency,T,monetary_value."""
    rng = random.Random(seed)
    out = ["customer_id,frequency,recency,T,monetary_value"]
    for c in range(1, n + 1):
        T = round(rng.uniform(20, 100), 2)
        x = int(rng.expovariate(1 / 3))
        rec = round(rng.uniform(0.5, T), 2) if x else 0
        m = round(rng.uniform(10, 300), 2) if x else 0
        out.append(f"S{c:03d},{x},{rec},{T},{m}")
    return "\n".join(out) + "\n"


def make_bgbb(n=200, seed=8, periods=6):
    rng = random.Random(seed)
    out = ["frequency,recency,periods"]
    for _ in range(n):
        rec = rng.randrange(0, periods + 1)
        x = 0 if rec == 0 else rng.randrange(1, rec + 1)
        out.append(f"{x},{rec},{periods}")
    return "\n".join(out) + "\n"


def make_sbg(n=200, seed=9):
    rng = random.Random(seed)
    out = ["duration,churned"]
    for _ in range(n):
        d = rng.randrange(1, 8)
        out.append(f"{d},{1 if d < 7 and rng.random() < 0.6 else 0}")
    return "\n".join(out) + "\n"


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)
    return path


def build(fx, winnow):
    """Writes the fixtures into fx and fits the models the crafted cases need; returns a dict of paths."""
    os.makedirs(fx, exist_ok=True)
    p = {}
    p["log"] = write(f"{fx}/log.csv", make_log())
    p["log_big"] = write(f"{fx}/log450.csv", make_log(60, seed=3))
    with gzip.open(f"{fx}/log450.csv.gz", "wb", compresslevel=6) as g:
        g.write(open(p["log_big"], "rb").read())
    p["log_gz"] = f"{fx}/log450.csv.gz"
    p["summary"] = write(f"{fx}/summary.csv", make_summary())
    p["bgbb_summary"] = write(f"{fx}/bgbb.csv", make_bgbb())
    p["sbg_summary"] = write(f"{fx}/sbg.csv", make_sbg())
    for model, src in [("bgnbd", "log"), ("pnbd", "log"), ("mbgnbd", "log"), ("gg", "log"), ("bgbb", "bgbb_summary"),
                       ("sbg", "sbg_summary")]:
        out = f"{fx}/{model}.json"
        data = ["--transactions", p[src]] if src == "log" else ["--summary", p[src]]
        r = subprocess.run([winnow, "--quiet", "fit", "--model", model, *data, "--out", out], capture_output=True)
        if r.returncode != 0:
            # fall back to a fit on the CDNOW-like summary for the purchase models
            r = subprocess.run([winnow, "--quiet", "fit", "--model", model, "--summary", p["summary"], "--out", out],
                               capture_output=True)
        p[model] = out if r.returncode == 0 else None
    return p
