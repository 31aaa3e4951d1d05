// Stage 2 of the main job: choose the purchase model. Each candidate is fitted on the calibration
// period of a deterministic sample of customers and judged on its holdout by the rule of
// model/selection.h (the rule `winnow compare` uses); or the model named in winnow.toml is taken.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/transactions.h"
#include "project/stages/stage.h"
#include "results/results.h"
#include "summary/summary.h"

namespace winnow::project {

struct ChooseModelInput {
  io::TransactionLog* log = nullptr;  // its ids are borrowed while a sample is summarized
  summary::SummaryOptions calibration;  // with the calibration end
  std::string model = "auto";           // model.name: "auto" or a model of the registry
  std::vector<std::string> candidates;  // model.candidates, for "auto"
  double penalizer = 0;
  uint64_t selection_sample = 0;  // customers to compare on (0: all)
  size_t threads = 0;
  std::string time_unit;  // "day", "week" or "month"
  std::string calibration_end, observation_end;  // ISO dates, for the reason
  Say say;
};

struct ModelChoice {
  // chosen, reason, the periods, time unit and penalizer, selection_customers, validation
  // (without per-customer predictions), candidates (ranked, with their calibration fits) and the
  // warnings of the choice and of the calibration fits; the refitted models are the fit stage's.
  results::ModelSection section;
  std::vector<std::string> notes;  // "model not fitted: ..."
};

// Throws core::Error(kFit) when no candidate can be fitted; other errors pass through.
ModelChoice ChooseModel(const ChooseModelInput& input);

// The calibration summary of a deterministic sample of about `wanted` customers (by a hash of
// the customer's id index; all when wanted is 0 or there are fewer).
summary::CustomerSummary SelectionSummary(io::TransactionLog& log, const summary::SummaryOptions& options,
                                          uint64_t wanted);

}  // namespace winnow::project
