#include "project/stages/check.h"

#include <fmt/format.h>

#include "core/error.h"

namespace winnow::project {

using core::Error;
using core::ErrorKind;

Checked CheckResults(const CheckInput& input) {
  const summary::CustomerSummary& S = input.ingested->summary;
  const size_t n = S.size();
  Checked out;
  value::Plausibility& plausible = out.plausibility;
  std::vector<double> tenure_days(n);
  for (size_t i = 0; i < n; ++i) tenure_days[i] = input.ingested->period.observation_end - S.first_day[i];
  plausible = value::CheckPlausibility({input.values, &S.total_revenue, &tenure_days, &input.ingested->ids});
  value::CheckTotals(input.total_value, input.tier_shares, input.tier_names, &plausible);
  if (!plausible.failures.empty()) {
    throw Error(ErrorKind::kInput, fmt::format("the results fail the plausibility guard, nothing written:\n  {}",
                                               fmt::join(plausible.failures, "\n  ")))
        .Hint(!input.fit_warnings ? "please report this with the log: the model's predictions are out of range"
                                  : "see the warnings about the fit: a degenerate model predicts without bounds");
  }
  out.section = {plausible.flagged, plausible.flagged_clv, plausible.base_rate, plausible.examples};
  if (plausible.flagged > 0) {
    out.notes.push_back(fmt::format("{} customers have an implausible predicted revenue (more than 10 times both their "
                                    "own revenue per year so far and the 99th percentile of the base's, {:.2f}); "
                                    "they are marked \"implausible\" in customers.csv (e.g. {})",
                                    plausible.flagged, plausible.base_rate, fmt::join(plausible.examples, "; ")));
  }
  return out;
}

}  // namespace winnow::project
