"""Shared pieces of the attack harness: running one case under limits and classifying its outcome.

Outcomes (the columns of the summary table):
  reject      clean rejection: exit 2, 3 or 4 and a message that names the file (and line) or the option
  vague       exit 2, 3 or 4, but the message names neither file nor option
  ok          accepted (exit 0) with plausible output
  bad         accepted (exit 0) with bad output: inf/nan/-nan, invalid UTF-8, zeros where it overflowed,
              output that winnow's own reader rejects, a symlink followed, ...
  write_lie   the output could not be written, yet exit 0 (write error reported as success)
  crash       killed by a signal (SIGSEGV, SIGABRT, ...)
  internal    exit 1 (the README reserves it for bugs) or any other status
  timeout     still running after the time limit (killed), or out of the memory limit by signal
"""
import json
import os
import re
import resource
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

OUTCOMES = ["harness_error", "reject", "vague", "ok", "bad", "write_lie", "crash", "internal", "timeout", "mixed"]

TIMEOUT = float(os.environ.get("ATTACK_TIMEOUT", "30"))
MEMORY_LIMIT = int(os.environ.get("ATTACK_MEMORY_MB", "4096")) * 1024 * 1024

NONFINITE = re.compile(rb"(?i)(?<![A-Za-z0-9_])[-+]?(nan|inf|infinity)(?![A-Za-z0-9_])")


def limits():
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(argv, cwd=None, stdin=None, stdout=None, timeout=None, env=None):
    """Runs argv in its own session under the memory limit; returns (status, stdout, stderr, seconds, timed_out).
    status is the exit code, or -signal."""
    timeout = timeout or TIMEOUT
    start = time.monotonic()
    out_target = subprocess.PIPE if stdout is None else stdout
    p = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL if stdin is None else stdin, stdout=out_target,
                         stderr=subprocess.PIPE, preexec_fn=limits, env=env)
    timed_out = False
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
    return p.returncode, out or b"", err or b"", time.monotonic() - start, timed_out


def nonfinite_in(data):
    m = NONFINITE.search(data)
    return m.group(0).decode("latin-1") if m else None


def csv_nonfinite(data, skip_cols=("customer_id", "name", "id", "account_id", "referrer_id", "referred_id")):
    """inf/nan as a whole field of a CSV output, outside the id and name columns."""
    lines = data.split(b"\n")
    if not lines:
        return None
    header = [h.strip().strip(b'"').decode("utf-8", "replace") for h in lines[0].split(b",")]
    skip = {k for k, h in enumerate(header) if h in skip_cols}
    for line in lines[1:]:
        for k, field in enumerate(line.rstrip(b"\r").split(b",")):
            if k in skip:
                continue
            f = field.strip().strip(b'"')
            if re.fullmatch(rb"(?i)[-+]?(nan|inf|infinity)", f):
                return f.decode("latin-1")
    return None


def check_output(path, data):
    """Problems in one output: non-finite numbers or invalid UTF-8."""
    problems = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{os.path.basename(path)}: invalid UTF-8")
    name = path.lower()
    if name.endswith(".csv") or name.endswith("stdout-csv"):
        bad = csv_nonfinite(data)
        if bad:
            problems.append(f"{os.path.basename(path)}: {bad}")
    elif name.endswith(".html"):
        pass  # the report's bundled scripts contain Infinity and NaN as words
    elif name.endswith(".json"):
        found = []
        try:
            json.loads(data.decode("utf-8", "replace"), parse_constant=lambda c: found.append(c))
        except ValueError as e:
            problems.append(f"{os.path.basename(path)}: not JSON ({e})")
        if found:
            problems.append(f"{os.path.basename(path)}: {found[0]}")
    else:
        bad = nonfinite_in(data)
        if bad:
            problems.append(f"{os.path.basename(path)}: {bad}")
    return problems


def classify(status, timed_out, err, names, problems, write_fail=False, truncated=False):
    if timed_out:
        return "timeout"
    if status < 0:
        return "crash"
    if status in (2, 3, 4):
        text = err.decode("utf-8", "replace")
        if any(n and n in text for n in names):
            return "reject"
        return "vague"
    if status == 0:
        if write_fail:
            return "write_lie"
        if truncated:
            return "bad"  # a cut input read as a complete one
        return "bad" if problems else "ok"
    return "internal"


class Case:
    """One invocation. outputs: files to check after a success (a path or (path, kind)); names: strings of which
    one must be in the message of a clean rejection (the file's name, the option); validators: callables
    (case, stdout) -> list of problems; write_fail: the output goes to a full device."""

    def __init__(self, cat, cid, argv, names=(), outputs=(), cwd=None, validators=(), write_fail=False,
                 stdout_kind="text", setup=None, stdout=None, timeout=None, env=None, truncated=False):
        self.cat, self.id, self.argv, self.names = cat, cid, argv, list(names)
        self.outputs, self.cwd, self.validators = list(outputs), cwd, list(validators)
        self.write_fail, self.stdout_kind, self.setup = write_fail, stdout_kind, setup
        self.stdout, self.timeout, self.env = stdout, timeout, env
        self.truncated = truncated


def run_case(case):
    try:
        return run_case_unguarded(case)
    except Exception as e:  # a fault of the harness must not end the attack
        return {"cat": case.cat, "id": case.id, "status": None, "seconds": 0, "outcome": "harness_error",
                "problems": [repr(e)[:200]], "stderr": "", "argv": ""}


def run_case_unguarded(case):
    if case.setup:
        case.setup()
    for path in case.outputs:
        if os.path.isfile(path) and not os.path.islink(path):
            os.remove(path)
    stdout = None
    if case.stdout == "full":
        stdout = open(FULL_DEVICE, "wb")
    elif case.stdout == "closed":
        stdout = subprocess.DEVNULL  # replaced below by a closed descriptor
    try:
        if case.stdout == "closed":
            status, out, err, secs, timed_out = run_closed_stdout(case)
        else:
            status, out, err, secs, timed_out = run(case.argv, cwd=case.cwd, stdout=stdout, timeout=case.timeout,
                                                    env=case.env)
    finally:
        if stdout not in (None, subprocess.DEVNULL):
            stdout.close()
    problems = []
    if status == 0 and not timed_out:
        if out:
            problems += check_output("stdout-csv" if case.stdout_kind == "csv" else "stdout", out)
        for path in case.outputs:
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    problems += check_output(path, f.read())
        for v in case.validators:
            problems += v(case, out)
    outcome = classify(status, timed_out, err, case.names, problems, case.write_fail, case.truncated)
    return {"cat": case.cat, "id": case.id, "status": status, "seconds": round(secs, 2), "outcome": outcome,
            "problems": problems[:3], "stderr": err.decode("utf-8", "replace")[-300:],
            "argv": " ".join(shorten(a) for a in case.argv)}


def shorten(a):
    if isinstance(a, bytes):
        a = a.decode("utf-8", "replace")
    return a if len(a) < 80 else a[:77] + "..."


FULL_DEVICE = "/dev/full"  # replaced by attack.py with a private node (mknod c 1 7) in the work folder


def run_closed_stdout(case):
    """Runs with standard output closed (the shell's >&-)."""
    def pre():
        limits()
        os.close(1)
    start = time.monotonic()
    p = subprocess.Popen(case.argv, cwd=case.cwd, stdin=subprocess.DEVNULL, stdout=None, stderr=subprocess.PIPE,
                         preexec_fn=pre, close_fds=True)
    timed_out = False
    try:
        _, err = p.communicate(timeout=case.timeout or TIMEOUT)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(p.pid, signal.SIGKILL)
        _, err = p.communicate()
    return p.returncode, b"", err or b"", time.monotonic() - start, timed_out


def run_all(cases, jobs, log_path, progress=None):
    results = []
    lock = threading.Lock()
    with open(log_path, "a") as log, ThreadPoolExecutor(max_workers=jobs) as pool:
        for r in pool.map(run_case, cases):
            with lock:
                results.append(r)
                log.write(json.dumps(r) + "\n")
    return results


def tally(results, key=lambda r: r["cat"]):
    table = {}
    for r in results:
        row = table.setdefault(key(r), {o: 0 for o in OUTCOMES} | {"tried": 0})
        row["tried"] += 1
        row[r["outcome"]] += 1
    return table
