#!/usr/bin/env bash
# Runs the fuzz targets built in build/fuzz (make fuzz), one after the other, each on its seed
# corpus fuzz/corpus/<target>/ plus what it finds.
#   bash fuzz/run.sh --runs N   each target for N inputs after its seeds, seed 1 (CI: make fuzz)
#   bash fuzz/run.sh SECONDS    each target for SECONDS (-max_total_time); new inputs are kept in
#                               build/fuzz/work/<target>/ between runs
# Findings (crash-*, leak-*, timeout-*, oom-*) go to build/fuzz/artifacts/<target>/; the status is
# 1 when any target found something. Prints the executions and seconds of each target.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD:-build/fuzz}
mode=time
limit=${1:-600}
if [ "${1:-}" = "--runs" ]; then
  mode=runs
  limit=${2:?--runs needs a number}
fi
targets=()
for t in "$build"/fuzz/*_fuzz; do [ -x "$t" ] && targets+=("$t"); done
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz/run.sh: no fuzz targets in $build/fuzz; build them with make fuzz" >&2
  exit 2
fi
failed=0
for target in "${targets[@]}"; do
  name=$(basename "$target" _fuzz)
  seeds=fuzz/corpus/$name
  mkdir -p "$seeds" "$build/artifacts/$name"
  if [ "$mode" = runs ]; then
    work=$(mktemp -d)
    args=(-runs="$limit" -seed=1)
  else
    work=$build/work/$name
    mkdir -p "$work"
    args=(-max_total_time="$limit")
  fi
  log=$build/$name.log
  start=$(date +%s)
  # -rss_limit_mb: the readers hold at most a few blocks; -timeout: no input may take 30 s.
  if "$target" "${args[@]}" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$name/" "$work" "$seeds" >"$log" 2>&1; then
    status=clean
  else
    status="FAILED (see $log and $build/artifacts/$name/)"
    failed=1
  fi
  seconds=$(( $(date +%s) - start ))
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%-20s %10s executions %6s s  %s\n' "$name" "${executions:-?}" "$seconds" "$status"
  if [ "$mode" = runs ]; then rm -rf "$work"; fi
  if [ "$status" != clean ]; then grep -E "ERROR|runtime error|invariant|SUMMARY|uncaught|terminate" "$log" | head -5 >&2 || true; fi
done
exit $failed
