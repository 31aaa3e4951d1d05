#!/usr/bin/env bash
# End-to-end benchmark of `winnow summarize`: simulated logs of 1M and 10M customers (about 2.5M
# and 25M rows), timed with peak memory, optionally beside the Python lifetimes package on the
# 1M log (set LIFETIMES_SRC, see ../shared/tools/README.md).
#
#   bash bench/summarize.sh [path/to/winnow]        sizes from SIZES (default "1000000 10000000")
#
# Prints a Markdown table for bench/README.md. Logs are kept in bench/data/ (not committed).
set -euo pipefail
winnow=${1:-build/release/winnow}
here=$(cd "$(dirname "$0")" && pwd)
data="$here/data"
results="$here/results"
mkdir -p "$data" "$results"
sizes=${SIZES:-"1000000 10000000"}
repeats=${REPEATS:-3}
python=${PYTHON:-/usr/bin/python3}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "date: $(date -u +%Y-%m-%d)  winnow: $("$winnow" --version)"
echo
echo "| customers | rows | file MB | run | seconds | rows/s (M) | peak RSS MB |"
echo "|---|---|---|---|---|---|---|"
for n in $sizes; do
  log="$data/log_${n}.csv"
  if [ ! -s "$log" ]; then
    "$winnow" --quiet simulate --customers "$n" --seed 42 --out "$log"
  fi
  rows=$(($(wc -l < "$log") - 1))
  mb=$(($(stat -c %s "$log") / 1000000))
  cat "$log" > /dev/null  # into the page cache: the runs measure parsing, not the disk
  for run in $(seq 1 "$repeats"); do
    /usr/bin/time -f "%e %M" -o "$results/time_${n}_${run}.txt" \
      "$winnow" --quiet summarize --transactions "$log" --out "$results/summary_${n}.csv"
    read -r secs kb < "$results/time_${n}_${run}.txt"
    echo "| $n | $rows | $mb | $run | $secs | $(awk -v r="$rows" -v s="$secs" 'BEGIN {printf "%.1f", r / s / 1e6}') | $((kb / 1024)) |"
  done
done

if [ -n "${LIFETIMES_SRC:-}" ]; then
  n=$(echo "$sizes" | awk '{print $1}')
  log="$data/log_${n}.csv"
  echo
  echo "lifetimes on the $n-customer log (../shared/tools/lifetimes_baseline.py, stages in seconds):"
  PNBD_LIMIT_S=${PNBD_LIMIT_S:-600} LIFETIMES_SRC="$LIFETIMES_SRC" /usr/bin/time -f "%e %M" -o "$results/lifetimes_time.txt" \
    "$python" "$here/../../shared/tools/lifetimes_baseline.py" run "$n" "$log" "$results/lifetimes_${n}.json"
  "$python" - "$results/lifetimes_${n}.json" "$results/lifetimes_time.txt" <<'PY'
import json, sys
rec = json.load(open(sys.argv[1]))
wall, kb = open(sys.argv[2]).read().split()
for stage, secs in rec["stages"].items():
    print(f"  {stage}: {secs:.3f}")
print(f"  process wall {wall} s, peak RSS {int(kb) // 1024} MB; read_csv + summary = "
      f"{rec['stages']['read_csv'] + rec['stages']['summary']:.3f} s for {rec['rows']} rows")
PY
fi
