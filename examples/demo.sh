#!/usr/bin/env bash
# The main job on bundled sample data.
#  1. `winnow run` on the simulated pharma project in examples/pharma (written by `winnow simulate
#     --scenario pharma --seed 7`): ~2,900 hospitals, practices and pharmacies under purchasing
#     groups and hospital chains, 2024-01..2026-09 orders, referrals, 12 reps with their visits, and
#     the truth of the year after and of the response to visits; with the effort plan for 13 weeks;
#     230 experts at its hospitals with their publications, trials, talks and memberships.
#  2. The CDNOW sample log (examples/cdnow/CDNOW_sample.txt, 6,919 purchases of 2,357 customers,
#     1997-01-01..1998-06-30) with a 39-week calibration period and a 39-week holdout, as in
#     Fader, Hardie & Lee (2005): describe, summarize, compare models, fit and predict.
set -euo pipefail
winnow=${1:-build/release/winnow}
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/build/demo"
mkdir -p "$out"

echo "== winnow run: the pharma sample project (copied to $out/pharma, results in $out/pharma/out)"
rm -rf "$out/pharma"
cp -r "$here/examples/pharma" "$out/pharma"
"$winnow" --quiet run "$out/pharma"
echo
echo "top 5 customers by value (customers.csv):"
head -n 6 "$out/pharma/out/customers.csv" | cut -d, -f1-13 | cut -c1-160
echo
echo "top 5 churn alerts at risk and recoverable, by value to save (alerts.csv):"
head -n 6 "$out/pharma/out/alerts.csv" | cut -c1-180
echo
echo "top 5 lost customers worth winning back, by win-back value (alerts.csv, group lost):"
# (the lost rows follow the at-risk ones; awk, not head, so that grep never sees a closed pipe)
grep -E '^[0-9]+,.*,lost,(new)?,' "$out/pharma/out/alerts.csv" | awk 'NR <= 5' | cut -c1-180
echo
echo "the effort plan: rep01's first 5 customers of the quarter, in the order to work them (rep_plans/rep01.csv):"
head -n 6 "$out/pharma/out/rep_plans/rep01.csv" | cut -c1-200
echo
echo "the experts: the top 5 by total score, with why (experts.csv):"
head -n 6 "$out/pharma/out/experts.csv" | cut -c1-220
echo

cdnow=(--transactions "$here/examples/cdnow/CDNOW_sample.txt" --delimiter whitespace --no-header
       --customer-col 2 --date-col 3 --amount-col 5 --date-format %Y%m%d --time-unit week)

echo "== winnow describe: the CDNOW sample log, calibration period up to 1997-09-30"
"$winnow" describe "${cdnow[@]}" --observation-end 1997-09-30 --json "$out/cdnow_description.json"
echo
echo "== winnow summarize: per-customer frequency, recency, T, spend, with the 1997-10-01..1998-06-30 holdout"
"$winnow" --quiet summarize "${cdnow[@]}" --calibration-end 1997-09-30 --observation-end 1998-06-30 \
  --out "$out/cdnow_summary.csv"
echo "first rows of $out/cdnow_summary.csv:"
head -n 4 "$out/cdnow_summary.csv" | cut -c1-150
echo
echo "== winnow compare: BG/NBD, MBG/NBD and Pareto/NBD fitted on the calibration period, judged on the holdout"
"$winnow" --quiet compare --models bgnbd,mbgnbd,pnbd "${cdnow[@]}" --calibration-end 1997-09-30 \
  --observation-end 1998-06-30 --out "$out/cdnow_compare.json"
echo
echo "== winnow fit + predict: BG/NBD and Gamma-Gamma on all purchases to 1998-06-30, CLV over the next 52 weeks"
"$winnow" --quiet fit --model bgnbd "${cdnow[@]}" --out "$out/bgnbd.json"
"$winnow" --quiet fit --model gg "${cdnow[@]}" --out "$out/gg.json"
"$winnow" --quiet predict --model-file "$out/bgnbd.json" --spend-model "$out/gg.json" "${cdnow[@]}" \
  --horizon 52 --discount-rate 0.002 --margin 0.3 --out "$out/cdnow_predictions.csv"
echo "the five customers with the highest CLV (52 weeks, 30% margin):"
# (awk, not head, takes the first rows: head would close the pipe early and, under pipefail,
# sort's SIGPIPE would fail the demo with status 141.)
{ head -n 1 "$out/cdnow_predictions.csv"; tail -n +2 "$out/cdnow_predictions.csv" | sort -t, -k9 -g -r | awk 'NR <= 5'; } | cut -c1-150
echo
echo "Results are in $out/:"
echo "  pharma/out/              the main job: customers.csv, accounts.csv, alerts.csv, reference_customers.csv,"
echo "                           model.json, spend_model.json, results.json and report.html (open it in a browser)"
echo "  cdnow_summary.csv        one row per customer (lifetimes column names, then holdout and extra columns)"
echo "  cdnow_description.json   the CDNOW description as JSON"
echo "  cdnow_compare.json       model ranking, holdout metrics, conditional expectations, tracking series"
echo "  bgnbd.json, gg.json      fitted models"
echo "  cdnow_predictions.csv    expected purchases, P(alive), DERT, expected spend and CLV per customer"
echo
echo "The live dashboard: $winnow serve $out/pharma   (then open http://127.0.0.1:8080/)"
