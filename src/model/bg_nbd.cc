#include "model/bg_nbd.h"

#include <array>
#include <cmath>

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
  const double log_odds = std::log(p.a) - std::log(p.b + x - 1) + (p.r + x) * (std::log(p.alpha + T) - std::log(p.alpha + t_x));
  return 1.0 / (1.0 + std::exp(log_odds));
}


// (alpha+T)/(alpha+T+t) = 1 - z with z = t/(alpha+T+t), and by Euler's transformation
// (A&S 15.3.3) ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)
//   = (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z),
// whose parameters do not grow with x: no overflow for x in the thousands.
double BgNbd::ConditionalExpectedPurchases(const BgNbdParams& params, double t, double x, double t_x, double T) {
  if (t <= 0) return 0.0;
  BgNbdParams p = params;
  p.a = AwayFromOne(p.a);
  const double z = t / (p.alpha + T + t);
  double f = 0;
  if (!math::Hyp2F1(p.a + p.b - 1 - p.r, p.a - 1, p.a + p.b + x - 1, z, &f)) {
    throw core::Error(core::ErrorKind::kFit, "BG/NBD: the hypergeometric series did not converge");
  }
  const double expected = (p.a + p.b + x - 1) / (p.a - 1) * (1.0 - std::exp((p.a - 1) * std::log1p(-z)) * f);
  return expected * ProbabilityAlive(p, x, t_x, T);
}

double BgNbd::ExpectedPurchases(const BgNbdParams& params, double t) {
  if (t <= 0) return 0.0;
  BgNbdParams p = params;
  p.a = AwayFromOne(p.a);
  const double z = t / (p.alpha + t);
  double f = 0;
  if (!math::Hyp2F1(p.a + p.b - 1 - p.r, p.a - 1, p.a + p.b - 1, z, &f)) {
    throw core::Error(core::ErrorKind::kFit, "BG/NBD: the hypergeometric series did not converge");
  }
  return (p.a + p.b - 1) / (p.a - 1) * (1.0 - std::exp((p.a - 1) * std::log1p(-z)) * f);
}

double BgNbd::PurchaseCountProbability(const BgNbdParams& p, double t, int x) {
  if (x < 0) return 0.0;
  const auto lbeta = [](double u, double v) { return std::lgamma(u) + std::lgamma(v) - std::lgamma(u + v); };
  const double log_b_ab = lbeta(p.a, p.b);
  const double log_rate = std::log(p.alpha) - std::log(p.alpha + t);  // log(alpha/(alpha+t))
  const double log_z = std::log(t) - std::log(p.alpha + t);            // log(t/(alpha+t))
  // NBD term: G(r+j)/(G(r) j!) (alpha/(alpha+t))^r (t/(alpha+t))^j, on the log scale.
  const auto log_nbd = [&](int j) {
    return std::lgamma(p.r + j) - std::lgamma(p.r) - std::lgamma(j + 1.0) + p.r * log_rate + j * log_z;
  };
  double probability = std::exp(lbeta(p.a, p.b + x) - log_b_ab + log_nbd(x));
  if (x > 0) {
    double below = 0;
    for (int j = 0; j < x; ++j) below += std::exp(log_nbd(j));
    probability += std::exp(lbeta(p.a + 1, p.b + x - 1) - log_b_ab) * std::max(0.0, 1.0 - below);
  }
  return probability;
}

}  // namespace winnow::model
