// BG/BB: Fader, Hardie & Shang (2010), "Customer-Base Analysis in a Discrete-Time Noncontractual
// Setting", Marketing Science 29(6), 1086-1108 [FHS2010].
//
// Assumptions: customers have discrete transaction opportunities 1, 2, ..., n after the first
// (e.g. yearly donation appeals). While active, a customer transacts at each opportunity with
// probability p ~ Beta(alpha, beta); at the start of each opportunity an active customer becomes
// inactive for good with probability theta ~ Beta(gamma, delta); p and theta independent.
// So a customer is active at opportunity t with probability (1-theta)^t.
// Data per customer (Observations columns): frequency = x, transactions in opportunities 1..n;
// recency = t_x, the index of the last opportunity with a transaction (0 when x = 0); age = n,
// the number of opportunities observed. All whole numbers with 0 <= x <= t_x <= n, n >= 1.
// Parameters alpha, beta, gamma, delta > 0.
//
// Log-likelihood of one customer (FHS2010 eqs. 5 and 7 as numbered in our brief; not re-checked):
//   L = B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n)/B(gamma,delta)              (active at n)
//     + sum_{i=0}^{n-t_x-1} B(alpha+x, beta+t_x-x+i)/B(alpha,beta)
//                           B(gamma+1, delta+t_x+i)/B(gamma,delta)              (inactive from t_x+i+1)
//   log L = log-sum-exp over the n - t_x + 1 terms, each on the log scale as
//     lnB(alpha+x, beta+m) - lnB(alpha,beta) + lnB(gamma+c, delta+k) - lnB(gamma,delta)
//   with (m, c, k) = (n-x, 0, n) for the first term and (t_x-x+i, 1, t_x+i) for the others.
// No constants dropped. The i = 0 term by lgamma; each next one from the previous by the ratio
//   (beta+m)/(alpha+beta+x+m) * (delta+k)/(gamma+delta+1+k)
// so a row costs n - t_x logs and no further lgamma calls.
//
// Gradient: d log L = sum_j s_j d log term_j with s_j the share of term j in L, where
//   d/dalpha log term = psi(alpha+x) - psi(alpha+beta+x+m) - psi(alpha) + psi(alpha+beta)
//   d/dbeta  log term = psi(beta+m)  - psi(alpha+beta+x+m) - psi(beta)  + psi(alpha+beta)
//   d/dgamma log term = psi(gamma+c) - psi(gamma+delta+c+k) - psi(gamma) + psi(gamma+delta)
//   d/ddelta log term = psi(delta+k) - psi(gamma+delta+c+k) - psi(delta) + psi(gamma+delta)
// again advanced from term to term by psi(z+1) = psi(z) + 1/z.
//
// Predictions (from the story above; the conditional expectation is FHS2010 eq. 13):
//   P(active at n+1 | x, t_x, n) = B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n+1)/B(gamma,delta) / L
//   E[X(n, n+n*) | x, t_x, n]    = 1/L B(alpha+x+1, beta+n-x)/B(alpha,beta) delta/(gamma-1)
//                                  G(gamma+delta)/G(1+delta)
//                                  [G(1+delta+n)/G(gamma+delta+n) - G(1+delta+n+n*)/G(gamma+delta+n+n*)]
//   E[X(n)]                      = alpha/(alpha+beta) delta/(gamma-1)
//                                  [1 - G(gamma+delta) G(1+delta+n) / (G(1+delta) G(gamma+delta+n))]
// (G = Gamma function). At gamma = 1 (|gamma - 1| < 1e-6) the bracket/(gamma-1) is replaced by
// the finite sum it stands for, sum_{k} B(gamma, delta+k)/B(gamma,delta) over the periods.
// Test values: the donation data of FHS2010 (11,104 donors, n = 6; table copied from lifetimes'
// datasets/donations.csv into tests/model/bg_bb_test.cc): alpha 1.204, beta 0.750, gamma 0.657,
// delta 2.783, log-likelihood -33,225.6 (FHS2010); P(alive in 2002) 0.11, 0.59, 0.93 for
// (x, t_x) = (0, 0), (2, 4), (6, 6) (FHS2010 table 6); 12,884.2 expected donations in the next
// 5 years summed over donors (Hardie's BG/BB spreadsheet, as asserted by lifetimes' tests).
#pragma once

#include <cstdint>

#include "model/model.h"

namespace winnow::model {

struct BgBbParams {
  double alpha, beta, gamma, delta;
};

class BgBb : public Model {
 public:
  std::string name() const override { return "bgbb"; }
  std::vector<std::string> param_names() const override { return {"alpha", "beta", "gamma", "delta"}; }
  void CheckData(const Observations& data) const override;
  std::vector<double> StartingPoint(const Observations& data) const override;
  double LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                       size_t threads = 1) const override;

  // log L of one customer (see above).
  static double LogLikelihoodOne(const BgBbParams& p, double x, double t_x, double n);
  // P(the customer is active at opportunity n+1 | x, t_x, n).
  static double ProbabilityAlive(const BgBbParams& p, double x, double t_x, double n);
  // Expected transactions in opportunities n+1 .. n+n_star given (x, t_x, n).
  static double ConditionalExpectedTransactions(const BgBbParams& p, double n_star, double x, double t_x, double n);
  // sum_{k=1..horizon} (E[X(n, n+k)] - E[X(n, n+k-1)]) (1+d)^-k given (x, t_x, n): the expected
  // transaction at opportunity n+k is L^-1 B(alpha+x+1, beta+n-x)/B(alpha,beta) B(gamma,
  // delta+n+k)/B(gamma,delta), the last factor advanced by (delta+n+k)/(gamma+delta+n+k), so a
  // customer costs O(horizon) multiplications and one likelihood.
  static double DiscountedExpectedTransactions(const BgBbParams& p, int64_t horizon, double d, double x, double t_x,
                                               double n);
  // Expected transactions in opportunities 1 .. n of a customer just acquired.
  static double ExpectedTransactions(const BgBbParams& p, double n);
};

}  // namespace winnow::model
