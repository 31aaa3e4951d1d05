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
  const size_t chunk = 4096;
  core::ParallelFor((n + chunk - 1) / chunk, o.threads, [&](size_t c) {
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      const double x = s.frequency[i], t_x = s.recency(i), T = s.age(i);
      const double horizons[3] = {o.horizon, o.year, o.lookahead};
      double expected[3];
      predictor.ConditionalExpectedPurchasesAt(horizons, 3, x, t_x, T, expected);
      v.expected_purchases[i] = expected[0];
      v.p_alive[i] = predictor.ProbabilityAlive(x, t_x, T);
      v.dert[i] = predictor.DiscountedPurchases(o.horizon, o.discount_rate, x, t_x, T);
      v.expected_spend[i] = model::GammaGamma::ExpectedSpend(spend, x, s.monetary_value[i]);
      v.clv[i] = o.margin * v.expected_spend[i] * v.dert[i];
      v.annual_revenue[i] = v.expected_spend[i] * expected[1];
      v.expected_next[i] = expected[2];
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
