#!/usr/bin/env python3
"""The attack of issue 10, re-done as a reproducible harness. See bench/attack/README.md.

  python3 bench/attack/attack.py WINNOW [--work DIR] [--jobs 2] [--only 1,2,3,4,5] [--mutations 3000]
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import crafted  # noqa: E402
import fixtures  # noqa: E402
import http_attack  # noqa: E402
import killrun  # noqa: E402
import logs  # noqa: E402

COLUMNS = [("tried", "inputs tried"), ("reject", "clean rejections"), ("vague", "rejections naming no file/option"),
           ("ok", "accepted, plausible"), ("bad", "accepted, bad output"), ("write_lie", "write error reported as success"),
           ("crash", "crashes"), ("internal", "internal errors"), ("timeout", "timeouts"),
           ("mixed", "partial/mixed outputs")]


def table(rows):
    out = ["| category | " + " | ".join(c[1] for c in COLUMNS) + " |",
           "| --- | " + " | ".join("---:" for _ in COLUMNS) + " |"]
    for name, row in rows:
        out.append(f"| {name} | " + " | ".join(str(row.get(c[0], 0)) for c in COLUMNS) + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("winnow")
    ap.add_argument("--work", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="1,2,3,4,5")
    ap.add_argument("--mutations", type=int, default=3000)
    args = ap.parse_args()
    winnow = os.path.abspath(args.winnow)
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    w = os.path.abspath(args.work or f"{repo}/build/attack")
    shutil.rmtree(w, ignore_errors=True)
    os.makedirs(w)
    only = set(args.only.split(","))
    t_start = time.monotonic()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    # a private /dev/full: a device node of our own, so that a winnow that renames onto its output can only
    # replace this one
    full = f"{w}/full"
    if subprocess.run(["mknod", full, "c", "1", "7"], capture_output=True).returncode == 0:
        common.FULL_DEVICE = full
    else:
        common.FULL_DEVICE = "/dev/full"
        print("warning: mknod failed: the full-disk cases write to /dev/full itself", file=sys.stderr)

    fx = fixtures.build(f"{w}/fixtures", winnow)
    fx["winnow"] = winnow
    fx["pharma"] = f"{w}/fixtures/pharma"
    shutil.copytree(f"{repo}/examples/pharma", fx["pharma"], ignore=shutil.ignore_patterns("out"))
    missing = [k for k in ("bgnbd", "pnbd", "mbgnbd", "gg", "bgbb", "sbg") if not fx[k]]
    if missing:
        print(f"note: could not fit fixture models {missing}; their cases are left out", file=sys.stderr)

    log_path = f"{w}/results.jsonl"
    detail = open(f"{w}/details.log", "w")
    rows = []
    extra_notes = []
    secs = {}

    def timed(label, fn):
        t0 = time.monotonic()
        r = fn()
        secs[label] = round(time.monotonic() - t0)
        print(f"[{round(time.monotonic() - t_start):4d} s] {label} done in {secs[label]} s", file=sys.stderr, flush=True)
        return r

    all_results = []
    if "1" in only:
        cases = crafted.cases(fx, w)
        res = timed("1 crafted", lambda: common.run_all(cases, args.jobs, log_path))
        all_results += res
        t = common.tally(res)
        rows += list(t.items())
        by_cmd = common.tally(res, key=lambda r: "1 crafted: " + r["id"].split("/")[0] +
                              ("/" + r["id"].split("/")[-1] if r["id"].startswith("log/") else ""))
        extra_notes.append(("crafted inputs by kind", by_cmd))
    if "2" in only:
        res = timed("2 truncated gzip", lambda: common.run_all(logs.gzip_cases(fx, w), args.jobs, log_path))
        all_results += res
        rows += list(common.tally(res).items())
    if "3" in only:
        cases = logs.mutation_cases(fx, w, count=args.mutations)
        res = timed("3 mutated logs", lambda: common.run_all(cases, args.jobs, log_path))
        all_results += res
        rows += list(common.tally(res).items())
    kill_info = None
    if "4" in only:
        def cat4():
            kt, info = killrun.kill_trials(fx, w, detail)
            fd, why = killrun.full_disk(fx, w, detail)
            sl = killrun.symlink_trials(fx, w, detail)
            return kt, info, fd, why, sl
        kt, info, fd, why, sl = timed("4 kill/full disk", cat4)
        for sig in ["SIGKILL", "SIGTERM", "SIGINT"]:
            trials = [r for r in kt if r["signal"] == sig]
            rows.append((f"4 kill: {sig} during run", {
                "tried": len(trials), "mixed": sum(r["mixed"] for r in trials),
                "ok": sum(not r["mixed"] for r in trials)}))
        if fd is not None:
            rows.append(("4 full disk (tmpfs) during run", {
                "tried": len(fd), "mixed": sum(r["mixed"] for r in fd),
                "reject": sum(r["status"] == 3 and not r["mixed"] for r in fd),
                "vague": sum(r["status"] in (2, 4) and not r["mixed"] for r in fd),
                "ok": sum(r["status"] == 0 and not r["mixed"] for r in fd),
                "write_lie": sum(r["status"] == 0 and r["mixed"] for r in fd),
                "internal": sum(r["status"] not in (0, 2, 3, 4) and r["status"] >= 0 for r in fd),
                "crash": sum(r["status"] < 0 for r in fd)}))
        if sl is not None:
            rows.append(("4 symlink at <out>.tmp-<pid>", {
                "tried": len(sl), "bad": sum(r["followed"] for r in sl),
                "ok": sum(not r["followed"] and r["status"] == 0 for r in sl),
                "reject": sum(not r["followed"] and r["status"] != 0 for r in sl)}))
        kill_info = {"info": info, "trials": kt, "full_disk": fd, "full_disk_skipped": why, "symlink": sl}
    http_info = None
    if "5" in only:
        res, extra = timed("5 http", lambda: http_attack.main(fx, w, detail))
        for label in ["no token", "token, not sent", "token, sent"]:
            rs = [r for r in res if r["label"] == label]
            row = {"tried": len(rs)}
            for r in rs:
                o = {"bad_leak": "bad", "reject_closed": "reject"}.get(r["outcome"], r["outcome"])
                row[o] = row.get(o, 0) + 1
            rows.append((f"5 http ({label})", row))
        http_info = {"results": res, "extra": extra}

    elapsed = round(time.monotonic() - t_start)
    # totals
    total = {}
    for _, row in rows:
        for k, v in row.items():
            total[k] = total.get(k, 0) + v
    rows.append(("**total**", total))

    report = []
    load = open("/proc/loadavg").read().split()[:3]
    report.append(f"winnow attack harness: {winnow}")
    ver = subprocess.run([winnow, "--version"], capture_output=True, text=True).stdout.strip()
    report.append(f"version {ver}; started {started}; {elapsed} s; jobs {args.jobs}; {os.cpu_count()} cores "
                  f"({platform.processor() or platform.machine()}), load average at the end {' '.join(load)}; "
                  f"time limit {common.TIMEOUT:g} s, memory limit {common.MEMORY_LIMIT >> 20} MB per command")
    report.append("")
    report.append(table(rows))
    if extra_notes:
        for title, t in extra_notes:
            report.append("")
            report.append(f"{title}:")
            report.append(table(sorted(t.items())))
    # the outcomes worth reading, grouped
    report.append("")
    report.append("crashes, internal errors, timeouts, bad outputs and write errors reported as success:")
    for r in all_results:
        if r["outcome"] in ("crash", "internal", "timeout", "bad", "write_lie", "harness_error"):
            why = "; ".join(r["problems"]) or r["stderr"].strip().replace("\n", " ")[-140:]
            report.append(f"  [{r['outcome']}] {r['cat']}: {r['id']} (status {r['status']}, {r['seconds']} s) {why}")
    if kill_info:
        i = kill_info["info"]
        report.append("")
        report.append(f"kill trials: winnow run takes {i['run_seconds']} s, writing from {i['write_starts_at']} s to "
                      f"{i['write_ends_at']} s (its own clock), {i['write_phase_after_first_change']} s from the first change "
                      f"in the folder to its exit; "
                      f"files equal in runs A and B (not telling old from new): {i['files_equal_in_A_and_B'] or 'none'}")
        kt = kill_info["trials"]
        report.append(f"  mixed/partial out/ after the kill: {sum(r['mixed'] for r in kt)} of {len(kt)}; "
                      f"leftover temporary entries right after the kill: {sum(bool(r['leftovers']) for r in kt)} of {len(kt)}; "
                      f"still there after a later complete run: {sum(bool(r['leftovers_after_next_run']) for r in kt)} of {len(kt)}")
        for r in kt:
            report.append(f"  {r['signal']} at {r['at']} s: status {r['status']}, files {r['files']}"
                          f"{' (finished before the signal)' if r['finished_before_kill'] else ''}"
                          f"{', MIXED' if r['mixed'] else ''}; leftovers {r['leftovers'][:3]}"
                          f"{' (+%d)' % (len(r['leftovers']) - 3) if len(r['leftovers']) > 3 else ''}; "
                          f"after the next run {len(r['leftovers_after_next_run'])}")
        if kill_info["full_disk"] is None:
            report.append(f"  full disk: skipped ({kill_info['full_disk_skipped']})")
        else:
            for r in kill_info["full_disk"]:
                report.append(f"  full disk, {r['spare_kb']} KB spare: status {r['status']}, out/ old {r['old']}, "
                              f"new or partial {r['new_or_partial']}, missing {r['missing']}{', MIXED' if r['mixed'] else ''}; "
                              f"leftovers {r['leftovers']}; {r['stderr'].strip()[-100:]}")
        if kill_info["symlink"] is None:
            report.append("  symlink: skipped (no /proc/sys/kernel/ns_last_pid)")
        else:
            for r in kill_info["symlink"]:
                report.append(f"  symlink at <out>.tmp-<pid>: followed (file outside overwritten) {r['followed']}, "
                              f"pid in the planted range {r['pid_in_range']}, status {r['status']}")
    if http_info:
        res, extra = http_info["results"], http_info["extra"]
        report.append("")
        answered = [r for r in res if r["status"]]
        report.append(f"http: {len(res)} requests; server deaths {sum(r['outcome'] == 'crash' for r in res)}; "
                      f"5xx {sum(1 for r in res if r['status'] and r['status'] >= 500)}; "
                      f"exception text in the answer {sum(r['leak'] for r in res)}; wrong status "
                      f"{sum(r['outcome'] == 'bad' for r in res)}; answers missing a security header "
                      f"{sum(bool(r['missing_headers']) for r in answered)} of {len(answered)}; slowest answer "
                      f"{max((r['seconds'] for r in res if 'seconds' in r), default=0)} s")
        for r in res:
            if r["outcome"] not in ("ok", "reject", "reject_closed"):
                report.append(f"  [{r['outcome']}] ({r['label']}) {r['name']}: status {r['status']} expected "
                              f"{r.get('expected')} {r.get('answer', '')[:160]!r}")
        for k, v in extra.items():
            report.append(f"  {k}: {json.dumps(v)}")
    report.append("")
    report.append("seconds per category: " + ", ".join(f"{k} {v}" for k, v in secs.items()))
    report.append(f"details: {log_path} (one line per case), {w}/details.log")
    text = "\n".join(report)
    with open(f"{w}/summary.md", "w") as f:
        f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
