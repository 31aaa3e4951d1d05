"""Category 2: a gzip log cut at 55 evenly spaced points; category 3: 3,000 mutated logs (fixed seed)."""
import os
import random
import shutil

from common import Case
import crafted


def gzip_cases(fx, w):
    cat = "2 truncated gzip"
    d = f"{w}/gzcut"
    os.makedirs(d, exist_ok=True)
    data = open(fx["log_gz"], "rb").read()
    W = fx["winnow"]
    cs = []
    n = 55
    for k in range(1, n + 1):
        cut = len(data) * k // (n + 1)
        path = f"{d}/cut{k:02d}.csv.gz"
        with open(path, "wb") as f:
            f.write(data[:cut])
        o = f"{d}/cut{k:02d}.sum.csv"
        cs.append(Case(cat, f"cut{k:02d}-{cut}of{len(data)}", [W, "--quiet", "summarize", "-t", path, "--out", o],
                       names=[os.path.basename(path)], outputs=[o], truncated=True))
    # through winnow run: the pharma log gzipped and cut at half its size
    import gzip
    proj = f"{d}/proj_half"
    shutil.rmtree(proj, ignore_errors=True)
    os.makedirs(f"{proj}/data")
    tx = gzip.compress(open(f"{fx['pharma']}/data/transactions.csv", "rb").read())
    with open(f"{proj}/data/transactions.csv.gz", "wb") as f:
        f.write(tx[:len(tx) // 2])
    toml = crafted.TOML.format(data=f"{fx['pharma']}/data").replace(f"{fx['pharma']}/data/transactions.csv",
                                                                      f"{proj}/data/transactions.csv.gz")
    with open(f"{proj}/winnow.toml", "w") as f:
        f.write(toml)
    cs.append(Case(cat, "run-half-of-pharma-gz", [W, "--quiet", "run", "--no-report", proj],
                   names=["transactions.csv.gz"], outputs=crafted.run_outputs(proj), truncated=True))
    return cs


SPECIAL = [b",", b'"', b"\n", b"\r", b"\x00", b"\xff", b"\xc3", b";", b"-", b"e", b"9", b".", b" ", b"\t"]


def mutate(rng, data):
    data = bytearray(data)
    kind = rng.choice(["flip", "insert", "delete", "truncate", "quote", "dup_line", "special", "chunk"])
    for _ in range(rng.choice([1, 1, 1, 2, 3, 5])):
        if not data:
            break
        pos = rng.randrange(len(data))
        if kind == "flip":
            data[pos] ^= 1 << rng.randrange(8)
        elif kind == "insert":
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5)))
        elif kind == "delete":
            del data[pos:pos + rng.randrange(1, 20)]
        elif kind == "truncate":
            del data[pos:]
        elif kind == "quote":
            data[pos:pos] = b'"'
        elif kind == "dup_line":
            start = data.rfind(b"\n", 0, pos) + 1
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end + 1
            data[end:end] = data[start:end]
        elif kind == "special":
            data[pos:pos + 1] = rng.choice(SPECIAL)
        elif kind == "chunk":
            a = rng.randrange(len(data))
            data[pos:pos] = data[a:a + rng.randrange(1, 200)]
    return kind, bytes(data)


def mutation_cases(fx, w, count=3000, seed=20261202):
    cat = "3 mutated logs"
    d = f"{w}/mutated"
    os.makedirs(d, exist_ok=True)
    rng = random.Random(seed)
    base = open(fx["log"], "rb").read()
    W = fx["winnow"]
    cs = []
    for k in range(count):
        kind, data = mutate(rng, base)
        path = f"{d}/m{k:04d}.csv"
        with open(path, "wb") as f:
            f.write(data)
        name = os.path.basename(path)
        o = f"{d}/m{k:04d}"
        cs.append(Case(cat + " (summarize)", f"m{k:04d}-{kind}/summarize",
                       [W, "--quiet", "summarize", "-t", path, "--out", o + ".s.csv"], names=[name], outputs=[o + ".s.csv"]))
        cs.append(Case(cat + " (skip)", f"m{k:04d}-{kind}/skip",
                       [W, "--quiet", "summarize", "-t", path, "--on-bad-row", "skip", "--out", o + ".k.csv"],
                       names=[name], outputs=[o + ".k.csv"]))
        cs.append(Case(cat + " (describe skip)", f"m{k:04d}-{kind}/describe",
                       [W, "describe", "-t", path, "--on-bad-row", "skip"], names=[name]))
    return cs
