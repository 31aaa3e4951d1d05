// Stage 14 of the main job: the plausibility guard (value/plausibility.h). Every customer's
// numbers and the totals are checked before anything is written; customers whose predicted
// revenue cannot be right are flagged.
#pragma once

#include <string>
#include <vector>

#include "project/stages/ingest.h"
#include "results/results.h"
#include "value/customer_value.h"
#include "value/plausibility.h"

namespace winnow::project {

struct CheckInput {
  const Ingested* ingested = nullptr;
  const value::CustomerValues* values = nullptr;
  double total_value = 0;
  std::vector<double> tier_shares;  // each tier's share of the total value
  std::vector<std::string> tier_names;
  bool fit_warnings = false;  // whether the fit was warned about (for the hint)
};

struct Checked {
  value::Plausibility plausibility;
  results::PlausibilitySection section;
  std::vector<std::string> notes;
};

// Throws core::Error(kInput) listing the failures when a number cannot be right.
Checked CheckResults(const CheckInput& input);

}  // namespace winnow::project
