#include "model/bg_bb.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>

#include "core/error.h"
#include "core/parallel.h"

namespace winnow::model {

using core::Error;
using core::ErrorKind;

namespace {

using boost::math::digamma;

double LnBeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// log L of one row and, when `gradient` is not null, its derivatives (see bg_bb.h).
double RowLogLikelihood(const BgBbParams& p, double x, double t_x, double n, double* gradient) {
  const double alpha = p.alpha, beta = p.beta, gamma = p.gamma, delta = p.delta;
  const double base = -LnBeta(alpha, beta) - LnBeta(gamma, delta);
  const double log_active = base + LnBeta(alpha + x, beta + n - x) + LnBeta(gamma, delta + n);
  double log_term = base + LnBeta(alpha + x, beta + t_x - x) + LnBeta(gamma + 1, delta + t_x);
  const auto terms = static_cast<long>(n - t_x);
  const double top = terms > 0 ? std::max(log_active, log_term) : log_active;
  const double e_active = std::exp(log_active - top);
  double sum = e_active;
  std::array<double, 4> d_active{}, d_term{}, d_sum{};
  if (gradient != nullptr) {
    const double psi_a = digamma(alpha + x) - digamma(alpha) + digamma(alpha + beta);
    const double psi_b = -digamma(beta) + digamma(alpha + beta);
    const double psi_g = -digamma(gamma) + digamma(gamma + delta);
    const double psi_d = -digamma(delta) + digamma(gamma + delta);
    const double psi_abn = digamma(alpha + beta + n), psi_gdn = digamma(gamma + delta + n);
    d_active = {psi_a - psi_abn, digamma(beta + n - x) - psi_abn + psi_b, digamma(gamma) - psi_gdn + psi_g,
                digamma(delta + n) - psi_gdn + psi_d};
    const double psi_abt = digamma(alpha + beta + t_x), psi_gdt = digamma(gamma + delta + 1 + t_x);
    d_term = {psi_a - psi_abt, digamma(beta + t_x - x) - psi_abt + psi_b, digamma(gamma + 1) - psi_gdt + psi_g,
              digamma(delta + t_x) - psi_gdt + psi_d};
    for (size_t k = 0; k < 4; ++k) d_sum[k] = e_active * d_active[k];
  }
  for (long i = 0; i < terms; ++i) {
    const double e = std::exp(log_term - top);
    sum += e;
    if (gradient != nullptr) {
      for (size_t k = 0; k < 4; ++k) d_sum[k] += e * d_term[k];
    }
    if (i + 1 == terms) break;
    // From (m, k) = (t_x-x+i, t_x+i) to (m+1, k+1).
    const double m = t_x - x + static_cast<double>(i), k = t_x + static_cast<double>(i);
    const double ab = alpha + beta + k, gd = gamma + delta + 1 + k;
    log_term += std::log((beta + m) / ab) + std::log((delta + k) / gd);
    if (gradient != nullptr) {
      d_term[0] -= 1.0 / ab;
      d_term[1] += 1.0 / (beta + m) - 1.0 / ab;
      d_term[2] -= 1.0 / gd;
      d_term[3] += 1.0 / (delta + k) - 1.0 / gd;
    }
  }
  if (gradient != nullptr) {
    for (size_t k = 0; k < 4; ++k) gradient[k] = d_sum[k] / sum;
  }
  return top + std::log(sum);
}

// sum_{k = from+1}^{from+count} B(gamma, delta+k) / B(gamma, delta): the expected number of
// opportunities from+1 .. from+count at which a customer active at 0 is still active.
double ActiveOpportunities(double gamma, double delta, double from, double count) {
  if (std::abs(gamma - 1) < 1e-6) {
    double total = 0;
    for (double k = from + 1; k <= from + count; k += 1) {
      total += std::exp(LnBeta(gamma, delta + k) - LnBeta(gamma, delta));
    }
    return total;
  }
  // delta/(gamma-1) G(gamma+delta)/G(1+delta) [H(from) - H(from+count)], H(m) = G(1+delta+m)/G(gamma+delta+m).
  const auto log_h = [&](double m) { return std::lgamma(1 + delta + m) - std::lgamma(gamma + delta + m); };
  const double scale = std::exp(std::log(delta) + std::lgamma(gamma + delta) - std::lgamma(1 + delta) + log_h(from));
  return scale * -std::expm1(log_h(from + count) - log_h(from)) / (gamma - 1);
}

}  // namespace

void BgBb::CheckData(const Observations& data) const {
  const size_t n = data.size();
  if (data.frequency.size() != n || data.recency.size() != n || data.age.size() != n) {
    throw Error(ErrorKind::kInput, "bgbb needs frequency, recency and periods (n) for every customer");
  }
  if (n == 0) throw Error(ErrorKind::kFit, "bgbb: no customers to fit");
  bool any_transaction = false, any_gap = false;
  for (size_t i = 0; i < n; ++i) {
    const double x = data.frequency[i], t_x = data.recency[i], periods = data.age[i], w = data.weight[i];
    const auto bad = [&](const char* what) {
      return Error(ErrorKind::kInput, fmt::format("bgbb: row {} (frequency {}, recency {}, periods {}, weight {}): {}",
                                                  i + 1, x, t_x, periods, w, what));
    };
    const auto whole = [](double v) { return std::isfinite(v) && v == std::floor(v); };
    if (!whole(periods) || periods < 1 || periods > 1e6) throw bad("periods must be a whole number from 1 to 1,000,000");
    if (!whole(x) || x < 0 || x > periods) throw bad("frequency must be a whole number from 0 to periods");
    if (!whole(t_x) || t_x < x || t_x > periods) throw bad("recency must be a whole number from frequency to periods");
    if (x == 0 && t_x != 0) throw bad("recency must be 0 when frequency is 0");
    if (!(w > 0) || !std::isfinite(w)) throw bad("weight must be > 0");
    any_transaction |= x > 0;
    any_gap |= x < periods;
  }
  if (!any_transaction) {
    throw Error(ErrorKind::kFit, "bgbb: no customer has a transaction, so transaction and dropout probabilities cannot "
                                 "be told apart")
        .Hint("a longer observation period or more customers are needed");
  }
  if (!any_gap) {
    throw Error(ErrorKind::kFit, "bgbb: every customer transacted at every opportunity, so the transaction "
                                 "probability runs off to 1 and dropout cannot be estimated");
  }
}

std::vector<double> BgBb::StartingPoint(const Observations& data) const {
  double transactions = 0, opportunities = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    transactions += data.weight[i] * data.frequency[i];
    opportunities += data.weight[i] * data.age[i];
  }
  // E[p] about the observed share of opportunities used, some dropout.
  const double share = std::clamp((transactions + 0.5) / (opportunities + 1.0), 0.05, 0.95);
  return {share * 2.0, (1 - share) * 2.0, 1.0, 3.0};
}

double BgBb::LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                           size_t threads) const {
  const BgBbParams p{params[0], params[1], params[2], params[3]};
  const bool want_gradient = !gradient.empty();
  const size_t n = data.size();
  const size_t chunk = 1 << 12;
  const size_t chunks = (n + chunk - 1) / chunk;
  std::vector<std::array<double, 5>> partial(chunks, {0, 0, 0, 0, 0});
  core::ParallelFor(chunks, threads, [&](size_t c) {
    std::array<double, 5> acc{0, 0, 0, 0, 0};
    double row_gradient[4];
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      const double w = data.weight[i];
      acc[0] += w * RowLogLikelihood(p, data.frequency[i], data.recency[i], data.age[i],
                                     want_gradient ? row_gradient : nullptr);
      if (want_gradient) {
        for (size_t k = 0; k < 4; ++k) acc[k + 1] += w * row_gradient[k];
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

double BgBb::LogLikelihoodOne(const BgBbParams& p, double x, double t_x, double n) {
  return RowLogLikelihood(p, x, t_x, n, nullptr);
}

double BgBb::ProbabilityAlive(const BgBbParams& p, double x, double t_x, double n) {
  const double log_active = LnBeta(p.alpha + x, p.beta + n - x) - LnBeta(p.alpha, p.beta) +
                            LnBeta(p.gamma, p.delta + n + 1) - LnBeta(p.gamma, p.delta);
  return std::exp(log_active - LogLikelihoodOne(p, x, t_x, n));
}

double BgBb::ConditionalExpectedTransactions(const BgBbParams& p, double n_star, double x, double t_x, double n) {
  if (n_star <= 0) return 0.0;
  const double log_scale = LnBeta(p.alpha + x + 1, p.beta + n - x) - LnBeta(p.alpha, p.beta) - LogLikelihoodOne(p, x, t_x, n);
  return std::exp(log_scale) * ActiveOpportunities(p.gamma, p.delta, n, n_star);
}

double BgBb::DiscountedExpectedTransactions(const BgBbParams& p, int64_t horizon, double d, double x, double t_x,
                                            double n) {
  if (horizon <= 0) return 0.0;
  const double log_scale = LnBeta(p.alpha + x + 1, p.beta + n - x) - LnBeta(p.alpha, p.beta) - LogLikelihoodOne(p, x, t_x, n);
  double active = std::exp(LnBeta(p.gamma, p.delta + n + 1) - LnBeta(p.gamma, p.delta));
  const double step = 1.0 / (1.0 + d);
  double discount = step, total = 0;
  for (int64_t k = 1; k <= horizon; ++k) {
    total += active * discount;
    const double m = n + static_cast<double>(k);
    active *= (p.delta + m) / (p.gamma + p.delta + m);
    discount *= step;
  }
  return std::exp(log_scale) * total;
}

double BgBb::ExpectedTransactions(const BgBbParams& p, double n) {
  if (n <= 0) return 0.0;
  return p.alpha / (p.alpha + p.beta) * ActiveOpportunities(p.gamma, p.delta, 0, n);
}

}  // namespace winnow::model
