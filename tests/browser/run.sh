#!/usr/bin/env bash
# Browser test of the report and the dashboard (issue 5), run by ctest: the pharma sample project
# is run (writing report.html), `winnow serve` is started on a free loopback port with a token,
# and web/test/browser.mjs drives Debian's Chromium through playwright-core: every chart must
# render, the console must stay free of errors, the dashboard's filters, pages and customer
# detail must work, and the effort plan (the sample project has reps) must show in both, with
# the dashboard's work list per rep. Screenshots are kept in ARTIFACTS.
#   tests/browser/run.sh WINNOW_BINARY ARTIFACTS_DIR
set -euo pipefail
winnow=$1
artifacts=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$artifacts"
cp -r "$here/examples/pharma" "$work/pharma"
"$winnow" --quiet run "$work/pharma" > /dev/null
test -s "$work/pharma/out/report.html"
test -s "$work/pharma/out/plan.csv"
test -s "$work/pharma/out/experts.csv"

token=browser-test-token-$RANDOM$RANDOM
printf '%s\n' "$token" > "$work/token"
# (the log exists before the server starts: the loop below may read it before the server opens it)
: > "$work/serve.log"
"$winnow" serve "$work/pharma" --port 0 --token-file "$work/token" 2> "$work/serve.log" &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*serving .* on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "winnow serve did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
cd "$here/web"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium} node test/browser.mjs --report "$work/pharma/out/report.html" \
  --dashboard "http://127.0.0.1:$port/" --token "$token" --screenshots "$artifacts" --experts
