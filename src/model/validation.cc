#include "model/validation.h"

#include <cmath>
#include <map>

#include "core/error.h"
#include "core/parallel.h"

namespace winnow::model {

Validation Validate(const PurchasePredictor& predictor, const summary::CustomerSummary& s, size_t threads) {
  if (!s.calibration_end) {
    throw core::Error(core::ErrorKind::kUsage, "validation needs a calibration period and a holdout: give --calibration-end");
  }
  Validation out;
  const size_t n = s.size();
  const double duration = s.duration_holdout();
  std::vector<double>& predicted = out.predicted;
  predicted.resize(n);
  const size_t chunk = 4096;
  core::ParallelFor((n + chunk - 1) / chunk, threads, [&](size_t c) {
    for (size_t k = c * chunk; k < std::min(n, (c + 1) * chunk); ++k) {
      predicted[k] = predictor.ConditionalExpectedPurchases(duration, s.frequency[k], s.recency(k), s.age(k));
    }
  });

  // Per customer.
  HoldoutMetrics& m = out.metrics;
  m.customers = static_cast<double>(n);
  double sum_abs = 0, sum_sq = 0, sum_a = 0, sum_p = 0, sum_aa = 0, sum_pp = 0, sum_ap = 0;
  constexpr int kBuckets = 8;
  double bucket_n[kBuckets] = {}, bucket_a[kBuckets] = {}, bucket_p[kBuckets] = {};
  for (size_t k = 0; k < n; ++k) {
    const double a = s.frequency_holdout[k], p = predicted[k];
    sum_abs += std::abs(a - p);
    sum_sq += (a - p) * (a - p);
    sum_a += a;
    sum_p += p;
    sum_aa += a * a;
    sum_pp += p * p;
    sum_ap += a * p;
    const int bucket = static_cast<int>(std::min<uint32_t>(s.frequency[k], kBuckets - 1));
    bucket_n[bucket] += 1;
    bucket_a[bucket] += a;
    bucket_p[bucket] += p;
  }
  if (n > 0) {
    const double nn = static_cast<double>(n);
    m.actual_total = sum_a;
    m.predicted_total = sum_p;
    m.mae = sum_abs / nn;
    m.rmse = std::sqrt(sum_sq / nn);
    const double cov = sum_ap / nn - (sum_a / nn) * (sum_p / nn);
    const double var_a = sum_aa / nn - (sum_a / nn) * (sum_a / nn);
    const double var_p = sum_pp / nn - (sum_p / nn) * (sum_p / nn);
    m.correlation = var_a > 0 && var_p > 0 ? cov / std::sqrt(var_a * var_p) : 0.0;
  }
  for (int b = 0; b < kBuckets; ++b) {
    if (bucket_n[b] == 0) continue;
    out.conditional.push_back({b == kBuckets - 1 ? std::to_string(b) + "+" : std::to_string(b), bucket_n[b],
                               bucket_a[b] / bucket_n[b], bucket_p[b] / bucket_n[b]});
  }

  // Tracking: customers grouped by the day of their first purchase.
  const double unit = summary::UnitDays(s.unit);
  std::map<core::Day, double> cohort;
  for (size_t k = 0; k < n; ++k) cohort[s.first_day[k] - s.first_log_day] += 1;
  const double span = static_cast<double>(s.observation_end - s.first_log_day + 1);
  const int periods = static_cast<int>(std::ceil(span / unit));
  double previous_predicted = 0, cumulative_actual = 0;
  for (int period = 0; period < periods; ++period) {
    const double end = std::min(span, (period + 1) * unit);  // days after first_log_day
    double predicted_cumulative = 0;
    for (const auto& [first, count] : cohort) {
      if (end > first) predicted_cumulative += count * predictor.ExpectedPurchases((end - first) / unit);
    }
    double actual = 0;
    for (auto d = static_cast<size_t>(std::ceil(period * unit)); d < static_cast<size_t>(std::ceil(end)) && d < s.repeat_by_day.size(); ++d) {
      actual += s.repeat_by_day[d];
    }
    cumulative_actual += actual;
    TrackingPoint point;
    point.period = period;
    point.start = s.first_log_day + static_cast<core::Day>(std::ceil(period * unit));
    point.actual = actual;
    point.predicted = predicted_cumulative - previous_predicted;
    point.actual_cumulative = cumulative_actual;
    point.predicted_cumulative = predicted_cumulative;
    point.holdout = s.first_log_day + static_cast<core::Day>(std::ceil(end)) - 1 > *s.calibration_end;
    out.tracking.push_back(point);
    previous_predicted = predicted_cumulative;
  }
  return out;
}

}  // namespace winnow::model
