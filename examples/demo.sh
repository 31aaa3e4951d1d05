#!/usr/bin/env bash
# The main job on bundled sample data: describe and summarize the CDNOW transaction log
# (examples/cdnow/CDNOW_sample.txt, 6,919 purchases of 2,357 customers, 1997-01-01..1998-06-30)
# with a 39-week calibration period and a 39-week holdout, as in Fader, Hardie & Lee (2005).
set -euo pipefail
winnow=${1:-build/release/winnow}
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/build/demo"
mkdir -p "$out"

cdnow=(--transactions "$here/examples/cdnow/CDNOW_sample.txt" --delimiter whitespace --no-header
       --customer-col 2 --date-col 3 --amount-col 5 --date-format %Y%m%d --time-unit week)

echo "== winnow describe: the CDNOW sample log, calibration period up to 1997-09-30"
"$winnow" describe "${cdnow[@]}" --observation-end 1997-09-30 --json "$out/cdnow_description.json"
echo
echo "== winnow summarize: per-customer frequency, recency, T, spend, with the 1997-10-01..1998-06-30 holdout"
"$winnow" summarize "${cdnow[@]}" --calibration-end 1997-09-30 --observation-end 1998-06-30 \
  --out "$out/cdnow_summary.csv"
echo
echo "first rows of $out/cdnow_summary.csv:"
head -n 6 "$out/cdnow_summary.csv" | cut -c1-150
echo
echo "Results are in $out/:"
echo "  cdnow_summary.csv        one row per customer (lifetimes column names, then holdout and extra columns)"
echo "  cdnow_description.json   the description above as JSON"
