#include "value/plausibility.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace winnow::value {

namespace {

constexpr size_t kExamples = 5;

}  // namespace

Plausibility CheckPlausibility(const PlausibilityInput& input) {
  const CustomerValues& v = *input.values;
  const std::vector<double>& revenue = *input.revenue;
  const std::vector<double>& tenure = *input.tenure_days;
  const size_t n = v.size();
  Plausibility out;
  out.implausible.assign(n, 0);

  // Values that can never be right.
  struct Column {
    const char* name;
    const std::vector<double>* values;
  };
  const Column columns[] = {{"expected_purchases", &v.expected_purchases}, {"expected_purchases_next", &v.expected_next},
                            {"dert", &v.dert}, {"expected_spend", &v.expected_spend}, {"clv", &v.clv},
                            {"annual_revenue", &v.annual_revenue}};
  for (const Column& c : columns) {
    uint64_t bad = 0;
    std::string first;
    for (size_t i = 0; i < n; ++i) {
      const double x = (*c.values)[i];
      if (std::isfinite(x) && x >= 0) continue;
      if (bad++ == 0) first = fmt::format("customer \"{}\": {}", (*input.ids)[i], x);
    }
    if (bad > 0) out.failures.push_back(fmt::format("{} is negative or not finite for {} customers (first: {})", c.name, bad, first));
  }
  uint64_t bad_p = 0;
  for (size_t i = 0; i < n; ++i) bad_p += !(v.p_alive[i] >= 0 && v.p_alive[i] <= 1);
  if (bad_p > 0) out.failures.push_back(fmt::format("P(alive) is outside [0, 1] for {} customers", bad_p));

  // Implausible predicted revenue against the customer's own history and the base's.
  std::vector<double> rate(n);
  for (size_t i = 0; i < n; ++i) rate[i] = revenue[i] / (std::max(tenure[i], 365.25) / 365.25);
  if (n > 0) {
    std::vector<double> sorted = rate;
    const size_t q = std::min(n - 1, static_cast<size_t>(std::floor(0.99 * static_cast<double>(n - 1))));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(q), sorted.end());
    out.base_rate = std::max(0.0, sorted[q]);
  }
  for (size_t i = 0; i < n; ++i) {
    out.total_clv += std::isfinite(v.clv[i]) ? v.clv[i] : 0.0;
    const double bound = 10 * std::max(rate[i], out.base_rate);
    if (!(v.annual_revenue[i] > bound)) continue;
    out.implausible[i] = 1;
    ++out.flagged;
    out.flagged_clv += std::isfinite(v.clv[i]) ? v.clv[i] : 0.0;
    if (out.examples.size() < kExamples) {
      out.examples.push_back(fmt::format("\"{}\" predicted {:.4g} a year against {:.4g} a year so far", (*input.ids)[i],
                                         v.annual_revenue[i], rate[i]));
    }
  }
  if (out.flagged > 0 && out.flagged_clv > 0.5 * out.total_clv) {
    out.failures.push_back(fmt::format("{} customers with implausible predictions (e.g. {}) hold {:.1f} % of the total "
                                       "CLV {:.4g}",
                                       out.flagged, out.examples.front(), 100 * out.flagged_clv / out.total_clv,
                                       out.total_clv));
  }
  if (!std::isfinite(out.total_clv) || out.total_clv < 0) {
    out.failures.push_back(fmt::format("the total CLV {} is negative or not finite", out.total_clv));
  }
  return out;
}

void CheckTotals(double total_value, const std::vector<double>& tier_shares, const std::vector<std::string>& tier_names,
                 Plausibility* check) {
  if (!std::isfinite(total_value) || total_value < 0) {
    check->failures.push_back(fmt::format("the total value {} is negative or not finite", total_value));
  }
  for (size_t k = 0; k < tier_shares.size(); ++k) {
    const double share = tier_shares[k];
    if (!(share >= -1e-9 && share <= 1 + 1e-9)) {
      check->failures.push_back(fmt::format("tier {} holds {:.4g} % of the value, outside 0..100 %",
                                            k < tier_names.size() ? tier_names[k] : std::to_string(k), 100 * share));
    }
  }
}

}  // namespace winnow::value
