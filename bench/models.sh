#!/usr/bin/env bash
# Benchmark of the model stages on simulated logs (issue 3): summary -> fit (BG/NBD, MBG/NBD,
# Pareto/NBD, Gamma-Gamma) -> scoring (expected purchases, P(alive), DERT, CLV). Each stage is
# timed by winnow itself ("in X s" for fits) and by /usr/bin/time for whole commands.
#
#   bash bench/models.sh [path/to/winnow]      sizes from SIZES (default "1000000 10000000")
set -euo pipefail
winnow=${1:-build/release/winnow}
here=$(cd "$(dirname "$0")" && pwd)
data="$here/data"
results="$here/results"
mkdir -p "$data" "$results"
sizes=${SIZES:-"1000000 10000000"}

echo "| customers | stage | seconds (whole command) | fit seconds | peak RSS MB |"
echo "|---|---|---|---|---|"
for n in $sizes; do
  log="$data/log_${n}.csv"
  [ -s "$log" ] || "$winnow" --quiet simulate --customers "$n" --seed 42 --out "$log"
  summary="$results/summary_models_${n}.csv"
  "$winnow" --quiet summarize --transactions "$log" --out "$summary"
  for model in bgnbd mbgnbd pnbd gg; do
    /usr/bin/time -f "%e %M" -o "$results/time_fit.txt" "$winnow" fit --model "$model" --summary "$summary" \
      --out "$results/model_${model}_${n}.json" 2> "$results/fit_${model}.log"
    read -r secs kb < "$results/time_fit.txt"
    fit=$(grep -o 'in [0-9.]* s' "$results/fit_${model}.log" | head -1 | awk '{print $2}')
    echo "| $n | fit $model | $secs | $fit | $((kb / 1024)) |"
  done
  # The "fit seconds" column of predict is winnow's own scoring time (no reading or writing).
  /usr/bin/time -f "%e %M" -o "$results/time_predict.txt" "$winnow" predict \
    --model-file "$results/model_bgnbd_${n}.json" --spend-model "$results/model_gg_${n}.json" --summary "$summary" \
    --horizon 52 --out "$results/predictions_${n}.csv" 2> "$results/predict.log"
  read -r secs kb < "$results/time_predict.txt"
  scored=$(grep -o 'in [0-9.]* s' "$results/predict.log" | head -1 | awk '{print $2}')
  echo "| $n | predict bgnbd+gg, 52 weeks, no discounting | $secs | $scored | $((kb / 1024)) |"
  /usr/bin/time -f "%e %M" -o "$results/time_predict.txt" "$winnow" predict \
    --model-file "$results/model_bgnbd_${n}.json" --spend-model "$results/model_gg_${n}.json" --summary "$summary" \
    --horizon 52 --discount-rate 0.002 --out "$results/predictions_${n}.csv" 2> "$results/predict.log"
  read -r secs kb < "$results/time_predict.txt"
  scored=$(grep -o 'in [0-9.]* s' "$results/predict.log" | head -1 | awk '{print $2}')
  echo "| $n | predict bgnbd+gg, 52 weeks, discounted | $secs | $scored | $((kb / 1024)) |"
done
