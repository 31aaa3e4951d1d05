#!/usr/bin/env bash
# The attack of issue 10 as a reproducible harness (see bench/attack/README.md).
#
#   bash bench/attack/run.sh [path/to/winnow] [options of attack.py: --work DIR --jobs 2 --only 1,2,3,4,5 --mutations N]
#
# Runs as root (category 4 mounts a small tmpfs and creates a device node; without root those cases are skipped).
# Prints the summary table at the end; everything is also in build/attack/ (summary.md, results.jsonl, details.log).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
winnow=${1:-build/release/winnow}
shift || true
exec python3 -B "$here/attack.py" "$winnow" "$@"
