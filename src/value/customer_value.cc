#include "value/customer_value.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "core/parallel.h"
#include "model/purchase_data.h"

namespace winnow::value {

double RatePerUnit(double annual_rate, double unit_days) { return std::pow(1 + annual_rate, unit_days / 365.25) - 1; }

CustomerValues ScoreCustomers(const model::PurchasePredictor& predictor, const model::GammaGammaParams& spend,
                              const summary::CustomerSummary& s, const ValueOptions& o,
                              const std::vector<std::string>& ids) {
  for (const auto& [name, value] :
       {std::pair{"horizon", o.horizon}, {"lookahead", o.lookahead}, {"plan period", o.plan_period}}) {
    if (!(value <= kMaxHorizonUnits)) {
      throw core::Error(core::ErrorKind::kConfig,
                        fmt::format("the value {} of {} time units: must be at most {} (time units)", name, value,
                                    kMaxHorizonUnits))
          .Hint("a shorter [value] horizon or [alerts] lookahead in winnow.toml, or a longer time unit");
    }
  }
  const size_t n = s.size();
  CustomerValues v;
  for (auto* column : {&v.expected_purchases, &v.p_alive, &v.dert, &v.expected_spend, &v.clv, &v.annual_revenue,
                       &v.expected_next, &v.expected_gap}) {
    column->resize(n);
  }
  // One batched call per customer: the period ends of the DERT sum, then the horizon, a year and
  // the lookahead (Pareto/NBD computes P(alive), its costly part, once for all of them).
  std::vector<double> horizons = model::PurchasePredictor::PeriodEnds(o.horizon);
  const size_t periods = horizons.size();
  horizons.push_back(o.horizon);
  horizons.push_back(o.year);
  horizons.push_back(o.lookahead);
  const bool planned = o.plan_period > 0;
  if (planned) {
    horizons.push_back(o.plan_period);
    v.expected_in_plan_period.resize(n);
  }
  // Customers with the same (x, t_x, T) have the same purchase predictions: compute them once
  // per distinct history, then per customer only the spend.
  model::Observations histories = model::SummaryObservations(s);
  histories.monetary.clear();  // the purchase predictions do not depend on spend
  std::vector<uint32_t> group_of;
  const model::Observations distinct = model::GroupIdentical(histories, &group_of);
  const size_t m = distinct.size();
  const size_t width = horizons.size() + 2;  // the horizons, then P(alive) and DERT
  std::vector<double> per_history(m * width);
  const size_t chunk = 2048;
  core::ParallelFor((m + chunk - 1) / chunk, o.threads, [&](size_t c) {
    for (size_t g = c * chunk; g < std::min(m, (c + 1) * chunk); ++g) {
      const double x = distinct.frequency[g], t_x = distinct.recency[g], T = distinct.age[g];
      double* out = per_history.data() + g * width;
      predictor.ConditionalExpectedPurchasesAt(horizons.data(), horizons.size(), x, t_x, T, out);
      out[horizons.size()] = predictor.ProbabilityAlive(x, t_x, T);
      out[horizons.size() + 1] =
          o.discount_rate == 0
              ? out[periods]
              : model::PurchasePredictor::DiscountIncrements(horizons.data(), out, periods, o.discount_rate);
    }
  });
  core::ParallelFor((n + 4095) / 4096, o.threads, [&](size_t c) {
    for (size_t i = c * 4096; i < std::min(n, (c + 1) * 4096); ++i) {
      const double* expected = per_history.data() + static_cast<size_t>(group_of[i]) * width;
      const double x = s.frequency[i], T = s.age(i);
      v.expected_purchases[i] = expected[periods];
      v.p_alive[i] = expected[horizons.size()];
      v.dert[i] = expected[horizons.size() + 1];
      v.expected_spend[i] = model::GammaGamma::ExpectedSpend(spend, x, s.monetary_value[i]);
      v.clv[i] = o.margin * v.expected_spend[i] * v.dert[i];
      v.annual_revenue[i] = v.expected_spend[i] * expected[periods + 1];
      v.expected_next[i] = expected[periods + 2];
      if (planned) v.expected_in_plan_period[i] = expected[periods + 3];
      v.expected_gap[i] = (o.alpha + T) / (o.r + x);
    }
  });
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(v.clv[i]) || !std::isfinite(v.p_alive[i]) || !std::isfinite(v.expected_purchases[i]) ||
        !std::isfinite(v.annual_revenue[i]) || !std::isfinite(v.expected_next[i]) ||
        (planned && !std::isfinite(v.expected_in_plan_period[i]))) {
      throw core::Error(core::ErrorKind::kFit,
                        fmt::format("prediction for customer {} (frequency {}, recency {}, T {}) is not finite", ids[i],
                                    s.frequency[i], s.recency(i), s.age(i)));
    }
  }
  return v;
}

}  // namespace winnow::value
