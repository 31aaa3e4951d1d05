#include "project/stages/score.h"

#include <fmt/format.h>

#include "core/error.h"
#include "model/predict.h"
#include "model/selection.h"

namespace winnow::project {

using core::Error;
using core::ErrorKind;

Scores Score(const ScoreInput& input) {
  const summary::CustomerSummary& S = *input.summary;
  const model::SavedModel& purchase = *input.purchase;
  Scores out;
  const auto predictor = model::MakePredictor(purchase);
  value::ValueOptions& vo = out.options;
  vo.horizon = input.horizon_days / input.unit_days;
  vo.discount_rate = value::RatePerUnit(input.annual_discount_rate, input.unit_days);
  vo.margin = input.margin;
  vo.lookahead = input.lookahead_days / input.unit_days;
  vo.plan_period = input.plan_period_days / input.unit_days;
  vo.year = 365.25 / input.unit_days;
  vo.r = purchase.Param("r");
  vo.alpha = purchase.Param("alpha");
  vo.threads = input.threads;
  out.values = value::ScoreCustomers(*predictor, input.spend, S, vo, *input.ids);
  double repeat = 0, near_one = 0;
  for (size_t i = 0; i < S.size(); ++i) {
    if (S.frequency[i] == 0) continue;
    repeat += 1;
    near_one += out.values.p_alive[i] > 0.99;
  }
  out.warnings = model::AliveWarnings(purchase.fit.model, repeat, near_one);
  return out;
}

void RefuseWarnings(const std::vector<model::FitWarning>& warnings) {
  if (warnings.empty()) return;
  std::vector<std::string> lines;
  for (const auto& w : warnings) lines.push_back(fmt::format("[{}] {}", w.code, w.message));
  throw Error(ErrorKind::kInput, fmt::format("strict: {} warning{} about the fit, nothing written:\n  {}",
                                             warnings.size(), warnings.size() == 1 ? "" : "s", fmt::join(lines, "\n  ")))
      .Hint("the data do not support the model as fitted; drop --strict (or [run] strict) to write the results "
            "with the warnings in them");
}

}  // namespace winnow::project
