#!/usr/bin/env bash
# Print test of the report (issue 14), run by ctest: the pharma sample project is run twice, once
# with [report] locale = "de-DE", currency = "EUR", a title and a client written into the copy's
# winnow.toml (instead of the sample's own [report]), once without [report] (en-US, no currency, no
# title), and web/test/print.mjs prints each report.html to PDF (A4) in Debian's Chromium through
# playwright-core and checks the page count,
# that every list prints all its rows inside the page width, the header, the language and the
# number formats, and that the console stays free of errors. The PDFs are kept in ARTIFACTS.
#   tests/browser/print.sh WINNOW_BINARY ARTIFACTS_DIR
set -euo pipefail
winnow=$1
artifacts=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"

title="Kundenwert Q4 2026"
client="Pharma Nord GmbH & Co. KG"
cp -r "$here/examples/pharma" "$work/de"
cp -r "$here/examples/pharma" "$work/en"
# Without the sample's own [report] table (up to the next table), then ours for the German run.
for project in de en; do
  awk '/^\[/ { skip = ($0 == "[report]") } !skip' "$here/examples/pharma/winnow.toml" > "$work/$project/winnow.toml"
done
if grep -q '^\[report\]' "$work/en/winnow.toml"; then
  echo "print.sh: could not take [report] out of winnow.toml" >&2
  exit 1
fi
cat >> "$work/de/winnow.toml" <<TOML

[report]
locale = "de-DE"
currency = "EUR"
title = "$title"
client = "$client"
TOML
"$winnow" --quiet run "$work/de" > /dev/null
"$winnow" --quiet run "$work/en" > /dev/null
test -s "$work/de/out/report.html"
test -s "$work/en/out/report.html"

cd "$here/web"
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
node test/print.mjs --report "$work/de/out/report.html" --pdf "$artifacts/report-de.pdf" \
  --locale de-DE --currency EUR --title "$title" --client "$client"
node test/print.mjs --report "$work/en/out/report.html" --pdf "$artifacts/report-en.pdf"
