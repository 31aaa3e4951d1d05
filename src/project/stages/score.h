// Stage 4 of the main job: score every customer with the fitted models (value/customer_value.h):
// expected purchases, P(alive), DERT, expected spend, CLV, annual revenue, the next lookahead's
// purchases and the expected gap; and the warning when the model sees no churn.
#pragma once

#include <string>
#include <vector>

#include "model/fit.h"
#include "model/gamma_gamma.h"
#include "model/model_file.h"
#include "summary/summary.h"
#include "value/customer_value.h"

namespace winnow::project {

struct ScoreInput {
  const summary::CustomerSummary* summary = nullptr;
  const std::vector<std::string>* ids = nullptr;  // per customer row, for the errors
  const model::SavedModel* purchase = nullptr;
  model::GammaGammaParams spend;
  double unit_days = 7;
  double horizon_days = 0;
  double annual_discount_rate = 0;
  double margin = 1;
  double lookahead_days = 0;  // the alerts' expected purchases
  size_t threads = 0;
  double plan_period_days = 0;  // the effort plan's expected purchases (0: no plan)
};

struct Scores {
  value::CustomerValues values;
  value::ValueOptions options;              // as scored: horizon and discount rate per time unit
  std::vector<model::FitWarning> warnings;  // "p_alive_near_one"
};

// Throws core::Error(kFit) naming a customer whose prediction is not finite.
Scores Score(const ScoreInput& input);

// --strict / [run] strict: throws core::Error(kInput) listing the warnings when there are any.
void RefuseWarnings(const std::vector<model::FitWarning>& warnings);

}  // namespace winnow::project
