// Shifted-beta-geometric (sBG) model of contract duration: Fader & Hardie (2007), "How to
// Project Customer Retention", Journal of Interactive Marketing 21(1), 76-90 [FH2007]; the
// discounted expected residual lifetime from Fader & Hardie (2010), "Customer-Base Valuation in
// a Contractual Setting: The Perils of Ignoring Heterogeneity", Marketing Science 29(1), 85-93
// [FH2010].
//
// Assumptions: a contract is renewed at the end of each period (month, year) with probability
// 1 - theta, constant for a customer; theta ~ Beta(alpha, beta) across customers. The duration T
// (periods a contract lasts, >= 1) is then shifted-beta-geometric.
// Data per row (Observations columns): age = t, the periods observed (whole number >= 1);
// churned = 1 when the contract ended after t periods, 0 when it is still active after t periods
// (right-censored); weight = customers in the row. Parameters alpha, beta > 0.
//
// Log-likelihood of one row (FH2007, the pmf and survivor function of the sBG):
//   churned:  log P(T = t) = lnB(alpha+1, beta+t-1) - lnB(alpha, beta)
//   active:   log S(t)     = lnB(alpha, beta+t)     - lnB(alpha, beta)
// with lnB(a, b) = lnG(a) + lnG(b) - lnG(a+b); no constants dropped. P(T = 1) = alpha/(alpha+beta).
// FH2007 compute P(T = t) recursively in a spreadsheet; lgamma here gives the same values in
// O(1) per row for any t.
// Gradient:
//   churned:  d/dalpha = 1/alpha - psi(alpha+beta+t) + psi(alpha+beta)
//             d/dbeta  = psi(beta+t-1) - psi(beta) - psi(alpha+beta+t) + psi(alpha+beta)
//   active:   d/dalpha = psi(alpha+beta) - psi(alpha+beta+t)
//             d/dbeta  = psi(beta+t) - psi(beta) - psi(alpha+beta+t) + psi(alpha+beta)
//
// Predictions:
//   retention rate r(t) = P(T > t | T > t-1) = (beta+t-1)/(alpha+beta+t-1)          (FH2007)
//   survival S(t) = B(alpha, beta+t)/B(alpha, beta)                                 (FH2007)
//   DERL(d | n) = (beta+n-1)/(alpha+beta+n-1) 2F1(1, beta+n; alpha+beta+n; 1/(1+d))   (FH2010)
//               = sum_{k >= 0} S(n+k)/S(n-1) (1+d)^-k
//   the discounted expected number of future renewals of a customer who has renewed n-1 times
//   (T > n-1), valued at the end of period n just before the next renewal decision, one unit
//   per renewal, the first one undiscounted; discount rate d > 0 per period (2F1 converges for
//   1/(1+d) < 1 only). Multiply by the margin per period for a value.
// Test values: FH2007's two cohorts fitted on years 1..7 (survivors out of 1000 at years 0..7):
//   regular  1000, 631, 468, 382, 326, 289, 262, 241: alpha 0.704, beta 1.182
//   high end 1000, 869, 743, 653, 593, 551, 517, 491: alpha 0.668, beta 3.806
// (churn counts per year as churned rows, the year-7 survivors as active rows with t = 7).
#pragma once

#include <cstdint>

#include "model/model.h"

namespace winnow::model {

struct SbgParams {
  double alpha, beta;
};

class ShiftedBetaGeometric : public Model {
 public:
  std::string name() const override { return "sbg"; }
  std::vector<std::string> param_names() const override { return {"alpha", "beta"}; }
  void CheckData(const Observations& data) const override;
  std::vector<double> StartingPoint(const Observations& data) const override;
  double LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                       size_t threads = 1) const override;

  // P(T = t), t >= 1.
  static double ChurnProbability(const SbgParams& p, double t);
  // S(t) = P(T > t), t >= 0.
  static double Survival(const SbgParams& p, double t);
  // r(t) = P(T > t | T > t-1), t >= 1.
  static double RetentionRate(const SbgParams& p, double t);
  // DERL(d | n) for n >= 1 and d > 0; throws core::Error(kInput) for d <= 0.
  static double DiscountedExpectedResidualLifetime(const SbgParams& p, double d, double n);
  // The periods a contract active after n periods (T > n) is expected to last in n+1 .. n+horizon,
  //   *expected   = sum_{k=1..horizon} S(n+k)/S(n),
  // and the same with period k discounted by (1+d)^-k into *discounted (d >= 0; d = 0: none).
  // S(n+k)/S(n) = P(T > n+k | T > n) = r(n+1) ... r(n+k): the chance that the period n+k is paid.
  // O(horizon); as horizon -> infinity, *discounted -> DERL(d | n+1) / (1+d).
  static void ExpectedPeriods(const SbgParams& p, int64_t horizon, double d, double n, double* expected,
                              double* discounted);
};

}  // namespace winnow::model
