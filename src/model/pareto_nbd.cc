#include "model/pareto_nbd.h"

#include <array>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/parallel.h"
#include "math/hyp2f1_pareto.h"
#include "model/purchase_data.h"

namespace winnow::model {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

double LogSumExp(double u, double v) {
  if (u == kNegInf) return v;
  if (v == kNegInf) return u;
  const double m = std::max(u, v);
  return m + std::log1p(std::exp(std::min(u, v) - m));
}

struct LogTerms {
  double log_e1;    // log E1
  double log_rest;  // log(s/a A0), -inf when t_x = T
};

// The two terms inside log(E1 + s/a A0) of one customer.
LogTerms Terms(const ParetoNbdParams& p, double x, double t_x, double T) {
  const double a = p.r + p.s + x;
  LogTerms terms{-(p.r + x) * std::log(p.alpha + T) - p.s * std::log(p.beta + T), kNegInf};
  if (t_x >= T) return terms;
  const bool alpha_larger = p.alpha >= p.beta;
  const double base = alpha_larger ? p.alpha : p.beta;
  const double b = alpha_larger ? p.s + 1.0 : p.r + x;
  const double d = std::abs(p.alpha - p.beta), other = alpha_larger ? p.beta : p.alpha;
  // 1 - z_k = (other + t_k)/(base + t_k), exact where z_k is near 1.
  const double u1 = math::LogHyp2F1Pareto(a, b, d / (base + t_x), (other + t_x) / (base + t_x)) - a * std::log(base + t_x);
  const double u2 = math::LogHyp2F1Pareto(a, b, d / (base + T), (other + T) / (base + T)) - a * std::log(base + T);
  if (!(u2 < u1)) return terms;  // equal up to rounding: A0 below double resolution
  terms.log_rest = std::log(p.s / a) + u1 + std::log1p(-std::exp(u2 - u1));
  return terms;
}

ParetoNbdParams FromSpan(std::span<const double> params) { return {params[0], params[1], params[2], params[3]}; }

// lnG(r+x) - lnG(r) and psi(r+x) - psi(r) for x = 0..max_x as sums of logs and reciprocals.
struct GammaRatios {
  std::vector<double> log, digamma;
};
GammaRatios GammaRatioTable(double r, size_t max_x) {
  GammaRatios table{std::vector<double>(max_x + 1), std::vector<double>(max_x + 1)};
  double sum = 0, inv = 0;
  for (size_t x = 0; x <= max_x; ++x) {
    table.log[x] = sum;
    table.digamma[x] = inv;
    sum += std::log(r + static_cast<double>(x));
    inv += 1.0 / (r + static_cast<double>(x));
  }
  return table;
}

// log L of one row less lnG(r+x) - lnG(r); with `gradient` (r, alpha, s, beta) its derivatives
// less psi(r+x) - psi(r) (the formulas in pareto_nbd.h, chain rule through z and a = r+s+x).
double RowLogLikelihood(const ParetoNbdParams& p, double x, double t_x, double T, double* gradient) {
  const double log_alpha = std::log(p.alpha), log_beta = std::log(p.beta);
  const double front = p.r * log_alpha + p.s * log_beta;
  if (gradient == nullptr) {
    const LogTerms terms = Terms(p, x, t_x, T);
    return front + LogSumExp(terms.log_e1, terms.log_rest);
  }
  const double a = p.r + p.s + x;
  const double log_e1 = -(p.r + x) * std::log(p.alpha + T) - p.s * std::log(p.beta + T);
  const double d_e1[4] = {-std::log(p.alpha + T), -(p.r + x) / (p.alpha + T), -std::log(p.beta + T),
                          -p.s / (p.beta + T)};
  double log_rest = kNegInf, d_rest[4] = {0, 0, 0, 0};
  if (t_x < T) {
    const bool alpha_larger = p.alpha >= p.beta;
    const double base = alpha_larger ? p.alpha : p.beta, other = alpha_larger ? p.beta : p.alpha;
    const double b = alpha_larger ? p.s + 1.0 : p.r + x;
    const double d = base - other;
    double u[2], du[2][4];
    const double times[2] = {t_x, T};
    for (int k = 0; k < 2; ++k) {
      const double span = base + times[k];
      const math::LogHyp2F1 f = math::LogHyp2F1ParetoWithDerivatives(a, b, d / span, (other + times[k]) / span);
      u[k] = f.value - a * std::log(span);
      // u as a function of (a, b, base, other): dz/dbase = (other + t)/span^2, dz/dother = -1/span.
      const double du_a = f.d_a - std::log(span);
      const double du_base = f.d_z * (other + times[k]) / (span * span) - a / span;
      const double du_other = -f.d_z / span;
      // r and s enter through a (both) and b (s when alpha >= beta, r otherwise).
      du[k][0] = du_a + (alpha_larger ? 0.0 : f.d_b);
      du[k][2] = du_a + (alpha_larger ? f.d_b : 0.0);
      du[k][1] = alpha_larger ? du_base : du_other;
      du[k][3] = alpha_larger ? du_other : du_base;
    }
    if (u[1] < u[0]) {
      const double q = std::exp(u[1] - u[0]);
      log_rest = std::log(p.s / a) + u[0] + std::log1p(-q);
      for (int j = 0; j < 4; ++j) d_rest[j] = (du[0][j] - q * du[1][j]) / (1.0 - q);
      d_rest[0] -= 1.0 / a;
      d_rest[2] += 1.0 / p.s - 1.0 / a;
    }
  }
  const double total = LogSumExp(log_e1, log_rest);
  const double share_e1 = std::exp(log_e1 - total), share_rest = log_rest == kNegInf ? 0.0 : std::exp(log_rest - total);
  for (int j = 0; j < 4; ++j) gradient[j] = share_e1 * d_e1[j] + share_rest * d_rest[j];
  gradient[0] += log_alpha;
  gradient[1] += p.r / p.alpha;
  gradient[2] += log_beta;
  gradient[3] += p.s / p.beta;
  return front + total;
}

}  // namespace

void ParetoNbd::CheckData(const Observations& data) const { CheckPurchaseData(name(), data); }

std::vector<double> ParetoNbd::StartingPoint(const Observations& data) const {
  double purchases = 0, time = 0, customers = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    purchases += data.weight[i] * (data.frequency[i] + 0.5);
    time += data.weight[i] * data.age[i];
    customers += data.weight[i];
  }
  return {1.0, std::max(1e-3, time / purchases), 1.0, std::max(1e-3, time / customers)};
}

double ParetoNbd::CustomerLogLikelihood(const ParetoNbdParams& p, double x, double t_x, double T) {
  return std::lgamma(p.r + x) - std::lgamma(p.r) + RowLogLikelihood(p, x, t_x, T, nullptr);
}

double ParetoNbd::LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                                size_t threads) const {
  const bool want_gradient = !gradient.empty();
  const ParetoNbdParams p = FromSpan(params);
  const GammaRatios table = GammaRatioTable(p.r, MaxFrequency(data));
  const size_t n = data.size();
  const size_t chunk = 1 << 12;
  const size_t chunks = (n + chunk - 1) / chunk;
  std::vector<std::array<double, 5>> partial(chunks, {0, 0, 0, 0, 0});
  core::ParallelFor(chunks, threads, [&](size_t c) {
    std::array<double, 5> acc{0, 0, 0, 0, 0};
    double row_gradient[4];
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      const double x = data.frequency[i], t_x = data.recency[i], T = data.age[i], w = data.weight[i];
      const auto xi = static_cast<size_t>(x);
      acc[0] += w * (table.log[xi] + RowLogLikelihood(p, x, t_x, T, want_gradient ? row_gradient : nullptr));
      if (want_gradient) {
        acc[1] += w * (table.digamma[xi] + row_gradient[0]);
        for (size_t k = 1; k < 4; ++k) acc[k + 1] += w * row_gradient[k];
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

// P(alive) = 1 / (1 + e^L), L = log(s/a A0 / E1), with the large terms of log A0 and log E1
// (a log(base + t_x) against (r+x) log(alpha+T) + s log(beta+T), each 1e5 when s or r + x is
// 1e4) combined before rounding: with u_k = log F_k - a log(base + t_k), a = r+s+x,
//   L = log(s/a) + (u_1 - log E1) + log1p(-e^(u_2 - u_1)),
//   u_2 - u_1 = log F_2 - log F_1 - a log1p((T - t_x)/(base + t_x)),
//   u_1 - log E1 = log F_1 + (r+x) log1p((T-t_x)/(alpha+t_x)) + s log((beta+T)/(alpha+t_x))  (base = alpha)
//                = log F_1 + s log1p((T-t_x)/(beta+t_x)) + (r+x) log((alpha+T)/(beta+t_x))    (base = beta).
// (Terms' form, as the likelihood uses it, lost 3e-11 at s = 1e4.)
double ParetoNbd::ProbabilityAlive(const ParetoNbdParams& p, double x, double t_x, double T) {
  if (t_x >= T) return 1.0;
  const double a = p.r + p.s + x;
  const bool alpha_larger = p.alpha >= p.beta;
  const double base = alpha_larger ? p.alpha : p.beta, other = alpha_larger ? p.beta : p.alpha;
  const double b = alpha_larger ? p.s + 1.0 : p.r + x;
  const double d = base - other;
  const double log_f1 = math::LogHyp2F1Pareto(a, b, d / (base + t_x), (other + t_x) / (base + t_x));
  const double log_f2 = math::LogHyp2F1Pareto(a, b, d / (base + T), (other + T) / (base + T));
  const double u2_minus_u1 = log_f2 - log_f1 - a * std::log1p((T - t_x) / (base + t_x));
  if (!(u2_minus_u1 < 0)) return 1.0;  // A0 below double resolution, as in Terms
  const double u1_minus_e1 =
      alpha_larger ? log_f1 + (p.r + x) * std::log1p((T - t_x) / (p.alpha + t_x)) + p.s * std::log((p.beta + T) / (p.alpha + t_x))
                   : log_f1 + p.s * std::log1p((T - t_x) / (p.beta + t_x)) + (p.r + x) * std::log((p.alpha + T) / (p.beta + t_x));
  const double log_odds = std::log(p.s / a) + u1_minus_e1 + std::log1p(-std::exp(u2_minus_u1));
  return 1.0 / (1.0 + std::exp(log_odds));
}

namespace {

// (1 - q^(s-1)) / (s-1) for q = c/(c+t), with its limit -ln q at s = 1. ln q = -log1p(t/c) for
// t/c < 1/4: the log of q rounded would carry eps/|ln q| relative, 1e-12 at t/c = 1e-4, which
// s - 1 in the thousands turns into 3e-11 of the result; above, log (faster than log1p) of q
// loses at most 5e-16.
double PowerDifference(double c, double t, double s) {
  const double ratio = t / c;
  const double log_q = ratio < 0.25 ? -std::log1p(ratio) : std::log(c / (c + t));
  const double e = s - 1.0;
  if (std::abs(e * log_q) < 1e-300) return -log_q;
  return -std::expm1(e * log_q) / e;
}

}  // namespace

double ParetoNbd::ConditionalExpectedPurchases(const ParetoNbdParams& p, double t, double x, double t_x, double T) {
  if (t <= 0) return 0.0;
  const double expected =
      (p.r + x) * (p.beta + T) / (p.alpha + T) * PowerDifference(p.beta + T, t, p.s);
  return expected * ProbabilityAlive(p, x, t_x, T);
}

void ParetoNbd::ConditionalExpectedPurchasesAt(const ParetoNbdParams& p, const double* t, size_t count, double x,
                                               double t_x, double T, double* out) {
  const double scale = (p.r + x) * (p.beta + T) / (p.alpha + T) * ProbabilityAlive(p, x, t_x, T);
  for (size_t k = 0; k < count; ++k) {
    out[k] = t[k] <= 0 ? 0.0 : scale * PowerDifference(p.beta + T, t[k], p.s);
  }
}

double ParetoNbd::ExpectedPurchases(const ParetoNbdParams& p, double t) {
  if (t <= 0) return 0.0;
  return p.r * p.beta / p.alpha * PowerDifference(p.beta, t, p.s);
}

double ParetoNbd::DiscountedExpectedResidualTransactions(const ParetoNbdParams& p, double delta, double x, double t_x,
                                                         double T) {
  if (!(delta > 0)) {
    throw core::Error(core::ErrorKind::kConfig, "Pareto/NBD DERT: the discount rate must be > 0");
  }
  const double log_inverse_rate = std::log(p.beta + T) + math::LogTricomiUssIntegral(p.s, delta * (p.beta + T));
  return ProbabilityAlive(p, x, t_x, T) * (p.r + x) / (p.alpha + T) * std::exp(log_inverse_rate);
}

}  // namespace winnow::model
