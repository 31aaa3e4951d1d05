#!/usr/bin/env bash
# Builds the web bundle (web/: charts and tables for the report and the dashboard) and compiles it
# into C++ for the winnow binary. Called by CMake at build time.
#   scripts/build-web.sh OUT.cc
# npm ci runs only when web/node_modules is missing or older than web/package-lock.json.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here/web"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node build.mjs
node "$here/scripts/embed-web.mjs" "$out" "$here/web/dist" report.js report.css dashboard.js dashboard.css
