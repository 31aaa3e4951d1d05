// The plausibility guard of `winnow run`: every number it writes is checked before anything is
// written, so that a model evaluated out of its depth cannot put 1e113 into a report.
//
// Per customer (each a failure of the run):
//   expected_purchases, expected_next, dert, expected_spend, clv and annual_revenue are finite and
//   >= 0, and P(alive) is in [0, 1].
// Per customer (a flag, not a failure): the predicted revenue of the next year is implausible when
//   annual_revenue > 10 * max(own, base)
// where own = the customer's revenue per year so far (its revenue over max(its tenure, 1 year))
// and base = the 99th percentile of that rate over all customers: a customer predicted to spend
// ten times more than it ever has and ten times more than nearly every customer ever has.
// Totals (failures of the run): total CLV and total value finite and >= 0, every tier's share of
// the value in [0, 1], and the flagged customers hold at most half of the total CLV (otherwise
// the totals are the flagged predictions, not the customer base).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "value/customer_value.h"

namespace winnow::value {

struct PlausibilityInput {
  const CustomerValues* values;
  const std::vector<double>* revenue;      // revenue so far per customer
  const std::vector<double>* tenure_days;  // days from the first purchase to the observation end
  const std::vector<std::string>* ids;
};

struct Plausibility {
  std::vector<uint8_t> implausible;   // per customer: 1 when flagged
  uint64_t flagged = 0;
  double flagged_clv = 0, total_clv = 0;
  double base_rate = 0;               // the base's 99th percentile of revenue per year
  std::vector<std::string> examples;  // up to 5 flagged customers, with their numbers
  std::vector<std::string> failures;  // what fails the run (empty: the run may write)
};

Plausibility CheckPlausibility(const PlausibilityInput& input);

// Adds the failures of the totals: total value, and each tier's share of it.
void CheckTotals(double total_value, const std::vector<double>& tier_shares, const std::vector<std::string>& tier_names,
                 Plausibility* check);

}  // namespace winnow::value
