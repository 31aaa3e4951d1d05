#!/usr/bin/env bash
# Benchmark of `winnow serve` (issue 5): pages of the customers list over a 1M-customer project,
# 50 concurrent connections, with wrk (latency percentiles). The project is the one bench/run.sh
# makes (bench/data/pharma_1000000, run first if it has no results).
#
#   bash bench/serve.sh [path/to/winnow]      N (default 1000000), DURATION (default 20s)
set -euo pipefail
winnow=${1:-build/release/winnow}
here=$(cd "$(dirname "$0")" && pwd)
n=${N:-1000000}
duration=${DURATION:-20s}
project="$here/data/pharma_$n"
mkdir -p "$here/results"
if [ ! -s "$project/out/results.json" ]; then
  [ -s "$project/winnow.toml" ] || "$winnow" --quiet simulate --scenario pharma --customers "$n" --seed 42 --out "$project"
  "$winnow" --quiet run --no-report "$project" > /dev/null
fi
port=${PORT:-18181}
start=$(date +%s.%N)
"$winnow" --quiet serve "$project" --port "$port" ${THREADS:+--threads $THREADS} &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$port/api/health" > /dev/null 2>&1; do sleep 0.2; done
echo "server ready after $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s; RSS $(($(ps -o rss= -p $pid) / 1024)) MB"

# Random pages of 50 of the whole list (value order), and of a filtered, re-sorted list.
cat > "$here/results/pages.lua" <<'LUA'
math.randomseed(42)
request = function()
  local page = math.random(1, 20000)
  if math.random() < 0.5 then
    return wrk.format("GET", "/api/customers?per_page=50&page=" .. page)
  end
  return wrk.format("GET", "/api/customers?tier=B&sort=p_alive&order=asc&per_page=50&page=" .. math.random(1, 6000))
end
LUA
curl -fs "http://127.0.0.1:$port/api/customers?tier=B&sort=p_alive&order=asc&per_page=50&page=1" > /dev/null  # warm the index
wrk -t2 -c50 -d"$duration" --latency -s "$here/results/pages.lua" "http://127.0.0.1:$port" | tee "$here/results/serve_wrk.txt"
