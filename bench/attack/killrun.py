"""Category 4: kill -9, SIGTERM and SIGINT at random moments of `winnow run` on the sample project, a full disk
(a small tmpfs), and a symlink planted at the temporary file's predictable name.

Each trial starts from the complete outputs of run A (observation end 2026-09-30) in out/, switches winnow.toml to
B (observation end 2026-09-23, which changes every output file) and kills the run. Each file of out/ is then
`old` (A's), `new` (B's), `partial` (neither) or missing; a trial is mixed when out/ holds both old and new files, or
any partial file. Leftovers are entries of the project folder or of out/ that are neither inputs nor outputs, counted
right after the kill and again after a later complete run (which should clean them)."""
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import time

import common

OUT_FILES = ["customers.csv", "accounts.csv", "alerts.csv", "reference_customers.csv", "model.json",
             "spend_model.json", "results.json", "report.html"]


def toml_for(pharma_toml, end):
    return re.sub(r'observation_end = "[0-9-]+"', f'observation_end = "{end}"', pharma_toml)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def snapshot(out):
    return {n: digest(f"{out}/{n}") for n in OUT_FILES if os.path.isfile(f"{out}/{n}")}


def leftovers(proj, inputs):
    extra = [e for e in os.listdir(proj) if e not in inputs and e != "out"]
    if os.path.isdir(f"{proj}/out"):
        extra += ["out/" + e for e in os.listdir(f"{proj}/out") if e not in OUT_FILES]
    return sorted(extra)


def classify_out(out, old, new):
    state = {}
    for n in OUT_FILES:
        p = f"{out}/{n}"
        if not os.path.isfile(p):
            state[n] = "missing"
            continue
        h = digest(p)
        state[n] = "new" if h == new.get(n) else "old" if h == old.get(n) else "partial"
    kinds = set(state.values())
    mixed = ("old" in kinds and "new" in kinds) or "partial" in kinds or ("missing" in kinds and len(kinds) > 1)
    return state, mixed


def run_tool(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def setup(fx, w):
    d = f"{w}/kill"
    shutil.rmtree(d, ignore_errors=True)
    proj = f"{d}/proj"
    shutil.copytree(fx["pharma"], proj)
    shutil.rmtree(f"{proj}/out", ignore_errors=True)
    base_toml = open(f"{proj}/winnow.toml").read()
    W = fx["winnow"]
    refs = {}
    for label, end in [("A", "2026-09-30"), ("B", "2026-09-23")]:
        with open(f"{proj}/winnow.toml", "w") as f:
            f.write(toml_for(base_toml, end))
        shutil.rmtree(f"{proj}/out", ignore_errors=True)
        t0 = time.monotonic()
        r = subprocess.run([W, "run", proj], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        secs = time.monotonic() - t0
        if r.returncode != 0:
            raise RuntimeError(f"winnow run on the sample project failed: {r.stderr.decode()[-400:]}")
        m = re.search(rb"\[\s*([0-9.]+) s\] writing", r.stderr)
        e = re.search(rb" in ([0-9.]+) s\n", r.stderr)
        refs[label] = {"snap": snapshot(f"{proj}/out"), "seconds": secs,
                       "write_at": float(m.group(1)) if m else secs * 0.9,
                       "write_end": float(e.group(1)) if e else secs}
        shutil.copytree(f"{proj}/out", f"{d}/out_{label}")
    same = [n for n in OUT_FILES if refs["A"]["snap"].get(n) == refs["B"]["snap"].get(n)]
    inputs = set(os.listdir(fx["pharma"])) - {"out"}
    return d, proj, base_toml, refs, same, inputs


def wait_for_write(p, proj):
    """Waits until an entry of the project folder or of out/ appears or goes (the write phase has begun)."""
    before = (set(os.listdir(proj)), set(os.listdir(f"{proj}/out")))
    t0 = time.monotonic()
    while p.poll() is None and time.monotonic() - t0 < 60:
        try:
            now = (set(os.listdir(proj)), set(os.listdir(f"{proj}/out")) if os.path.isdir(f"{proj}/out") else set())
        except OSError:
            now = None
        if now != before:
            break
        time.sleep(0.0005)
    return t0


def write_phase_seconds(W, proj, d, base_toml, runs=3):
    """How long a run lasts after the first change in the project folder or out/ (median of a few runs)."""
    spans = []
    for _ in range(runs):
        shutil.rmtree(f"{proj}/out", ignore_errors=True)
        shutil.copytree(f"{d}/out_A", f"{proj}/out")
        with open(f"{proj}/winnow.toml", "w") as f:
            f.write(toml_for(base_toml, "2026-09-23"))
        p = subprocess.Popen([W, "--quiet", "run", proj], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_write(p, proj)
        t1 = time.monotonic()
        p.wait()
        spans.append(time.monotonic() - t1)
    return sorted(spans)[len(spans) // 2]


def trial(W, proj, d, base_toml, refs, inputs, sig, at):
    shutil.rmtree(f"{proj}/out", ignore_errors=True)
    shutil.copytree(f"{d}/out_A", f"{proj}/out")
    with open(f"{proj}/winnow.toml", "w") as f:
        f.write(toml_for(base_toml, "2026-09-23"))
    p = subprocess.Popen([W, "--quiet", "run", proj], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if isinstance(at, tuple):
        # ("write", delay): wait for the write phase to show (an entry of the project folder or of out/ appears,
        # or goes), then wait delay seconds
        t0 = wait_for_write(p, proj)
        time.sleep(at[1])
        at = time.monotonic() - t0
    else:
        time.sleep(at)
    finished_before = p.poll() is not None
    if not finished_before:
        p.send_signal(sig)
    status = p.wait()
    state, mixed = classify_out(f"{proj}/out", refs["A"]["snap"], refs["B"]["snap"])
    left = leftovers(proj, inputs)
    # a later complete run should clean what the killed one left
    run_tool([W, "--quiet", "run", proj])
    left_after = leftovers(proj, inputs)
    for e in left_after:  # start the next trial clean
        path = f"{proj}/{e}"
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.remove(path)
    counts = {k: list(state.values()).count(k) for k in ("old", "new", "partial", "missing")}
    return {"signal": signal.Signals(sig).name, "at": round(at, 3), "status": status, "finished_before_kill": finished_before,
            "mixed": mixed, "files": counts, "leftovers": left, "leftovers_after_next_run": left_after}


def kill_trials(fx, w, log, seed=4242):
    d, proj, base_toml, refs, same, inputs = setup(fx, w)
    W = fx["winnow"]
    rng = random.Random(seed)
    T, write_at, write_end = refs["B"]["seconds"], refs["B"]["write_at"], refs["B"]["write_end"]
    results = []
    # half of the kill -9 moments anywhere in the run; the rest, and every SIGTERM and SIGINT, in the write phase:
    # a random delay after the first change in the project folder or in out/, up to the time a complete run
    # takes from that change to its exit
    # the delays after the first change: up to the measured rest of a run from that change to its exit
    span = max(0.005, write_phase_seconds(W, proj, d, base_toml))
    plan = [(signal.SIGKILL, rng.uniform(0.05, write_end)) for _ in range(10)]
    plan += [(signal.SIGKILL, ("write", rng.uniform(0, span))) for _ in range(10)]
    plan += [(signal.SIGTERM, ("write", rng.uniform(0, span))) for _ in range(6)]
    plan += [(signal.SIGINT, ("write", rng.uniform(0, span))) for _ in range(6)]
    for sig, at in plan:
        r = trial(W, proj, d, base_toml, refs, inputs, sig, at)
        results.append(r)
        log.write(f"kill {r}\n")
    info = {"run_seconds": round(T, 2), "write_starts_at": write_at, "write_ends_at": write_end,
            "write_phase_after_first_change": round(span, 3),
            "files_equal_in_A_and_B": same}
    return results, info


def full_disk(fx, w, log):
    """winnow run onto a small tmpfs that holds the inputs and the old outputs, but not all new outputs."""
    d = f"{w}/kill"
    mnt = f"{w}/kill/tmpfs"
    os.makedirs(mnt, exist_ok=True)
    W = fx["winnow"]
    src = f"{d}/proj"
    base_toml = toml_for(open(f"{fx['pharma']}/winnow.toml").read(), "2026-09-30")
    refs = {"A": snapshot(f"{d}/out_A")}
    size_inputs = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(fx["pharma"]) for f in fs
                      if "/out" not in r)
    size_out = sum(os.path.getsize(f"{d}/out_A/{f}") for f in os.listdir(f"{d}/out_A"))
    results = []
    for spare_kb in [64, 400, 800, 1100, 1180, 1220, 1260, 1300]:
        size = size_inputs + size_out + spare_kb * 1024 + 64 * 1024
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mnt], capture_output=True)
        if r.returncode != 0:
            return None, f"mount -t tmpfs failed: {r.stderr.decode().strip()}"
        try:
            proj = f"{mnt}/proj"
            shutil.copytree(fx["pharma"], proj, ignore=shutil.ignore_patterns("out"))
            shutil.copytree(f"{d}/out_A", f"{proj}/out")
            with open(f"{proj}/winnow.toml", "w") as f:
                f.write(toml_for(base_toml, "2026-09-23"))
            st = subprocess.run([W, "--quiet", "run", proj], capture_output=True)
            state = {}
            for n in OUT_FILES:
                p = f"{proj}/out/{n}"
                state[n] = "missing" if not os.path.isfile(p) else "old" if digest(p) == refs["A"].get(n) else "new/partial"
            kinds = set(state.values())
            inputs = set(os.listdir(fx["pharma"])) - {"out"}
            left = leftovers(proj, inputs)
            res = {"spare_kb": spare_kb, "status": st.returncode, "stderr": st.stderr.decode(errors="replace")[-200:],
                   "old": list(state.values()).count("old"), "new_or_partial": list(state.values()).count("new/partial"),
                   "missing": list(state.values()).count("missing"), "mixed": len(kinds) > 1, "leftovers": left}
            results.append(res)
            log.write(f"fulldisk {res}\n")
        finally:
            subprocess.run(["umount", mnt])
    return results, None


def symlink_trials(fx, w, log, tries=3):
    """A symlink planted at <out>.tmp-<pid> for the next 400 process ids, pointing at a file outside: is it
    followed (the file overwritten)?"""
    d = f"{w}/kill/symlink"
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    victim = f"{d}/victim.txt"
    out = f"{d}/out.csv"
    results = []
    for t in range(tries):
        with open(victim, "w") as f:
            f.write("precious\n")
        try:
            last = int(open("/proc/sys/kernel/ns_last_pid").read())
        except OSError:
            return None
        for pid in range(last + 1, last + 401):
            link = f"{out}.tmp-{pid}"
            if not os.path.lexists(link):
                os.symlink(victim, link)
        p = subprocess.Popen([fx["winnow"], "--quiet", "summarize", "-t", fx["log"], "--out", out],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, err = p.communicate()
        in_range = last < p.pid <= last + 400
        followed = open(victim).read() != "precious\n"
        results.append({"pid_in_range": in_range, "followed": followed, "status": p.returncode})
        log.write(f"symlink {results[-1]}\n")
        for e in os.listdir(d):
            if ".tmp-" in e:
                os.remove(f"{d}/{e}")
    return results
