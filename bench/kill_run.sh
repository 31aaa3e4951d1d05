#!/usr/bin/env bash
# Outputs as one unit (issue 10): `winnow run` on the sample project (examples/pharma) stopped by
# a signal at a random moment of its write phase, TRIALS times. Before each trial out/ holds a
# complete run "A" (observation_end 2026-09-30); the trial runs "B" (observation_end 2026-08-31,
# which changes every output file) and sends SIGNAL a uniformly random time after the run printed
# "writing", within the write phase's length (measured first). Each output file found afterwards
# is classed as A's, B's, missing or partial; a trial is "mixed" unless all files are A's or all
# are B's. Leftovers are entries other than the outputs (in out/) and other than the project's
# own files and winnow's lock file (beside out/), counted right after the kill and again after
# the next complete run.
#
#   bash bench/kill_run.sh [path/to/winnow] [TRIALS=20] [SIGNAL=KILL]
#
# With RENAMES=1, deterministic instead: trial k (k = 1..9) kills run B under strace at its k-th
# rename(2) (k <= 8: each output file is renamed into place once) or, for k = 9, at its first
# renameat2(2) (the swap of the out/ folder), before the call is made.
set -euo pipefail
winnow=$(realpath "${1:-build/release/winnow}")
trials=${2:-20}
signal=${3:-KILL}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
p="$work/p"
cp -r "$here/examples/pharma" "$p"
RANDOM=${SEED:-42}

config() { sed -i "s/^observation_end = .*/observation_end = \"$1\"/" "$p/winnow.toml"; }
fresh_a() {
  rm -rf "$p/out" "$p"/.out.*
  config 2026-09-30
  "$winnow" --quiet run "$p" > /dev/null
}
fresh_a && cp -r "$p/out" "$work/A"
config 2026-08-31 && "$winnow" --quiet run "$p" > /dev/null && cp -r "$p/out" "$work/B"
names=$(cd "$work/A" && ls | tr "\n" " ")
for f in $names; do cmp -s "$work/A/$f" "$work/B/$f" && { echo "$f is the same in A and B"; exit 1; }; done

# Leftovers: names in out/ that are not outputs, and names beside out/ that are neither the
# project's own nor winnow's lock file.
leftovers() {
  local n=0 e
  if [ -d "$p/out" ]; then
    for e in $(ls -A "$p/out"); do [[ " $names " == *" $e "* ]] || n=$((n + 1)); done
  fi
  for e in $(ls -A "$p"); do
    case "$e" in data | truth | winnow.toml | out | .out.winnow-lock) ;; *) n=$((n + 1)) ;; esac
  done
  echo "$n"
}

# Starts run B with its stderr on fd 3 and waits for the "writing" line; sets pid. (Job control
# on, so that the background run does not ignore SIGINT as it would otherwise.)
start_b() {
  rm -f "$work/fifo" && mkfifo "$work/fifo"
  set -m
  "$winnow" run "$p" > /dev/null 2> "$work/fifo" &
  pid=$!
  set +m
  exec 3< "$work/fifo"
  local line
  while IFS= read -r -u 3 line; do [[ "$line" == *"] writing "* ]] && break; done
}
finish_b() {
  cat <&3 > /dev/null || true
  exec 3<&-
  wait "$pid" 2> /dev/null || true
}

# The write phase's length: from the "writing" line to the exit, the longest of three runs.
span_us=0
[ -n "${RENAMES:-}" ] && trials=9
for k in $([ -z "${RENAMES:-}" ] && echo 1 2 3); do
  fresh_a && config 2026-08-31
  start_b
  t0=${EPOCHREALTIME/./}
  finish_b 2> /dev/null
  t=$((${EPOCHREALTIME/./} - t0))
  ((t > span_us)) && span_us=$t
done
if [ -n "${RENAMES:-}" ]; then
  echo "winnow: $winnow; $trials trials, SIGKILL at the k-th rename"
  signal="KILL at a rename"
else
  echo "winnow: $winnow; write phase up to $((span_us / 1000)) ms; $trials trials, SIG$signal"
fi

all_a=0 all_b=0 mixed=0 with_leftovers=0 leftovers_kept=0
for trial in $(seq 1 "$trials"); do
  fresh_a && config 2026-08-31
  if [ -n "${RENAMES:-}" ]; then
    inject="rename:signal=KILL:when=$trial"
    ((trial > 8)) && inject="renameat2:signal=KILL:when=1"
    (strace -f -qq -o /dev/null -e trace=rename,renameat2 -e inject="$inject" "$winnow" --quiet run "$p" \
      > /dev/null 2>&1 || true) 2> /dev/null
    delay_us=0
  else
    delay_us=$(((RANDOM * 32768 + RANDOM) % span_us))
    start_b
    sleep "$(printf '%d.%06d' $((delay_us / 1000000)) $((delay_us % 1000000)))"
    kill -s "$signal" "$pid" 2> /dev/null || true
    finish_b 2> /dev/null
  fi
  classes=""
  for f in $names; do
    if [ ! -e "$p/out/$f" ]; then c=missing
    elif cmp -s "$p/out/$f" "$work/A/$f"; then c=A
    elif cmp -s "$p/out/$f" "$work/B/$f"; then c=B
    else c=partial; fi
    classes="$classes $f=$c"
  done
  left=$(leftovers)
  state=mixed
  [[ "$classes" != *=B* && "$classes" != *=missing* && "$classes" != *=partial* ]] && state=A
  [[ "$classes" != *=A* && "$classes" != *=missing* && "$classes" != *=partial* ]] && state=B
  case $state in A) all_a=$((all_a + 1)) ;; B) all_b=$((all_b + 1)) ;; *) mixed=$((mixed + 1)) ;; esac
  ((left > 0)) && with_leftovers=$((with_leftovers + 1))
  # The next complete run: are the leftovers gone?
  "$winnow" --quiet run "$p" > /dev/null
  after=$(leftovers)
  ((after > 0)) && leftovers_kept=$((leftovers_kept + 1))
  echo "trial $trial: $([ -n "${RENAMES:-}" ] && echo "$inject" || echo "+$((delay_us / 1000)) ms"): $state, $left leftovers, $after after the next run;$([ "$state" = mixed ] && echo "$classes")"
done
echo "SIG$signal, $trials trials: all old $all_a, all new $all_b, mixed $mixed; leftovers after the kill in $with_leftovers," \
  "still there after the next run in $leftovers_kept"
