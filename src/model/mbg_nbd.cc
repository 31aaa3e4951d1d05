#include "model/mbg_nbd.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/parallel.h"
#include "math/hyp2f1.h"
#include "model/purchase_data.h"

namespace winnow::model {

using core::Error;
using core::ErrorKind;

void MbgNbd::CheckData(const Observations& data) const { CheckPurchaseData(name(), data); }

std::vector<double> MbgNbd::StartingPoint(const Observations& data) const {
  double purchases = 0, time = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    purchases += data.weight[i] * (data.frequency[i] + 0.5);
    time += data.weight[i] * data.age[i];
  }
  return {1.0, std::max(1e-3, time / purchases), 1.0, 1.0};
}

double MbgNbd::LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                             size_t threads) const {
  const double r = params[0], alpha = params[1], a = params[2], b = params[3];
  const bool want_gradient = !gradient.empty();
  // Per distinct x: lnG(r+x) - lnG(r) + lnB(a, b+x+1) - lnB(a, b) and its derivatives.
  const size_t max_x = MaxFrequency(data);
  std::vector<double> lg(max_x + 1), d_r(max_x + 1), d_a(max_x + 1), d_b(max_x + 1);
  {
    double sum_r = 0, inv_r = 0;
    double sum_b = std::log(b), sum_ab = std::log(a + b), inv_b = 1.0 / b, inv_ab = 1.0 / (a + b);
    for (size_t x = 0; x <= max_x; ++x) {
      lg[x] = sum_r + sum_b - sum_ab;
      d_r[x] = inv_r;
      d_a[x] = -inv_ab;
      d_b[x] = inv_b - inv_ab;
      const double xd = static_cast<double>(x);
      sum_r += std::log(r + xd);
      inv_r += 1.0 / (r + xd);
      sum_b += std::log(b + xd + 1);
      sum_ab += std::log(a + b + xd + 1);
      inv_b += 1.0 / (b + xd + 1);
      inv_ab += 1.0 / (a + b + xd + 1);
    }
  }
  const double log_alpha = std::log(alpha), log_a = std::log(a);
  const size_t n = data.size();
  const size_t chunk = 1 << 14;
  const size_t chunks = (n + chunk - 1) / chunk;
  std::vector<std::array<double, 5>> partial(chunks, {0, 0, 0, 0, 0});
  core::ParallelFor(chunks, threads, [&](size_t c) {
    std::array<double, 5> acc{0, 0, 0, 0, 0};
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      const double x = data.frequency[i], t_x = data.recency[i], T = data.age[i], w = data.weight[i];
      const auto xi = static_cast<size_t>(x);
      const double log_aT = std::log(alpha + T), log_at = std::log(alpha + t_x);
      const double l3 = -(r + x) * log_aT;
      const double l4 = log_a - std::log(b + x) - (r + x) * log_at;
      const double m = std::max(l3, l4);
      const double e3 = std::exp(l3 - m), e4 = std::exp(l4 - m);
      const double w3 = e3 / (e3 + e4), w4 = e4 / (e3 + e4);
      acc[0] += w * (lg[xi] + r * log_alpha + m + std::log(e3 + e4));
      if (want_gradient) {
        acc[1] += w * (d_r[xi] + log_alpha - w3 * log_aT - w4 * log_at);
        acc[2] += w * (r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x)));
        acc[3] += w * (d_a[xi] + w4 / a);
        acc[4] += w * (d_b[xi] - w4 / (b + x));
      }
    }
    partial[c] = acc;
  });
  std::array<double, 5> total{0, 0, 0, 0, 0};
  for (const auto& part : partial) {
    for (size_t k = 0; k < 5; ++k) total[k] += part[k];
  }
  if (want_gradient) {
    for (size_t k = 0; k < 4; ++k) gradient[k] = total[k + 1];
  }
  return total[0];
}

double MbgNbd::ProbabilityAlive(const MbgNbdParams& p, double x, double t_x, double T) {
  const double log_odds = std::log(p.a) - std::log(p.b + x) + (p.r + x) * std::log1p((T - t_x) / (p.alpha + t_x));
  return 1.0 / (1.0 + std::exp(log_odds));
}

double MbgNbd::ConditionalExpectedPurchases(const MbgNbdParams& p, double t, double x, double t_x, double T) {
  if (t <= 0) return 0.0;
  return math::DropoutExpectation(p.a, p.b + x + 1, p.r + x, t / (p.alpha + T)) * ProbabilityAlive(p, x, t_x, T);
}

void MbgNbd::ConditionalExpectedPurchasesAt(const MbgNbdParams& p, const double* t, size_t count, double x,
                                            double t_x, double T, double* out) {
  const double alive = ProbabilityAlive(p, x, t_x, T);
  std::vector<double> u(count);
  for (size_t k = 0; k < count; ++k) u[k] = std::max(0.0, t[k]) / (p.alpha + T);
  math::DropoutExpectations(p.a, p.b + x + 1, p.r + x, u.data(), count, out);
  for (size_t k = 0; k < count; ++k) out[k] *= alive;
}

double MbgNbd::ExpectedPurchases(const MbgNbdParams& p, double t) {
  if (t <= 0) return 0.0;
  return p.b / (p.a + p.b) * math::DropoutExpectation(p.a, p.b + 1, p.r, t / p.alpha);
}

}  // namespace winnow::model
