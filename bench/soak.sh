#!/usr/bin/env bash
# Soak test of `winnow serve` (issue 10): for DURATION, wrk holds 1,000 kept-alive connections,
# each asking for a random page of 50 customers every DELAY_MS (default: 500-1500 ms, so about
# 1,000 requests/s in all), while bench/soak_clients.py keeps 100 slowloris connections open (one
# header line every 3 s, reconnecting when the server drops them) and probes the server 5 times
# a second on fresh connections. Target: every probe answered, p99 under 100 ms, the server's
# resident size flat. DELAY_MS=0 saturates the server instead: then every connection, probes
# included, waits its turn among the 1,000 (the probes' latency is then wrk's, see bench/README).
#
#   bash bench/soak.sh [path/to/winnow]      N (default 100000), DURATION (default 300 s),
#                                            CONNECTIONS (1000), SLOW (100), DELAY_MS (1000),
#                                            PORT (18182)
# The project is bench/data/pharma_N (made and run when missing, as bench/serve.sh does).
set -euo pipefail
winnow=${1:-build/release/winnow}
here=$(cd "$(dirname "$0")" && pwd)
n=${N:-100000}
duration=${DURATION:-300}
connections=${CONNECTIONS:-1000}
slow=${SLOW:-100}
delay_ms=${DELAY_MS:-1000}
port=${PORT:-18182}
project="$here/data/pharma_$n"
mkdir -p "$here/results"
if [ ! -s "$project/out/results.json" ]; then
  [ -s "$project/winnow.toml" ] || "$winnow" --quiet simulate --scenario pharma --customers "$n" --seed 42 --out "$project"
  "$winnow" --quiet run --no-report "$project" > /dev/null
fi
ulimit -n "$(ulimit -Hn)"  # wrk needs a descriptor per connection
"$winnow" --quiet serve "$project" --port "$port" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$port/api/health" > /dev/null 2>&1; do sleep 0.2; done
curl -fs "http://127.0.0.1:$port/api/customers?per_page=50&page=1" > /dev/null
echo "server ready; RSS $(($(ps -o rss= -p $pid) / 1024)) MB"

cat > "$here/results/soak_pages.lua" <<LUA
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/customers?per_page=50&page=" .. math.random(1, 2000))
end
delay = function()
  if $delay_ms == 0 then return 0 end
  return math.random($delay_ms / 2, $delay_ms * 3 / 2)
end
LUA
python3 "$here/soak_clients.py" "$port" "$pid" "$duration" "$slow" 3 0.2 > "$here/results/soak_probes.json" &
clients=$!
wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$here/results/soak_pages.lua" \
  "http://127.0.0.1:$port" > "$here/results/soak_wrk.txt"
wait $clients
cat "$here/results/soak_wrk.txt"
echo "probes: $(cat "$here/results/soak_probes.json")"
kill -0 $pid  # the server is still up
