#!/usr/bin/env bash
# Benchmark of the main job (issue 4): `winnow run` on a simulated pharma project of N accounts
# (`winnow simulate --scenario pharma --customers N --seed 42`), timed three times under
# /usr/bin/time (wall seconds, peak RSS), with winnow's own stage times from the first run.
# The project is written once to bench/data/pharma_N and reused.
#
#   bash bench/run.sh [path/to/winnow]      sizes from SIZES (default "1000000")
set -euo pipefail
winnow=${1:-build/release/winnow}
here=$(cd "$(dirname "$0")" && pwd)
sizes=${SIZES:-"1000000"}
runs=${RUNS:-3}

for n in $sizes; do
  project="$here/data/pharma_$n"
  if [ ! -s "$project/winnow.toml" ]; then
    rm -rf "$project"
    /usr/bin/time -f "simulate: %e s, %M KB" "$winnow" --quiet simulate --scenario pharma --customers "$n" --seed 42 \
      --out "$project"
  fi
  rows=$(($(wc -l < "$project/data/transactions.csv") - 1))
  cat "$project"/data/*.csv > /dev/null  # in the page cache, like a nightly run's fresh export
  echo "project: $n accounts, $rows order rows ($(du -sh "$project/data" | cut -f1))"
  for k in $(seq 1 "$runs"); do
    if [ "$k" -eq 1 ]; then
      /usr/bin/time -f "%e %M" -o "$here/results/time_run.txt" "$winnow" run "$project" 2> "$here/results/run_stages.txt" \
        > "$here/results/run_summary.txt"
      cat "$here/results/run_stages.txt" | grep '^\[' || true
      cat "$here/results/run_summary.txt"
    else
      /usr/bin/time -f "%e %M" -o "$here/results/time_run.txt" "$winnow" --quiet run "$project" > /dev/null
    fi
    read -r secs kb < "$here/results/time_run.txt"
    echo "run $k: $secs s wall, peak RSS $((kb / 1024)) MB, $(awk -v r="$rows" -v s="$secs" 'BEGIN{printf "%.2f", r/s/1e6}') M rows/s"
  done
done
