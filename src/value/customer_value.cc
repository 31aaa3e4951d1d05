#include "value/customer_value.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "core/parallel.h"

namespace winnow::value {

double RatePerUnit(double annual_rate, double unit_days) { return std::pow(1 + annual_rate, unit_days / 365.25) - 1; }

CustomerValues ScoreCustomers(const model::PurchasePredictor& predictor, const model::GammaGammaParams& spend,
                              const summary::CustomerSummary& s, const ValueOptions& o,
                              const std::vector<std::string>& ids) {
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
  const size_t chunk = 4096;
  core::ParallelFor((n + chunk - 1) / chunk, o.threads, [&](size_t c) {
    std::vector<double> expected(horizons.size());
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      const double x = s.frequency[i], t_x = s.recency(i), T = s.age(i);
      predictor.ConditionalExpectedPurchasesAt(horizons.data(), horizons.size(), x, t_x, T, expected.data());
      v.expected_purchases[i] = expected[periods];
      v.p_alive[i] = predictor.ProbabilityAlive(x, t_x, T);
      v.dert[i] = o.discount_rate == 0 ? expected[periods]
                                       : model::PurchasePredictor::DiscountIncrements(horizons.data(), expected.data(),
                                                                                      periods, o.discount_rate);
      v.expected_spend[i] = model::GammaGamma::ExpectedSpend(spend, x, s.monetary_value[i]);
      v.clv[i] = o.margin * v.expected_spend[i] * v.dert[i];
      v.annual_revenue[i] = v.expected_spend[i] * expected[periods + 1];
      v.expected_next[i] = expected[periods + 2];
      v.expected_gap[i] = (o.alpha + T) / (o.r + x);
    }
  });
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(v.clv[i]) || !std::isfinite(v.p_alive[i]) || !std::isfinite(v.expected_purchases[i]) ||
        !std::isfinite(v.annual_revenue[i]) || !std::isfinite(v.expected_next[i])) {
      throw core::Error(core::ErrorKind::kFit,
                        fmt::format("prediction for customer {} (frequency {}, recency {}, T {}) is not finite", ids[i],
                                    s.frequency[i], s.recency(i), s.age(i)));
    }
  }
  return v;
}

}  // namespace winnow::value
