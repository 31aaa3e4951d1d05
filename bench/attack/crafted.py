"""Category 1: crafted bad inputs to the CLI (files, options, winnow.toml, model.json)."""
import csv
import gzip
import io
import json
import os
import shutil

from common import Case, FULL_DEVICE
import common


def q(value):
    """A CSV field holding value (bytes), quoted when needed."""
    if any(c in value for c in (b",", b'"', b"\n", b"\r")):
        return b'"' + value.replace(b'"', b'""') + b'"'
    return value


def replace_field(log, row, col, value, quote=True):
    lines = log.split(b"\n")
    fields = lines[row].split(b",")
    fields[col] = q(value) if quote else value
    lines[row] = b",".join(fields)
    return b"\n".join(lines)


BAD_AMOUNTS = [b"", b"abc", b"1e308", b"1e309", b"-1e309", b"1.7976931348623157e308", b"4.9e-324", b"1e-400",
               b"nan", b"NaN", b"-nan", b"inf", b"-inf", b"Infinity", b"INF", b"1.2.3", b"0x10", b"12,5x", b"1 000",
               b"+5", b"--5", b"5-", b"1e", b"1e+", b"e5", b".", b"-", b" 5", b"5 ", b"\t5", b"$5", b"5\xe2\x82\xac",
               b"\xd9\xa1\xd9\xa2", b"\xef\xbc\x91\xef\xbc\x92", b"1,2345", b"1,23", b"12,345.6", b"9" * 400,
               b"0." + b"0" * 400 + b"1", b"-0", b"1_000", b"1e99999", b"0e0", b"1.5e+308", b"\xff5", b"5\x00",
               b"=1+1", b"(5)"]
BAD_DATES = [b"", b"2024-13-01", b"2024-02-30", b"2023-02-29", b"2024-00-10", b"2024-01-00", b"2024-01-32",
             b"0000-01-01", b"0001-01-01", b"9999-12-31", b"9999-01-01", b"10000-01-01", b"-001-01-01", b"2024-1-1",
             b"2024/01/01", b"01.02.2024", b"20240101", b"2024-01-01T25:00", b"2024-01-01 garbage",
             b"2024-01-01T10:20:30Z", b"2024-01-0\xef\xbc\x91", b"1970-01-01", b"1899-12-31", b"2024-01", b"2024",
             b"24-01-01", b"2024-01-01\x00", b"\xff\xfe", b"2024-01-01x", b" 2024-01-01", b"2024-01-01 ",
             b"2024-06-31", b"1900-02-29", b"2000-02-29", b"2099-12-31", b"99999999-01-01", b"2024-W01",
             b"2024-001", b"NaN", b"NULL"]
BAD_IDS = [b"", b"NULL", b"(blank)", b"NaN", b"N/A", b"#N/A", b"None", b"null", b" ", b"x" * 4096, b"x" * 4097,
           b"x" * 100000, b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"M\xfcller",
           b"a\x00b", b"=cmd|' /C calc'!A0", b"<script>alert(1)</script>", b"\xe2\x80\xaeevil", b"a\nb", b'a"b',
           b"a,b", b"\xef\xbb\xbfC001", b"C001 ", b" C001", b"\x1b[31mred", b"../../etc/passwd", b"C\r001"]


def log_cases(cat, fx, d, base):
    """One bad field at a time, through summarize, summarize --on-bad-row skip and describe."""
    files = []
    for col, values, what in [(2, BAD_AMOUNTS, "amount"), (1, BAD_DATES, "date"), (0, BAD_IDS, "id")]:
        for k, v in enumerate(values):
            data = replace_field(base, 9, col, v)
            # amounts like 1e308: a second one for the same customer (the sum overflows)
            if what == "amount" and v in (b"1e308", b"1.7976931348623157e308", b"1.5e+308"):
                row9_id = base.split(b"\n")[9].split(b",")[0]
                data = data.rstrip(b"\n") + b"\n" + row9_id + b",2025-01-02," + v + b"\n"
            files.append((f"{what}{k:02d}", data))
    return files


def structure_files(base):
    lines = base.split(b"\n")
    head, body = lines[0], lines[1:]
    f = []
    f.append(("empty", b""))
    f.append(("newline_only", b"\n"))
    f.append(("header_only", head + b"\n"))
    f.append(("header_no_newline", head))
    f.append(("one_row", head + b"\n" + body[0] + b"\n"))
    f.append(("bom", b"\xef\xbb\xbf" + base))
    f.append(("double_bom", b"\xef\xbb\xbf\xef\xbb\xbf" + base))
    f.append(("utf16le", b"\xff\xfe" + base.decode().encode("utf-16-le")))
    f.append(("utf16be", b"\xfe\xff" + base.decode().encode("utf-16-be")))
    f.append(("utf32", base.decode().encode("utf-32")))
    f.append(("crlf", base.replace(b"\n", b"\r\n")))
    f.append(("cr_only", base.replace(b"\n", b"\r")))
    f.append(("mixed_eol", b"".join(l + (b"\r\n" if i % 2 else b"\n") for i, l in enumerate(lines))))
    f.append(("blank_lines", base.replace(b"\n", b"\n\n")))
    f.append(("space_lines", base.replace(b"\n", b"\n   \n", 5)))
    f.append(("extra_field", replace_field(base, 5, 2, b"5,6", quote=False)))
    f.append(("missing_field", b"\n".join(lines[:5] + [b"C001,2024-01-05"] + lines[6:])))
    f.append(("unclosed_quote_last", base.rstrip(b"\n") + b'\nC001,2024-02-02,"12.5\n'))
    f.append(("unclosed_quote_last_noeol", base.rstrip(b"\n") + b'\nC001,2024-02-02,"12.5'))
    f.append(("unclosed_quote_mid", replace_field(base, 20, 0, b'"C001', quote=False)))
    f.append(("stray_quote", replace_field(base, 20, 0, b'C0"01', quote=False)))
    f.append(("junk_after_quote", replace_field(base, 20, 0, b'"C001"x', quote=False)))
    f.append(("quoted_newline_id", replace_field(base, 20, 0, b'"C0\n01"', quote=False)))
    f.append(("only_quotes", head + b"\n" + b'"""""""""""""""""""\n'))
    f.append(("nul_bytes", base[:200] + b"\x00" * 50 + base[200:]))
    f.append(("binary", bytes(range(256)) * 40))
    f.append(("long_field", replace_field(base, 5, 0, b"A" * (10 * 1024 * 1024))))
    f.append(("long_line_unquoted", head + b"\n" + b"x" * (20 * 1024 * 1024) + b"\n"))
    f.append(("many_columns", b",".join(b"c%d" % i for i in range(100000)) + b"\n" + base))
    f.append(("header_missing_amount", base.replace(b"amount", b"amt", 1)))
    f.append(("header_dup", base.replace(b"amount", b"date", 1)))
    f.append(("header_space", base.replace(b"amount", b" amount", 1)))
    f.append(("header_quoted", base.replace(head, b'"customer_id","date","amount"', 1)))
    f.append(("header_latin1", base.replace(b"amount", b"betr\xe4g", 1)))
    f.append(("semicolon_file", base.replace(b",", b";")))
    f.append(("tabs", base.replace(b",", b"\t")))
    f.append(("html", b"<html><body>404 Not Found</body></html>\n"))
    f.append(("json", b'{"customer_id": "C001", "date": "2024-01-01", "amount": 5}\n'))
    f.append(("all_one_time", head + b"\n" + b"".join(b"C%03d,2024-01-%02d,10.00\n" % (i, 1 + i % 28) for i in range(50))))
    f.append(("all_same_day", head + b"\n" + b"".join(b"C%03d,2024-03-01,10.00\n" % i for i in range(50))))
    f.append(("all_returns", head + b"\n" + b"".join(b"C%03d,2024-01-%02d,-10.00\n" % (i, 1 + i % 28) for i in range(50))))
    f.append(("year_9999", base.rstrip(b"\n") + b"\nC001,9999-12-31,10.00\n"))
    f.append(("year_1", head + b"\nC001,0001-01-01,10.00\n" + b"\n".join(lines[1:])))
    f.append(("span_1_to_9999", head + b"\nC001,0001-01-01,10.00\nC001,9999-12-31,10.00\nC002,5000-01-01,1\n"))
    f.append(("gzip_empty", gzip.compress(b"")))
    f.append(("gzip_header_only", gzip.compress(head + b"\n")))
    f.append(("gzip_multimember", gzip.compress(base[:len(base) // 2]) + gzip.compress(base[len(base) // 2:])))
    f.append(("gzip_trailing_junk", gzip.compress(base) + b"junk"))
    f.append(("gzip_bad_crc", gzip.compress(base)[:-8] + b"\x00\x00\x00\x00" + gzip.compress(base)[-4:]))
    f.append(("gzip_bomb", gzip.compress(head + b"\n" + b"C001,2024-01-01,1\n" * 2 + b"\n" * (200 * 1024 * 1024))))
    f.append(("bzip2_magic", b"BZh91AY&SY" + b"\x00" * 100))
    f.append(("zip_magic", b"PK\x03\x04" + b"\x00" * 100))
    return f


def cases(fx, w):
    cat = "1 crafted"
    d = f"{w}/crafted"
    os.makedirs(d, exist_ok=True)
    base = open(fx["log"], "rb").read()
    out = f"{d}/out"
    os.makedirs(out, exist_ok=True)
    cs = []
    n = [0]

    def add(cid, argv, names=(), outputs=(), **kw):
        n[0] += 1
        cs.append(Case(cat, cid, argv, names=names, outputs=outputs, **kw))

    W = fx["winnow"]

    # --- transaction logs: one bad field, and broken structure, through three commands
    for name, data in log_cases(cat, fx, d, base) + structure_files(base):
        path = f"{d}/{name}.csv"
        with open(path, "wb") as f:
            f.write(data)
        o = f"{out}/{name}"
        add(f"log/{name}/summarize", [W, "--quiet", "summarize", "-t", path, "--out", o + ".sum.csv"],
            names=[f"{name}.csv"], outputs=[o + ".sum.csv"])
        add(f"log/{name}/summarize-skip", [W, "--quiet", "summarize", "-t", path, "--on-bad-row", "skip", "--out",
                                          o + ".skip.csv"], names=[f"{name}.csv"], outputs=[o + ".skip.csv"])
        add(f"log/{name}/describe", [W, "describe", "-t", path, "--json", o + ".desc.json"], names=[f"{name}.csv"],
            outputs=[o + ".desc.json"])
    # the same structures through fit and predict (the crash on unclosed quotes, one-time buyers)
    for name in ["empty", "header_only", "one_row", "unclosed_quote_last", "all_one_time", "all_same_day",
                 "all_returns", "year_9999", "year_1", "span_1_to_9999", "amount02", "amount03", "id13", "date09"]:
        path = f"{d}/{name}.csv"
        for model in ["bgnbd", "pnbd", "gg"]:
            add(f"log/{name}/fit-{model}", [W, "--quiet", "fit", "--model", model, "-t", path, "--out",
                                          f"{out}/{name}.{model}.json"], names=[f"{name}.csv"],
                outputs=[f"{out}/{name}.{model}.json"])
        if fx["bgnbd"]:
            add(f"log/{name}/predict", [W, "--quiet", "predict", "--model", fx["bgnbd"], "-t", path, "--horizon", "52",
                                        "--out", f"{out}/{name}.pred.csv"], names=[f"{name}.csv"],
                outputs=[f"{out}/{name}.pred.csv"])
        add(f"log/{name}/skip-fit", [W, "--quiet", "fit", "--model", "bgnbd", "-t", path, "--on-bad-row", "skip",
                                    "--out", f"{out}/{name}.skipfit.json"], names=[f"{name}.csv"],
            outputs=[f"{out}/{name}.skipfit.json"])

    # --- files that are not files
    for name, path in [("missing", f"{d}/does-not-exist.csv"), ("directory", d), ("devnull", "/dev/null"),
                       ("glob_nothing", f"{d}/nothing-*.csv"), ("dev_zero_like", "/proc/self/status")]:
        add(f"path/{name}", [W, "--quiet", "summarize", "-t", path, "--out", f"{out}/p_{name}.csv"],
            names=[os.path.basename(path), path], outputs=[f"{out}/p_{name}.csv"])

    # --- reading options
    log = fx["log"]
    opt = [
        ("delimiter", ["--delimiter", ""]), ("delimiter", ["--delimiter", "ab"]), ("delimiter", ["--delimiter", '"']),
        ("delimiter", ["--delimiter", "\n"]), ("delimiter", ["--delimiter", "é"]), ("delimiter", ["--delimiter", "."]),
        ("delimiter", ["--delimiter", "-"]), ("delimiter", ["--delimiter", "whitespace"]),
        ("date-format", ["--date-format", ""]), ("date-format", ["--date-format", "%Y"]),
        ("date-format", ["--date-format", "%Q"]), ("date-format", ["--date-format", "%Y%Y%m%d"]),
        ("date-format", ["--date-format", "%"]), ("date-format", ["--date-format", "%Y-%m-%d" * 1000]),
        ("date-format", ["--date-format", "%d.%m.%Y"]), ("date-format", ["--date-format", "%H:%M"]),
        ("time-unit", ["--time-unit", "year"]), ("time-unit", ["--time-unit", ""]), ("time-unit", ["--time-unit", "0"]),
        ("observation-end", ["--observation-end", "2024-13-01"]), ("observation-end", ["--observation-end", "9999-12-31"]),
        ("observation-end", ["--observation-end", "0001-01-01"]), ("observation-end", ["--observation-end", "1990-01-01"]),
        ("observation-end", ["--observation-end", "tomorrow"]), ("observation-end", ["--observation-end", ""]),
        ("calibration-end", ["--calibration-end", "2030-01-01"]), ("calibration-end", ["--calibration-end", "1990-01-01"]),
        ("calibration-end", ["--calibration-end", "2025-12-31", "--observation-end", "2025-12-31"]),
        ("calibration-end", ["--calibration-end", "2025-06-01", "--observation-end", "2025-01-01"]),
        ("calibration-end", ["--calibration-end", "9999-12-31", "--observation-end", "9999-12-31"]),
        ("threads", ["--threads", "4611686018427387904"]), ("threads", ["--threads", "18446744073709551615"]),
        ("threads", ["--threads", "18446744073709551616"]), ("threads", ["--threads", "-1"]),
        ("threads", ["--threads", "1e3"]), ("threads", ["--threads", "100000"]), ("threads", ["--threads", "nan"]),
        ("customer-col", ["--customer-col", "nope"]), ("customer-col", ["--customer-col", ""]),
        ("customer-col", ["--customer-col", "date"]), ("customer-col", ["--no-header", "--customer-col", "0"]),
        ("customer-col", ["--no-header", "--customer-col", "99999"]),
        ("customer-col", ["--no-header", "--customer-col", "-1"]),
        ("customer-col", ["--no-header", "--customer-col", "1e9"]),
        ("customer-col", ["--no-header", "--customer-col", "18446744073709551617"]),
        ("amount-col", ["--amount-col", "date"]), ("amount-col", ["--amount-col", "customer_id"]),
        ("quantity-col", ["--quantity-col", "amount"]), ("price-col", ["--price-col", "amount"]),
        ("quantity-col", ["--quantity-col", "amount", "--price-col", "amount", "--amount-col", "amount"]),
        ("on-bad-row", ["--on-bad-row", "ignore"]), ("decimal-comma", ["--decimal-comma"]),
        ("decimal-comma", ["--decimal-comma", "--delimiter", "comma"]),
        ("out", ["--out", ""]), ("out", ["--out", d]), ("out", ["--out", f"{d}/no/such/dir/x.csv"]),
    ]
    for k, (name, args) in enumerate(opt):
        if "--out" in args:
            argv = [W, "--quiet", "summarize", "-t", log, *args]
            outputs = []
        else:
            argv = [W, "--quiet", "summarize", "-t", log, *args, "--out", f"{out}/opt{k}.csv"]
            outputs = [f"{out}/opt{k}.csv"]
        add(f"opt/summarize/{k:02d}-{name}", argv, names=[f"--{name}", name, os.path.basename(log)],
            outputs=outputs)
        if k % 3 == 0 and "--out" not in args:
            add(f"opt/describe/{k:02d}-{name}", [W, "describe", "-t", log, *args],
                names=[f"--{name}", name, os.path.basename(log)])

    cs += simulate_cases(cat, W, d, out, fx)
    cs += fit_cases(cat, W, d, out, fx)
    cs += predict_cases(cat, W, d, out, fx)
    cs += misc_cases(cat, W, d, out, fx)
    cs += write_cases(cat, W, d, out, fx)
    return cs


def roundtrip(kind):
    """A validator: winnow's own reader must accept what simulate wrote."""
    def check(case, stdout):
        path = case.outputs[0]
        if not os.path.isfile(path):
            return []
        if kind == "log":
            argv = [case.argv[0], "--quiet", "summarize", "-t", path, "--out", path + ".rt.csv"]
        else:
            argv = [case.argv[0], "--quiet", "fit", "--model", kind, "--summary", path, "--out", path + ".rt.json"]
        status, _, err, _, timed_out = common.run(argv)
        if timed_out or status != 0 and status != 4:
            return [f"winnow's own reader rejects the output: {err.decode('utf-8', 'replace')[:120]}"]
        return []
    return check


def simulate_cases(cat, W, d, out, fx):
    cs = []
    bad = [
        ("customers", ["--customers", "0"]), ("customers", ["--customers", "-5"]),
        ("customers", ["--customers", "nan"]), ("customers", ["--customers", "100000000000"]),
        ("customers", ["--customers", "18446744073709551615"]),
        ("periods", ["--model", "bgbb", "--periods", "0"]), ("periods", ["--model", "bgbb", "--periods", "4000000000"]),
        ("periods", ["--model", "sbg", "--periods", "0"]), ("periods", ["--model", "sbg", "--periods", "1000000000"]),
        ("params", ["--params", "r=-1,alpha=4,a=0.8,b=2.4"]), ("params", ["--params", "r=nan,alpha=4,a=0.8,b=2.4"]),
        ("params", ["--params", "r=inf,alpha=4,a=0.8,b=2.4"]), ("params", ["--params", "r=0,alpha=4,a=0.8,b=2.4"]),
        ("params", ["--params", "r=1e308,alpha=1e-308,a=0.8,b=2.4"]), ("params", ["--params", "r=0.2"]),
        ("params", ["--params", "r=0.2,alpha=4,a=0.8,b=2.4,zeta=1"]), ("params", ["--params", "garbage"]),
        ("params", ["--params", ""]), ("params", ["--params", "r=0.2,r=0.3,alpha=4,a=0.8,b=2.4"]),
        ("params", ["--params", "r=1e3,alpha=1e-3,a=0.8,b=2.4"]),
        ("params", ["--model", "pnbd", "--params", "r=0.5,alpha=10,s=-1,beta=11"]),
        ("params", ["--model", "bgbb", "--params", "alpha=nan,beta=1,gamma=1,delta=1"]),
        ("params", ["--model", "sbg", "--params", "alpha=0,beta=1"]),
        ("spend-params", ["--spend-params", "p=-1,q=3,gamma=15"]), ("spend-params", ["--spend-params", "p=nan,q=3,gamma=15"]),
        ("spend-params", ["--spend-params", "p=6,q=0.5,gamma=15"]), ("spend-params", ["--spend-params", "p=1e308,q=3,gamma=1e308"]),
        ("start", ["--start", "9999-12-01"]), ("start", ["--start", "9999-01-01"]), ("start", ["--start", "0001-01-01"]),
        ("start", ["--start", "2024-02-30"]), ("start", ["--start", ""]),
        ("cohort-length", ["--cohort-length", "nan"]), ("cohort-length", ["--cohort-length", "-1"]),
        ("cohort-length", ["--cohort-length", "0"]), ("cohort-length", ["--cohort-length", "1e9"]),
        ("cohort-length", ["--cohort-length", "inf"]), ("cohort-length", ["--cohort-length", "100", "--observation-length", "10"]),
        ("observation-length", ["--observation-length", "1e9"]), ("observation-length", ["--observation-length", "nan"]),
        ("observation-length", ["--observation-length", "0"]), ("observation-length", ["--observation-length", "-1"]),
        ("observation-length", ["--observation-length", "inf"]), ("observation-length", ["--observation-length", "1e308"]),
        ("observation-length", ["--observation-length", "500000", "--time-unit", "day"]),
        ("time-unit", ["--time-unit", "fortnight"]), ("seed", ["--seed", "-1"]), ("seed", ["--seed", "99999999999999999999"]),
        ("id-prefix", ["--id-prefix", "a,b"]), ("id-prefix", ["--id-prefix", 'q"q']), ("id-prefix", ["--id-prefix", "n\nl"]),
        ("id-prefix", ["--id-prefix", ""]), ("id-prefix", ["--id-prefix", "x" * 5000]), ("id-prefix", ["--id-prefix", "NULL"]),
        ("id-prefix", ["--id-prefix", "\udcff"]), ("threads", ["--threads", "4611686018427387904"]),
        ("model", ["--model", "gg"]),
    ]
    for k, (name, args) in enumerate(bad):
        model = args[args.index("--model") + 1] if "--model" in args else "bgnbd"
        path = f"{out}/sim{k}.csv"
        argv = [W, "--quiet", "simulate", "--customers", "200", *args, "--seed", "3", "--out", path]
        if "--customers" in args:
            argv = [W, "--quiet", "simulate", *args, "--seed", "3", "--out", path]
        argv = [a.encode("utf-8", "surrogateescape") if isinstance(a, str) else a for a in argv]
        kind = {"bgbb": "bgbb", "sbg": "sbg"}.get(model, "log")
        cs.append(Case(cat, f"simulate/{k:02d}-{name}", argv,
                       names=[f"--{name}", name, name.replace("-", " ")] + (["parameter"] if "params" in name else []),
                       outputs=[path],
                       validators=[roundtrip(kind)]))
    # scenario
    for k, args in enumerate([["--scenario", "retail"], ["--scenario", "pharma", "--customers", "0"],
                              ["--scenario", "pharma", "--customers", "1"],
                              ["--scenario", "pharma", "--customers", "4000000000"],
                              ["--scenario", "pharma", "--start", "9999-01-01"]]):
        proj = f"{out}/scenario{k}"
        shutil.rmtree(proj, ignore_errors=True)
        cs.append(Case(cat, f"simulate/scenario{k}", [W, "--quiet", "simulate", *args, "--seed", "1", "--out", proj],
                       names=["--scenario", "--customers", "--start", "customers", "start"],
                       outputs=[f"{proj}/data/transactions.csv", f"{proj}/data/customers.csv"]))
    return cs


SUMMARY_BAD = [("frequency", v) for v in ["-1", "1.5", "nan", "inf", "1e308", "", "x", "4294967296"]] + \
              [("recency", v) for v in ["-1", "nan", "1000", "inf", ""]] + \
              [("T", v) for v in ["0", "-1", "nan", "inf", "1e308", ""]] + \
              [("monetary_value", v) for v in ["-1", "nan", "inf", "1e308", "0"]] + \
              [("weights", v) for v in ["0", "-1", "nan", "inf", "1e308", "1e-308", "0.5"]]


def fit_cases(cat, W, d, out, fx):
    cs = []
    rows = open(fx["summary"]).read().splitlines()
    head = rows[0].split(",")
    for k, (col, val) in enumerate(SUMMARY_BAD):
        h = head + (["weights"] if col == "weights" else [])
        body = [r.split(",") + (["1"] if col == "weights" else []) for r in rows[1:]]
        body[4][h.index(col)] = val  # row 5 has a repeat purchase? choose any; the value is what counts
        if col in ("recency", "monetary_value"):
            for r in body:
                if r[1] != "0":
                    r[h.index(col)] = val
                    break
        path = f"{d}/summary_{k:02d}_{col}.csv"
        with open(path, "w") as f:
            f.write(",".join(h) + "\n" + "\n".join(",".join(r) for r in body) + "\n")
        for model in ["bgnbd", "pnbd", "gg"]:
            cs.append(Case(cat, f"fit/{model}/{col}={val or 'empty'}", [W, "--quiet", "fit", "--model", model, "--summary",
                                                                     path, "--out", f"{out}/fit{k}.{model}.json"],
                           names=[os.path.basename(path)], outputs=[f"{out}/fit{k}.{model}.json"]))
        if fx["bgnbd"]:
            cs.append(Case(cat, f"predict-summary/{col}={val or 'empty'}",
                           [W, "--quiet", "predict", "--model", fx["bgnbd"], "--summary", path, "--horizon", "10", "--out",
                            f"{out}/ps{k}.csv"], names=[os.path.basename(path)], outputs=[f"{out}/ps{k}.csv"]))
    # whole-file summary cases
    whole = {
        "sum_header_only": "customer_id,frequency,recency,T,monetary_value\n",
        "sum_one_row": "customer_id,frequency,recency,T,monetary_value\nA,2,10,20,30\n",
        "sum_all_zero": "customer_id,frequency,recency,T,monetary_value\n" + "".join(f"A{i},0,0,{20+i},0\n" for i in range(50)),
        "sum_missing_T": "customer_id,frequency,recency\nA,1,2\n",
        "sum_dup_col": "customer_id,frequency,frequency,recency,T\nA,1,1,2,3\n",
        "sum_empty": "",
        "sum_identical": "customer_id,frequency,recency,T,monetary_value\n" + "".join(f"A{i},3,10,20,30\n" for i in range(100)),
        "sum_huge_T": "customer_id,frequency,recency,T,monetary_value\n" + "".join(f"A{i},{i%5},{(i%5)*1e7},1e8,30\n" for i in range(100)),
        "sum_tiny_T": "customer_id,frequency,recency,T,monetary_value\n" + "".join(f"A{i},{i%5},{(i%5)*1e-9},1e-8,30\n" for i in range(100)),
        "sum_huge_freq": "customer_id,frequency,recency,T,monetary_value\n" + "".join(f"A{i},{1000000*(i%3)},{i%3*5},20,30\n" for i in range(100)),
    }
    for name, text in whole.items():
        path = f"{d}/{name}.csv"
        with open(path, "w") as f:
            f.write(text)
        for model in ["bgnbd", "mbgnbd", "pnbd", "gg"]:
            cs.append(Case(cat, f"fit/{model}/{name}", [W, "--quiet", "fit", "--model", model, "--summary", path, "--out",
                                                      f"{out}/{name}.{model}.json"],
                           names=[f"{name}.csv"], outputs=[f"{out}/{name}.{model}.json"]))
    # BG/BB and shifted-BG summaries
    bgbb = {"bgbb_freq_gt_rec": "frequency,recency,periods\n3,2,6\n" + "1,1,6\n" * 20,
            "bgbb_rec_gt_periods": "frequency,recency,periods\n1,7,6\n" + "1,1,6\n" * 20,
            "bgbb_nan": "frequency,recency,periods\nnan,1,6\n" + "1,1,6\n" * 20,
            "bgbb_periods_huge": "frequency,recency,periods\n1,1,4000000000\n" + "1,1,6\n" * 20,
            "bgbb_periods_zero": "frequency,recency,periods\n0,0,0\n" + "1,1,6\n" * 20,
            "bgbb_frac": "frequency,recency,periods\n1.5,2,6\n" + "1,1,6\n" * 20,
            "bgbb_header_only": "frequency,recency,periods\n",
            "bgbb_all_zero": "frequency,recency,periods\n" + "0,0,6\n" * 30,
            "bgbb_all_full": "frequency,recency,periods\n" + "6,6,6\n" * 30}
    sbg = {"sbg_duration0": "duration,churned\n0,1\n" + "3,1\n2,0\n" * 20,
           "sbg_duration0_alive": "duration,churned\n0,0\n" + "3,1\n2,0\n" * 20,
           "sbg_duration_neg": "duration,churned\n-1,1\n" + "3,1\n2,0\n" * 20,
           "sbg_churned2": "duration,churned\n3,2\n" + "3,1\n2,0\n" * 20,
           "sbg_nan": "duration,churned\nnan,1\n" + "3,1\n2,0\n" * 20,
           "sbg_huge": "duration,churned\n4000000000,1\n" + "3,1\n2,0\n" * 20,
           "sbg_frac": "duration,churned\n2.5,1\n" + "3,1\n2,0\n" * 20,
           "sbg_header_only": "duration,churned\n",
           "sbg_none_churned": "duration,churned\n" + "3,0\n" * 30,
           "sbg_all_churned_1": "duration,churned\n" + "1,1\n" * 30,
           "sbg_only_duration0": "duration,churned\n" + "0,1\n" * 30}
    for name, text in list(bgbb.items()) + list(sbg.items()):
        model = "bgbb" if name.startswith("bgbb") else "sbg"
        path = f"{d}/{name}.csv"
        with open(path, "w") as f:
            f.write(text)
        cs.append(Case(cat, f"fit/{model}/{name}", [W, "--quiet", "fit", "--model", model, "--summary", path, "--out",
                                                  f"{out}/{name}.json"], names=[f"{name}.csv"], outputs=[f"{out}/{name}.json"]))
        if fx[model]:
            cs.append(Case(cat, f"predict/{model}/{name}", [W, "--quiet", "predict", "--model", fx[model], "--summary", path,
                                                          "--horizon", "5", "--out", f"{out}/{name}.pred.csv"],
                           names=[f"{name}.csv"], outputs=[f"{out}/{name}.pred.csv"]))
    for k, args in enumerate([["--penalizer", "nan"], ["--penalizer", "inf"], ["--penalizer", "1e308"], ["--penalizer", "-1"],
                              ["--penalizer", "1e-320"], ["--model", "foo"], ["--model", ""], ["--model", "bgbb"],
                              ["--model", "sbg"]]):
        argv = [W, "--quiet", "fit"] + ([] if "--model" in args else ["--model", "bgnbd"]) + args + \
               ["--summary", fx["summary"], "--out", f"{out}/fitopt{k}.json"]
        cs.append(Case(cat, f"fit/opt{k}", argv, names=[args[0], args[0][2:]], outputs=[f"{out}/fitopt{k}.json"]))
    return cs


def not_all_zero(column):
    def check(case, stdout):
        path = case.outputs[0]
        if not os.path.isfile(path):
            return []
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            rows = list(csv.DictReader(f))
        for col in (column, "expected_purchases", "expected_periods"):
            if rows and col in rows[0] and all(float(r[col] or 0) == 0 for r in rows):
                return [f"{col} is 0 for every row"]
        return []
    return check


def no_negative(case, stdout):
    """A distribution's probabilities and expected counts are >= 0."""
    for line in stdout.decode("utf-8", "replace").splitlines()[1:]:
        for field in line.split(",")[1:]:
            try:
                if float(field) < 0:
                    return [f"negative number {field} in the output"]
            except ValueError:
                pass
    return []


def bad_models(d, fx):
    good = json.load(open(fx["bgnbd"])) if fx["bgnbd"] else {"model": "bgnbd", "params": {"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.4}}
    m = {}
    m["empty"] = ""
    m["not_json"] = "this is not json"
    m["truncated"] = json.dumps(good)[:40]
    m["object_empty"] = "{}"
    m["array"] = "[]"
    m["null"] = "null"
    m["bom"] = "\ufeff" + json.dumps(good)
    m["trailing"] = json.dumps(good) + " garbage"
    m["deep"] = "[" * 100000 + "]" * 100000
    m["deep_obj"] = '{"a":' * 50000 + "1" + "}" * 50000

    def variant(name, **change):
        g = json.loads(json.dumps(good))
        for k, v in change.items():
            if k.startswith("p_"):
                g["params"][k[2:]] = v
            elif v is None:
                g.pop(k, None)
            else:
                g[k] = v
        m[name] = json.dumps(g, allow_nan=True)
    variant("model_unknown", model="xyz")
    variant("model_gg", model="gg")
    variant("model_number", model=5)
    variant("params_missing", params=None)
    variant("params_string", params="r=1")
    variant("p_r_neg", p_r=-1.0)
    variant("p_r_zero", p_r=0.0)
    variant("p_r_nan", p_r=float("nan"))
    variant("p_r_inf", p_r=float("inf"))
    variant("p_r_huge", p_r=1e308)
    variant("p_alpha_tiny", p_alpha=1e-308)
    variant("p_r_string", p_r="0.24")
    variant("p_a_null", p_a=None)
    variant("p_extra", p_zeta=1.0)
    variant("time_unit_bad", time_unit="fortnight")
    variant("time_unit_missing", time_unit=None)
    variant("n_customers_neg", n_customers=-5)
    m["dup_keys"] = json.dumps(good)[:-1] + ', "model": "pnbd"}'
    m["latin1"] = json.dumps(good).replace('"week"', '"w\xe9ek"').encode("latin-1").decode("latin-1")
    paths = {}
    for k, text in m.items():
        path = f"{d}/model_{k}.json"
        with open(path, "w", encoding="latin-1" if k == "latin1" else "utf-8") as f:
            f.write(text)
        paths[k] = path
    return paths


def predict_cases(cat, W, d, out, fx):
    cs = []
    log = fx["log"]
    for k, path in bad_models(d, fx).items():
        cs.append(Case(cat, f"predict/model/{k}", [W, "--quiet", "predict", "--model", path, "-t", log, "--horizon", "10",
                                                 "--out", f"{out}/pm_{k}.csv"], names=[os.path.basename(path)],
                       outputs=[f"{out}/pm_{k}.csv"]))
        if k in ("truncated", "p_r_nan", "model_unknown", "deep", "p_r_huge", "empty"):
            cs.append(Case(cat, f"distribution/model/{k}", [W, "distribution", "--model", path, "--horizon", "10"],
                           names=[os.path.basename(path)], stdout_kind="csv"))
            cs.append(Case(cat, f"predict/spend-model/{k}", [W, "--quiet", "predict", "--model", fx["bgnbd"], "--spend-model",
                                                           path, "-t", log, "--horizon", "10", "--out",
                                                           f"{out}/psm_{k}.csv"], names=[os.path.basename(path)],
                           outputs=[f"{out}/psm_{k}.csv"]))
    opts = [("horizon", v) for v in ["0", "-1", "nan", "inf", "1e9", "3e9", "1e308", "1e-300", "x"]] + \
           [("discount-rate", v) for v in ["-1", "-0.5", "nan", "inf", "1e308", "-1e-9", "-2"]] + \
           [("margin", v) for v in ["1e308", "nan", "-1", "inf", "0"]]
    for model in ["bgnbd", "pnbd", "mbgnbd"]:
        if not fx[model]:
            continue
        for name, v in opts:
            args = ["--horizon", v] if name == "horizon" else ["--horizon", "52", f"--{name}", v]
            p = f"{out}/pr_{model}_{name}_{v}.csv"
            cs.append(Case(cat, f"predict/{model}/{name}={v}", [W, "--quiet", "predict", "--model", fx[model], "--spend-model",
                                                              fx["gg"], "-t", log, *args, "--out", p],
                           names=[f"--{name}"], outputs=[p],
                           validators=[not_all_zero("expected_purchases")] if (name, v) != ("horizon", "0") else []))
        p = f"{out}/pr_{model}_lifetime.csv"
        cs.append(Case(cat, f"predict/{model}/lifetime", [W, "--quiet", "predict", "--model", fx[model], "-t", log,
                                                        "--horizon", "52", "--lifetime", "--out", p],
                       names=["--lifetime", "--discount-rate"], outputs=[p]))
    uopts = [("horizon", v) for v in ["0", "-1", "nan", "1e9", "3e9", "1e308", "4294967296"]] + \
            [("unit-value", v) for v in ["nan", "inf", "-1", "1e308"]] + \
            [("discount-rate", v) for v in ["-1", "nan", "1e308"]]
    for model in ["bgbb", "sbg"]:
        if not fx[model]:
            continue
        for name, v in uopts:
            args = ["--horizon", v] if name == "horizon" else ["--horizon", "5", f"--{name}", v]
            p = f"{out}/pr_{model}_{name}_{v}.csv"
            col = "expected_transactions" if model == "bgbb" else "expected_renewals"
            summ = fx[f"{model}_summary"]
            cs.append(Case(cat, f"predict/{model}/{name}={v}", [W, "--quiet", "predict", "--model", fx[model], "--summary",
                                                              summ, *args, "--unit-value", "10", "--out", p]
                           if name != "unit-value" else
                           [W, "--quiet", "predict", "--model", fx[model], "--summary", summ, *args, "--out", p],
                           names=[f"--{name}"], outputs=[p],
                           validators=[not_all_zero(col)] if (name, v) != ("horizon", "0") else []))
        cs.append(Case(cat, f"predict/{model}/with-transactions", [W, "--quiet", "predict", "--model", fx[model], "-t", log,
                                                                 "--horizon", "5", "--out", f"{out}/pr_{model}_tx.csv"],
                       names=["--summary", "--transactions", "summary"], outputs=[f"{out}/pr_{model}_tx.csv"]))
    # the model files fitted on the summaries: the bgbb/sbg summaries live under the fixtures' names
    # distribution
    if fx["bgnbd"]:
        for name, v in [("customers", "nan"), ("customers", "-5"), ("customers", "inf"), ("customers", "1e308"),
                        ("customers", "0"), ("max", "0"), ("max", "-1"), ("max", "100000"), ("max", "100001"),
                        ("max", "99999"), ("horizon", "0"), ("horizon", "-1"), ("horizon", "nan"), ("horizon", "1e9"),
                        ("horizon", "inf"), ("horizon", "1e308")]:
            args = ["--horizon", v] if name == "horizon" else ["--horizon", "52", f"--{name}", v]
            cs.append(Case(cat, f"distribution/{name}={v}", [W, "distribution", "--model", fx["bgnbd"], *args],
                           names=[f"--{name}"], stdout_kind="csv", validators=[no_negative]))
        for m in ["pnbd", "gg", "sbg"]:
            if fx[m]:
                cs.append(Case(cat, f"distribution/model-{m}", [W, "distribution", "--model", fx[m], "--horizon", "10"],
                               names=["--model", os.path.basename(fx[m])], stdout_kind="csv"))
    # compare
    for k, args in enumerate([["--models", ""], ["--models", "bgnbd,bgnbd"], ["--models", "foo"], ["--models", "gg"],
                              ["--models", "sbg"], ["--models", "bgnbd,,pnbd"], ["--calibration-end", "2030-01-01"],
                              ["--calibration-end", "1990-01-01"], ["--penalizer", "nan"], ["--penalizer", "-1"],
                              ["--models", "bgnbd,pnbd", "--calibration-end", "2024-01-02"]]):
        argv = [W, "--quiet", "compare", "-t", log, *args] + ([] if "--calibration-end" in args else
                                                              ["--calibration-end", "2025-01-01"]) + ["--out", f"{out}/cmp{k}.json"]
        cs.append(Case(cat, f"compare/{k:02d}", argv, names=[args[0], args[0][2:]], outputs=[f"{out}/cmp{k}.json"]))
    return cs


TOML = """[input]
transactions = "{data}/transactions.csv"
customers = "{data}/customers.csv"
referrals = "{data}/referrals.csv"

[period]
time_unit = "week"
observation_end = "2026-09-30"

[value]
horizon = "52 weeks"
annual_discount_rate = 0.10
margin = 0.30
"""


# a winnow.toml error is located when it names the file, or the key (input.x, value.horizon, ...), or the
# file the key names
TOML_NAMES = ["winnow.toml", "nope.csv", "none-*.csv", "input.", "period.", "value.", "model.", "tiers.", "alerts.",
              "reference.", "run.", "output.", "evaluation.", "referrals.", "key_accounts."]


def misc_cases(cat, W, d, out, fx):
    """winnow.toml, the project's tables, serve and report options."""
    cs = []
    pharma = fx["pharma"]
    data = f"{pharma}/data"
    base = TOML.format(data=data)
    variants = {
        "syntax_eq": base + "x =\n", "syntax_bracket": base + "[value\n", "syntax_string": base.replace('"week"', '"week'),
        "unknown_key": base + "[value]\nfoo = 1\n", "unknown_table": base + "[nonsense]\na = 1\n",
        "dup_table": base + "[period]\ntime_unit = \"day\"\n", "dup_key": base.replace("margin = 0.30", "margin = 0.30\nmargin = 0.4"),
        "wrong_type_margin": base.replace("margin = 0.30", 'margin = "high"'),
        "wrong_type_transactions": base.replace(f'transactions = "{data}/transactions.csv"', "transactions = 5"),
        "no_transactions": base.replace(f'transactions = "{data}/transactions.csv"\n', ""),
        "missing_log": base.replace("transactions.csv", "nope.csv"), "glob_nothing": base.replace("transactions.csv", "none-*.csv"),
        "empty_toml": "", "binary_toml": "\x00\x01\x02", "bom_toml": "\ufeff" + base,
        "latin1_toml": base + "# caf\udce9\n",
        "deep_toml": base + "x = " + "[" * 10000 + "]" * 10000 + "\n",
        "time_unit_bad": base.replace('time_unit = "week"', 'time_unit = "year"'),
        "obs_end_bad": base.replace('"2026-09-30"', '"2026-02-30"'), "obs_end_9999": base.replace('"2026-09-30"', '"9999-12-31"'),
        "obs_end_0001": base.replace('"2026-09-30"', '"0001-01-01"'), "obs_end_before": base.replace('"2026-09-30"', '"2020-01-01"'),
        "cal_after_obs": base.replace('observation_end = "2026-09-30"', 'observation_end = "2026-09-30"\ncalibration_end = "2027-01-01"'),
        "cal_before_data": base.replace('observation_end = "2026-09-30"', 'observation_end = "2026-09-30"\ncalibration_end = "2020-01-01"'),
        "holdout_zero": base.replace('observation_end = "2026-09-30"', 'observation_end = "2026-09-30"\nholdout = "0 days"'),
        "holdout_neg": base.replace('observation_end = "2026-09-30"', 'observation_end = "2026-09-30"\nholdout = "-3 weeks"'),
        "holdout_huge": base.replace('observation_end = "2026-09-30"', 'observation_end = "2026-09-30"\nholdout = "100 years"'),
        "horizon_zero": base.replace('"52 weeks"', '"0 weeks"'), "horizon_neg": base.replace('"52 weeks"', '"-52 weeks"'),
        "horizon_1e9": base.replace('"52 weeks"', '"1000000000 weeks"'), "horizon_1e9y": base.replace('"52 weeks"', '"1e9 years"'),
        "horizon_10000y": base.replace('"52 weeks"', '"10000 years"'), "horizon_nan": base.replace('"52 weeks"', '"nan weeks"'),
        "horizon_unit": base.replace('"52 weeks"', '"52 fortnights"'), "horizon_nounit": base.replace('"52 weeks"', '"52"'),
        "horizon_number": base.replace('"52 weeks"', "52"),
        "rate_neg": base.replace("annual_discount_rate = 0.10", "annual_discount_rate = -1.0"),
        "rate_nan": base.replace("annual_discount_rate = 0.10", "annual_discount_rate = nan"),
        "rate_inf": base.replace("annual_discount_rate = 0.10", "annual_discount_rate = inf"),
        "rate_huge": base.replace("annual_discount_rate = 0.10", "annual_discount_rate = 1e308"),
        "margin_nan": base.replace("margin = 0.30", "margin = nan"), "margin_inf": base.replace("margin = 0.30", "margin = inf"),
        "margin_huge": base.replace("margin = 0.30", "margin = 1e308"), "margin_neg": base.replace("margin = 0.30", "margin = -1.0"),
        "attribution_neg": base + "[referrals]\nattribution = -1.0\n", "attribution_nan": base + "[referrals]\nattribution = nan\n",
        "attribution_huge": base + "[referrals]\nattribution = 1e308\n",
        "tiers_unsorted": base + "[tiers]\ncuts = [0.95, 0.80]\n", "tiers_over1": base + "[tiers]\ncuts = [0.8, 1.5]\n",
        "tiers_neg": base + "[tiers]\ncuts = [-0.1, 0.5]\n", "tiers_nan": base + "[tiers]\ncuts = [nan, 0.9]\n",
        "tiers_names_count": base + "[tiers]\nnames = [\"A\"]\ncuts = [0.8, 0.95]\n",
        "tiers_names_dup": base + "[tiers]\nnames = [\"A\", \"A\", \"B\"]\n", "tiers_names_empty": base + "[tiers]\nnames = []\ncuts = []\n",
        "tiers_many": base + "[tiers]\nnames = [" + ",".join(f'"T{i}"' for i in range(1000)) + "]\ncuts = [" +
                      ",".join(str((i + 1) / 1001) for i in range(999)) + "]\n",
        "key_top_2": base + "[key_accounts]\ntop_value = 2.0\n", "key_top_neg": base + "[key_accounts]\ntop_value = -1.0\n",
        "key_top_nan": base + "[key_accounts]\ntop_value = nan\n",
        "alerts_nan": base + "[alerts]\np_alive_below = nan\n", "alerts_overdue_neg": base + "[alerts]\noverdue_factor = -1.0\n",
        "alerts_tiers_unknown": base + "[alerts]\ntiers = [\"Z\"]\n", "alerts_lookahead_huge": base + "[alerts]\nlookahead = \"1e9 weeks\"\n",
        "ref_per_segment_neg": base + "[reference]\nper_segment = -1\n", "ref_per_segment_huge": base + "[reference]\nper_segment = 9223372036854775807\n",
        "ref_segment_unknown": base + "[reference]\nsegment_by = [\"planet\"]\n", "ref_min_p_nan": base + "[reference]\nmin_p_alive = nan\n",
        "ref_gap_neg": base + "[reference]\nmax_gap_cv = -1.0\n",
        "model_unknown": base + "[model]\nname = \"xyz\"\n", "model_candidates_empty": base + "[model]\ncandidates = []\n",
        "model_candidates_gg": base + "[model]\ncandidates = [\"gg\"]\n", "model_selection_neg": base + "[model]\nselection_sample = -1\n",
        "model_fit_sample_1": base + "[model]\nfit_sample = 1\n", "model_penalizer_nan": base + "[model]\npenalizer = nan\n",
        "model_penalizer_neg": base + "[model]\npenalizer = -1.0\n",
        "threads_huge": base + "[run]\nthreads = 4611686018427387904\n", "threads_neg": base + "[run]\nthreads = -1\n",
        "output_file": base + "[output]\ndir = \"winnow.toml\"\n", "output_empty": base + "[output]\ndir = \"\"\n",
        "output_nul": base + "[output]\ndir = \"a\\u0000b\"\n",
        "truth_missing": base + "[evaluation]\ntruth = \"nope.csv\"\n", "truth_window_zero": base + f"[evaluation]\ntruth = \"{pharma}/truth/future.csv\"\nwindow = \"0 weeks\"\n",
        "delimiter_bad": base.replace("[input]\n", "[input]\ndelimiter = \"ab\"\n"),
        "date_format_bad": base.replace("[input]\n", "[input]\ndate_format = \"%Q\"\n"),
        "on_bad_row_bad": base.replace("[input]\n", "[input]\non_bad_row = \"maybe\"\n"),
        "parent_column_unknown": base.replace("[input]\n", "[input]\nparent_column = \"planet\"\n"),
        "parent_column_id": base.replace("[input]\n", "[input]\nparent_column = \"customer_id\"\n"),
        "quantity_only": base.replace("[input]\n", "[input]\nquantity_column = \"amount\"\n"),
    }
    # tables
    cust = open(f"{data}/customers.csv", "rb").read()
    refs = open(f"{data}/referrals.csv", "rb").read()
    tx = open(f"{data}/transactions.csv", "rb").read()
    lines = cust.split(b"\n")
    tables = {
        "cust_dup_id": ("customers", cust + lines[5] + b"\n"),
        "cust_cycle": ("customers", cust.replace(b"\nP001,", b"\nP001,", 1).replace(lines[1], lines[1].rstrip(b",") + b"P002,", 1)
                       if False else b"\n".join([lines[0], b"X1,One,group,North,rep01,X2,", b"X2,Two,group,North,rep01,X1,"] + lines[1:])),
        "cust_self_parent": ("customers", b"\n".join([lines[0], b"X1,One,group,North,rep01,X1,"] + lines[1:])),
        "cust_unknown_parent": ("customers", b"\n".join([lines[0], b"X1,One,group,North,rep01,NOPE,"] + lines[1:])),
        "cust_potential_nan": ("customers", b"\n".join([lines[0], b"X1,One,group,North,rep01,,nan"] + lines[1:])),
        "cust_potential_neg": ("customers", b"\n".join([lines[0], b"X1,One,group,North,rep01,,-5"] + lines[1:])),
        "cust_potential_huge": ("customers", b"\n".join([lines[0], b"X1,One,group,North,rep01,,1e308"] + lines[1:])),
        "cust_potential_inf": ("customers", b"\n".join([lines[0], b"X1,One,group,North,rep01,,inf"] + lines[1:])),
        "cust_invalid_utf8": ("customers", cust.replace(b"PharmaNetz", b"Pharma\xffNetz\xc0\xaf", 1)),
        "cust_invalid_utf8_id": ("customers", b"\n".join([lines[0], b"X\xff1,One,group,North,rep01,,"] + lines[1:])),
        "cust_header_only": ("customers", lines[0] + b"\n"),
        "cust_empty": ("customers", b""),
        "cust_no_match": ("customers", lines[0] + b"\n" + b"".join(b"Z%04d,Z,pharmacy,North,rep01,,\n" % i for i in range(100))),
        "cust_unclosed_quote": ("customers", cust.rstrip(b"\n") + b'\n"X1,One,group\n'),
        "cust_deep_chain": ("customers", b"\n".join([lines[0]] + [b"D%d,d,group,North,rep01,%s," % (i, b"D%d" % (i - 1) if i else b"")
                                                                   for i in range(20000)] + lines[1:])),
        "ref_self": ("referrals", refs + b"C0001,C0001,2024-05-01\n"),
        "ref_twice": ("referrals", refs + refs.split(b"\n")[1] + b"\n"),
        "ref_unknown": ("referrals", refs + b"NOPE,C0001,2024-05-01\n"),
        "ref_bad_date": ("referrals", refs + b"C0002,C0003,2024-02-30\n"),
        "ref_cycle": ("referrals", refs + b"C0002,C0003,2024-05-01\nC0003,C0002,2024-05-02\n"),
        "ref_empty": ("referrals", b""),
        "ref_invalid_utf8": ("referrals", refs + b"C\xff02,C0003,2024-05-01\n"),
        "tx_year_9999": ("transactions", tx + b"C0001,9999-01-01,10.00\n"),
        "tx_year_1": ("transactions", tx + b"C0001,0001-01-01,10.00\n"),
        "tx_1e308": ("transactions", tx + b"C0001,2026-01-05,1e308\nC0001,2026-01-06,1e308\n"),
        "tx_invalid_utf8": ("transactions", tx + b"C\xff01,2026-01-05,10.00\n"),
        "tx_all_one_time": ("transactions", b"customer_id,date,amount\n" + b"".join(b"C%04d,2025-01-%02d,10.00\n" % (i, 1 + i % 28) for i in range(1, 300))),
        "tx_header_only": ("transactions", b"customer_id,date,amount\n"),
        "tx_single_row": ("transactions", b"customer_id,date,amount\nC0001,2025-01-01,10.00\n"),
    }
    for name, text in variants.items():
        proj = f"{d}/proj_{name}"
        os.makedirs(proj, exist_ok=True)
        text = text.replace(data, data)
        with open(f"{proj}/winnow.toml", "wb") as f:
            f.write(text.encode("utf-8", "surrogateescape"))
        key = name.split("_")[0] if not name.startswith("syntax") else "winnow.toml"
        cs.append(Case(cat, f"run/toml/{name}", [W, "--quiet", "run", "--no-report", proj],
                       names=TOML_NAMES, outputs=run_outputs(proj)))
    for name, (which, content) in tables.items():
        proj = f"{d}/proj_{name}"
        os.makedirs(proj, exist_ok=True)
        path = f"{proj}/{which}.csv"
        with open(path, "wb") as f:
            f.write(content)
        text = base.replace(f"{data}/{which}.csv", path)
        if which == "transactions":
            text = text.replace('observation_end = "2026-09-30"\n', "")
        with open(f"{proj}/winnow.toml", "w") as f:
            f.write(text)
        cs.append(Case(cat, f"run/table/{name}", [W, "--quiet", "run", "--no-report", proj],
                       names=[f"{which}.csv"], outputs=run_outputs(proj)))
    # run options and missing projects
    okproj = f"{d}/proj_ok"
    os.makedirs(okproj, exist_ok=True)
    with open(f"{okproj}/winnow.toml", "w") as f:
        f.write(base)
    for k, args in enumerate([["--threads", "4611686018427387904"], ["--threads", "-1"], ["--threads", "100000"]]):
        cs.append(Case(cat, f"run/opt{k}", [W, "--quiet", "run", "--no-report", *args, okproj], names=["--threads"],
                       outputs=run_outputs(okproj)))
    cs.append(Case(cat, "run/no-project", [W, "--quiet", "run", f"{d}/nowhere"], names=["nowhere"]))
    cs.append(Case(cat, "run/no-toml", [W, "--quiet", "run", out], names=["winnow.toml"]))
    # report and serve on projects without (good) results
    noresults = f"{d}/proj_noresults"
    os.makedirs(noresults, exist_ok=True)
    with open(f"{noresults}/winnow.toml", "w") as f:
        f.write(base)
    badresults = f"{d}/proj_badresults"
    os.makedirs(f"{badresults}/out", exist_ok=True)
    with open(f"{badresults}/winnow.toml", "w") as f:
        f.write(base)
    with open(f"{badresults}/out/results.json", "w") as f:
        f.write('{"headline": {"total_value": NaN}, "tiers": [')
    cs.append(Case(cat, "report/no-results", [W, "--quiet", "report", noresults], names=["results.json"]))
    cs.append(Case(cat, "report/bad-results", [W, "--quiet", "report", badresults], names=["results.json"]))
    cs.append(Case(cat, "serve/no-results", [W, "--quiet", "serve", noresults, "--port", "0"], names=["results.json"],
                   timeout=10))
    cs.append(Case(cat, "serve/bad-results", [W, "--quiet", "serve", badresults, "--port", "0"], names=["results.json"],
                   timeout=10))
    short = f"{d}/short.token"
    with open(short, "w") as f:
        f.write("abc\n")
    for k, args in enumerate([["--port", "-1"], ["--port", "65536"], ["--host", "not-a-host.invalid"],
                              ["--host", "0.0.0.0"], ["--token-file", short], ["--token-file", f"{d}/none.token"],
                              ["--threads", "0"], ["--threads", "257"], ["--host", "999.1.1.1"]]):
        cs.append(Case(cat, f"serve/opt{k}", [W, "--quiet", "serve", noresults, *args], names=[args[0], args[0][2:]],
                       timeout=10, env={k: v for k, v in os.environ.items() if k != "WINNOW_TOKEN"}))
    cs.append(Case(cat, "serve/short-env-token", [W, "--quiet", "serve", noresults, "--port", "0"], names=["WINNOW_TOKEN"],
                   timeout=10, env=dict(os.environ, WINNOW_TOKEN="short")))
    return cs


def run_outputs(proj):
    return [f"{proj}/out/{n}" for n in ["customers.csv", "accounts.csv", "alerts.csv", "reference_customers.csv",
                                         "model.json", "spend_model.json", "results.json"]]


def write_cases(cat, W, d, out, fx):
    """Outputs that cannot be written: a full device (a private /dev/full node), closed standard output."""
    cs = []
    full = common.FULL_DEVICE
    log = fx["log"]
    cs.append(Case(cat, "write/summarize-full", [W, "--quiet", "summarize", "-t", log, "--out", full], names=[full],
                   write_fail=True))
    cs.append(Case(cat, "write/summarize-stdout-full", [W, "--quiet", "summarize", "-t", log, "--out", "-"],
                   names=["standard output", "stdout", "write"], write_fail=True, stdout="full"))
    cs.append(Case(cat, "write/summarize-stdout-closed", [W, "--quiet", "summarize", "-t", log, "--out", "-"],
                   names=["standard output", "stdout", "write"], write_fail=True, stdout="closed"))
    cs.append(Case(cat, "write/describe-stdout-full", [W, "describe", "-t", log], names=["standard output", "stdout", "write"],
                   write_fail=True, stdout="full"))
    cs.append(Case(cat, "write/describe-json-full", [W, "--quiet", "describe", "-t", log, "--json", full], names=[full],
                   write_fail=True))
    cs.append(Case(cat, "write/simulate-full", [W, "--quiet", "simulate", "--customers", "100", "--out", full], names=[full],
                   write_fail=True))
    cs.append(Case(cat, "write/simulate-stdout-full", [W, "--quiet", "simulate", "--customers", "100", "--out", "-"],
                   names=["standard output", "stdout", "write"], write_fail=True, stdout="full"))
    cs.append(Case(cat, "write/fit-full", [W, "--quiet", "fit", "--model", "bgnbd", "-t", log, "--out", full], names=[full],
                   write_fail=True))
    if fx["bgnbd"]:
        cs.append(Case(cat, "write/predict-full", [W, "--quiet", "predict", "--model", fx["bgnbd"], "-t", log, "--horizon",
                                                 "10", "--out", full], names=[full], write_fail=True))
        cs.append(Case(cat, "write/distribution-full", [W, "--quiet", "distribution", "--model", fx["bgnbd"], "--horizon",
                                                      "10", "--out", full], names=[full], write_fail=True))
        cs.append(Case(cat, "write/distribution-stdout-full", [W, "--quiet", "distribution", "--model", fx["bgnbd"],
                                                             "--horizon", "10"], names=["standard output", "stdout", "write"],
                       write_fail=True, stdout="full"))
        cs.append(Case(cat, "write/distribution-stdout-closed", [W, "--quiet", "distribution", "--model", fx["bgnbd"],
                                                               "--horizon", "10"], names=["standard output", "stdout", "write"],
                       write_fail=True, stdout="closed"))
    cs.append(Case(cat, "write/compare-full", [W, "--quiet", "compare", "-t", log, "--calibration-end", "2025-01-01", "--out",
                                             full], names=[full], write_fail=True))
    # read-only output folder (root ignores permissions, so a folder on a read-only bind is not used: a file in
    # place of the folder instead)
    cs.append(Case(cat, "write/out-parent-is-file", [W, "--quiet", "summarize", "-t", log, "--out", f"{log}/x.csv"],
                   names=["x.csv", "log.csv"]))
    return cs
