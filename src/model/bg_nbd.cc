#include "model/bg_nbd.h"

#include <algorithm>
#include <array>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/parallel.h"
#include "math/hyp2f1.h"
#include "model/purchase_data.h"

namespace winnow::model {

void BgNbd::CheckData(const Observations& data) const { CheckPurchaseData(name(), data); }

std::vector<double> BgNbd::StartingPoint(const Observations& data) const {
  double purchases = 0, time = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    purchases += data.weight[i] * (data.frequency[i] + 0.5);
    time += data.weight[i] * data.age[i];
  }
  return {1.0, std::max(1e-3, time / purchases), 1.0, 1.0};
}

double BgNbd::LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                            size_t threads) const {
  const double r = params[0], alpha = params[1], a = params[2], b = params[3];
  const bool want_gradient = !gradient.empty();
  // Per distinct x: the lnG differences and their derivatives.
  const size_t max_x = MaxFrequency(data);
  std::vector<double> lg(max_x + 1), d_r(max_x + 1), d_a(max_x + 1), d_b(max_x + 1);
  {
    double sum_r = 0, sum_b = 0, sum_ab = 0, inv_r = 0, inv_b = 0, inv_ab = 0;
    for (size_t x = 0; x <= max_x; ++x) {
      // [lnG(r+x) - lnG(r)] + [lnG(b+x) - lnG(b)] - [lnG(a+b+x) - lnG(a+b)], as sums of logs
      lg[x] = sum_r + sum_b - sum_ab;
      d_r[x] = inv_r;
      d_a[x] = -inv_ab;
      d_b[x] = -inv_ab + inv_b;
      const double xd = static_cast<double>(x);
      sum_r += std::log(r + xd);
      sum_b += std::log(b + xd);
      sum_ab += std::log(a + b + xd);
      inv_r += 1.0 / (r + xd);
      inv_b += 1.0 / (b + xd);
      inv_ab += 1.0 / (a + b + xd);
    }
  }
  const double log_alpha = std::log(alpha), log_a = std::log(a);
  std::vector<double> log_b1(max_x + 1, 0.0);  // log(b + x - 1), x >= 1
  for (size_t x = 1; x <= max_x; ++x) log_b1[x] = std::log(b + static_cast<double>(x) - 1);
  const size_t n = data.size();
  const size_t chunk = 1 << 14;
  const size_t chunks = (n + chunk - 1) / chunk;
  std::vector<std::array<double, 5>> partial(chunks, {0, 0, 0, 0, 0});
  core::ParallelFor(chunks, threads, [&](size_t c) {
    std::array<double, 5> acc{0, 0, 0, 0, 0};
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      const double x = data.frequency[i], t_x = data.recency[i], T = data.age[i], w = data.weight[i];
      const auto xi = static_cast<size_t>(x);
      const double log_aT = std::log(alpha + T);
      const double l3 = -(r + x) * log_aT;
      double tail = l3, w3 = 1, w4 = 0, log_at = 0;
      if (x > 0) {
        log_at = std::log(alpha + t_x);
        const double l4 = log_a - log_b1[xi] - (r + x) * log_at;
        // log(e^l3 + e^l4) = max + log(1 + e^-|l3 - l4|): one exp and one log per row (log, not
        // log1p, which is several times slower here; the absolute error stays at rounding level).
        const double e = std::exp(-std::abs(l3 - l4));
        tail = std::max(l3, l4) + std::log(1.0 + e);
        const double small = e / (1.0 + e), large = 1.0 / (1.0 + e);
        w3 = l3 >= l4 ? large : small;
        w4 = l3 >= l4 ? small : large;
      }
      acc[0] += w * (lg[xi] + r * log_alpha + tail);
      if (want_gradient) {
        acc[1] += w * (d_r[xi] + log_alpha - w3 * log_aT - w4 * log_at);
        acc[2] += w * (r / alpha - (r + x) * (w3 / (alpha + T) + (x > 0 ? w4 / (alpha + t_x) : 0.0)));
        acc[3] += w * (d_a[xi] + w4 / a);
        acc[4] += w * (d_b[xi] - (x > 0 ? w4 / (b + x - 1) : 0.0));
      }
    }
    partial[c] = acc;
  });
  std::array<double, 5> total{0, 0, 0, 0, 0};
  for (const auto& p : partial) {
    for (size_t k = 0; k < 5; ++k) total[k] += p[k];
  }
  if (want_gradient) {
    for (size_t k = 0; k < 4; ++k) gradient[k] = total[k + 1];
  }
  return total[0];
}

double BgNbd::ProbabilityAlive(const BgNbdParams& p, double x, double t_x, double T) {
  if (x <= 0) return 1.0;
  // log((alpha+T)/(alpha+t_x)) as log1p: the difference of two logs of values in the thousands
  // would leave 1e-12 in the odds once multiplied by r + x.
  const double log_odds = std::log(p.a) - std::log(p.b + x - 1) + (p.r + x) * std::log1p((T - t_x) / (p.alpha + t_x));
  return 1.0 / (1.0 + std::exp(log_odds));
}

double BgNbd::ConditionalExpectedPurchases(const BgNbdParams& p, double t, double x, double t_x, double T) {
  if (t <= 0) return 0.0;
  return math::DropoutExpectation(p.a, p.b + x, p.r + x, t / (p.alpha + T)) * ProbabilityAlive(p, x, t_x, T);
}

void BgNbd::ConditionalExpectedPurchasesAt(const BgNbdParams& p, const double* t, size_t count, double x, double t_x,
                                           double T, double* out) {
  const double alive = ProbabilityAlive(p, x, t_x, T);
  std::vector<double> u(count);
  for (size_t k = 0; k < count; ++k) u[k] = std::max(0.0, t[k]) / (p.alpha + T);
  math::DropoutExpectations(p.a, p.b + x, p.r + x, u.data(), count, out);
  for (size_t k = 0; k < count; ++k) out[k] *= alive;
}

double BgNbd::ExpectedPurchases(const BgNbdParams& p, double t) {
  if (t <= 0) return 0.0;
  return math::DropoutExpectation(p.a, p.b, p.r, t / p.alpha);
}

double BgNbd::PurchaseCountProbability(const BgNbdParams& p, double t, int x) {
  if (x < 0) return 0.0;
  if (t <= 0) return x == 0 ? 1.0 : 0.0;
  using boost::math::tgamma_delta_ratio;
  const double log_rate = -std::log1p(t / p.alpha);  // log(1-z) = log(alpha/(alpha+t)), times r up to 1e4
  const double xd = x;
  // G(B)/G(a+B) at B = b, b+x, b+x-1: B(a, b+x)/B(a, b) and B(a+1, b+x-1)/B(a, b) as their ratios.
  const double base = tgamma_delta_ratio(p.b, p.a);
  // NBD(x) = G(r+x)/(G(r) x!) (1-z)^r z^x = z (1-z)/x times the beta density z^(x-1) (1-z)^(r-1) / B(x, r)
  // (Boost's ibeta_derivative, taken at the exact one of z, 1-z as below); lgamma differences would
  // lose 1e-11 at r = 1e4.
  const double z = t / (p.alpha + t), one_minus_z = p.alpha / (p.alpha + t);
  const double nbd = x == 0 ? std::exp(p.r * log_rate)
                     : z <= 0.5 ? boost::math::ibeta_derivative(xd, p.r, z) * z * one_minus_z / xd
                                : boost::math::ibeta_derivative(p.r, xd, one_minus_z) * z * one_minus_z / xd;
  double probability = tgamma_delta_ratio(p.b + xd, p.a) / base * nbd;
  if (x > 0) {
    // P(N >= x) for N ~ NBD(r, z): the regularized incomplete beta I_z(x, r) = 1 - I_(1-z)(r, x),
    // from the side whose argument is exact (1 - z = alpha/(alpha+t) is not 1 - rounded z).
    const double at_least = z <= 0.5 ? boost::math::ibeta(xd, p.r, z) : boost::math::ibetac(p.r, xd, one_minus_z);
    probability += p.a / (p.a + p.b + xd - 1.0) * tgamma_delta_ratio(p.b + xd - 1.0, p.a) / base * at_least;
  }
  return probability;
}

}  // namespace winnow::model
