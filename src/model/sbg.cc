#include "model/sbg.h"

#include <fmt/format.h>

#include <array>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>

#include "core/error.h"
#include "core/parallel.h"
#include "math/hyp2f1.h"

namespace winnow::model {

using core::Error;
using core::ErrorKind;

namespace {

using boost::math::digamma;

double LnBeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

}  // namespace

void ShiftedBetaGeometric::CheckData(const Observations& data) const {
  const size_t n = data.size();
  if (data.age.size() != n || data.churned.size() != n) {
    throw Error(ErrorKind::kInput, "sbg needs a duration (periods) and a churned flag for every customer");
  }
  if (n == 0) throw Error(ErrorKind::kFit, "sbg: no customers to fit");
  bool any_churn = false, beyond_first = false;
  for (size_t i = 0; i < n; ++i) {
    const double t = data.age[i], churned = data.churned[i], w = data.weight[i];
    const auto bad = [&](const char* what) {
      return Error(ErrorKind::kInput,
                   fmt::format("sbg: row {} (periods {}, churned {}, weight {}): {}", i + 1, t, churned, w, what));
    };
    if (!std::isfinite(t) || t != std::floor(t) || t < 1 || t > 1e6) {
      throw bad("periods must be a whole number from 1 to 1,000,000");
    }
    if (churned != 0 && churned != 1) throw bad("churned must be 0 or 1");
    if (!(w > 0) || !std::isfinite(w)) throw bad("weight must be > 0");
    any_churn |= churned == 1;
    beyond_first |= t > 1;
  }
  if (!any_churn) {
    throw Error(ErrorKind::kFit, "sbg: no contract has ended, so the churn probability cannot be estimated")
        .Hint("a longer observation period or more customers are needed");
  }
  if (!beyond_first) {
    throw Error(ErrorKind::kFit, "sbg: only the first period is observed, which fixes alpha/(alpha+beta) but not "
                                 "the heterogeneity of churn")
        .Hint("at least two periods of renewals are needed");
  }
}

std::vector<double> ShiftedBetaGeometric::StartingPoint(const Observations& /*data*/) const { return {1.0, 1.0}; }

double ShiftedBetaGeometric::LogLikelihood(const Observations& data, std::span<const double> params,
                                           std::span<double> gradient, size_t threads) const {
  const double alpha = params[0], beta = params[1];
  const bool want_gradient = !gradient.empty();
  const double ln_b = LnBeta(alpha, beta);
  const double psi_ab = want_gradient ? digamma(alpha + beta) : 0.0, psi_b = want_gradient ? digamma(beta) : 0.0;
  const size_t n = data.size();
  const size_t chunk = 1 << 14;
  const size_t chunks = (n + chunk - 1) / chunk;
  std::vector<std::array<double, 3>> partial(chunks, {0, 0, 0});
  core::ParallelFor(chunks, threads, [&](size_t c) {
    std::array<double, 3> acc{0, 0, 0};
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      const double t = data.age[i], w = data.weight[i];
      const bool churned = data.churned[i] == 1;
      if (churned) {
        acc[0] += w * (LnBeta(alpha + 1, beta + t - 1) - ln_b);
      } else {
        acc[0] += w * (LnBeta(alpha, beta + t) - ln_b);
      }
      if (want_gradient) {
        const double psi_abt = digamma(alpha + beta + t);
        if (churned) {
          acc[1] += w * (1.0 / alpha - psi_abt + psi_ab);
          acc[2] += w * (digamma(beta + t - 1) - psi_b - psi_abt + psi_ab);
        } else {
          acc[1] += w * (psi_ab - psi_abt);
          acc[2] += w * (digamma(beta + t) - psi_b - psi_abt + psi_ab);
        }
      }
    }
    partial[c] = acc;
  });
  std::array<double, 3> total{0, 0, 0};
  for (const auto& part : partial) {
    for (size_t k = 0; k < 3; ++k) total[k] += part[k];
  }
  if (want_gradient) {
    gradient[0] = total[1];
    gradient[1] = total[2];
  }
  return total[0];
}

double ShiftedBetaGeometric::ChurnProbability(const SbgParams& p, double t) {
  if (t < 1) return 0.0;
  return std::exp(LnBeta(p.alpha + 1, p.beta + t - 1) - LnBeta(p.alpha, p.beta));
}

double ShiftedBetaGeometric::Survival(const SbgParams& p, double t) {
  if (t <= 0) return 1.0;
  return std::exp(LnBeta(p.alpha, p.beta + t) - LnBeta(p.alpha, p.beta));
}

double ShiftedBetaGeometric::RetentionRate(const SbgParams& p, double t) {
  return (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
}

double ShiftedBetaGeometric::DiscountedExpectedResidualLifetime(const SbgParams& p, double d, double n) {
  if (!(d > 0) || !std::isfinite(d)) {
    throw Error(ErrorKind::kInput, fmt::format("sbg: discount rate {} must be > 0 (per period)", d));
  }
  double f = 0;
  if (!math::Hyp2F1(1.0, p.beta + n, p.alpha + p.beta + n, 1.0 / (1.0 + d), &f)) {
    throw Error(ErrorKind::kFit, fmt::format("sbg: the lifetime value (DERL) of a contract in period {} cannot be "
                                             "computed at discount rate {} (alpha = {:.6g}, beta = {:.6g}): its "
                                             "hypergeometric series does not converge for so small a rate with these "
                                             "parameters",
                                             n, d, p.alpha, p.beta))
        .Hint("use a larger --discount-rate (such as 0.01 per period), or a finite --horizon instead of --lifetime");
  }
  return RetentionRate(p, n) * f;
}

void ShiftedBetaGeometric::ExpectedPeriods(const SbgParams& p, int64_t horizon, double d, double n, double* expected,
                                           double* discounted) {
  *expected = 0;
  *discounted = 0;
  const double base = Survival(p, n);
  for (int64_t k = 1; k <= horizon; ++k) {
    const double share = Survival(p, n + static_cast<double>(k)) / base;
    *expected += share;
    *discounted += share / std::pow(1 + d, static_cast<double>(k));
  }
}

}  // namespace winnow::model
