#!/usr/bin/env bash
# Benchmark of the effort plan as users wait for it (issue 12): `winnow plan --no-report` on a
# simulated pharma project of N accounts (2,000 reps at 1M), against the same main job without the
# plan (the project's winnow.toml without its [plan] tables) as the reference, three runs each
# under /usr/bin/time (median wall seconds, peak RSS), and the plan's own stage times from the
# progress lines of the first run. The project is written once to bench/data/pharma_N and reused.
#
#   bash bench/plan.sh [path/to/winnow]      sizes from SIZES (default "1000000")
set -euo pipefail
winnow=${1:-build/release/winnow}
here=$(cd "$(dirname "$0")" && pwd)
sizes=${SIZES:-"1000000"}
runs=${RUNS:-3}
mkdir -p "$here/results"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for n in $sizes; do
  project="$here/data/pharma_$n"
  if [ ! -s "$project/data/reps.csv" ]; then
    rm -rf "$project"
    /usr/bin/time -f "simulate: %e s, %M KB" "$winnow" --quiet simulate --scenario pharma --customers "$n" --seed 42 \
      --out "$project"
  fi
  # The reference: the same project without [plan] and [[plan.*]] (everything from the first
  # plan table on; the scenario writes them last).
  reference="$here/data/pharma_${n}_noplan"
  rm -rf "$reference" && mkdir -p "$reference"
  ln -s "$project/data" "$reference/data" && ln -s "$project/truth" "$reference/truth"
  awk '/^\[plan\]|^\[\[plan\./ {exit} {print}' "$project/winnow.toml" > "$reference/winnow.toml"
  cat "$project"/data/*.csv > /dev/null  # in the page cache, like a nightly run's fresh export
  echo "project: $n accounts, $(($(wc -l < "$project/data/reps.csv") - 1)) reps, \
$(($(wc -l < "$project/data/interactions.csv") - 1)) interactions"
  "$winnow" plan "$project" --no-report 2> "$here/results/plan_stages.txt" > "$here/results/plan_summary.txt"
  grep -E '^\[.*(plan|writing|headline)' "$here/results/plan_stages.txt" || true
  grep -E '^plan' "$here/results/plan_summary.txt"
  for what in plan reference; do
    : > "$here/results/plan_times.txt"
    for k in $(seq 1 "$runs"); do
      if [ "$what" = plan ]; then
        /usr/bin/time -f "%e %M" -a -o "$here/results/plan_times.txt" "$winnow" --quiet plan "$project" --no-report >/dev/null
      else
        /usr/bin/time -f "%e %M" -a -o "$here/results/plan_times.txt" "$winnow" --quiet run "$reference" --no-report >/dev/null
      fi
    done
    secs=$(cut -d' ' -f1 "$here/results/plan_times.txt" | median)
    kb=$(cut -d' ' -f2 "$here/results/plan_times.txt" | sort -n | tail -1)
    echo "$what: median $secs s of $(cut -d' ' -f1 "$here/results/plan_times.txt" | tr '\n' ' ')wall, peak RSS $((kb / 1024)) MB"
  done
  rm -rf "$reference"
done
