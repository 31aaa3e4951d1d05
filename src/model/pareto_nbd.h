// Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting Your Customers: Who Are They and
// What Will They Do Next?", Management Science 33(1), 1-24 [SMC1987]; likelihood and predictions
// in the form of Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
// Expressions", http://brucehardie.com/notes/009/ [FH2005note]. (Equation numbers below are those
// of FH2005note as cited in the issue; they were not re-checked against the PDF here.)
//
// Assumptions: while active, a customer buys at Poisson rate lambda ~ Gamma(r, alpha); its
// lifetime is exponential with rate mu ~ Gamma(s, beta) (shape, rate), lambda and mu independent.
// Data per customer: x = repeat purchases, t_x = time of the last purchase, T = time observed,
// both from the first purchase, in the summary's time unit. Parameters r, alpha, s, beta > 0.
//
// Log-likelihood of one customer (FH2005note eqs. 19-22; no constants dropped), a = r+s+x,
// F(a, b; z) = 2F1(a, b; a+1; z):
//   log L  = lnG(r+x) - lnG(r) + r ln(alpha) + s ln(beta) + log( E1 + s/a A0 )
//   log E1 = -(r+x) ln(alpha+T) - s ln(beta+T)                       (alive at T)
//   alpha >= beta:  A0 = F(a, s+1; (alpha-beta)/(alpha+t_x)) / (alpha+t_x)^a
//                      - F(a, s+1; (alpha-beta)/(alpha+T))   / (alpha+T)^a
//   alpha <  beta:  A0 = F(a, r+x; (beta-alpha)/(beta+t_x)) / (beta+t_x)^a
//                      - F(a, r+x; (beta-alpha)/(beta+T))   / (beta+T)^a
//   s/a A0 = s int_{t_x}^T (alpha+u)^-(r+x) (beta+u)^-(s+1) du >= 0   (died in (t_x, T]),
//   0 when t_x = T. The x = 0 case needs nothing special (t_x = 0, then A0 > 0).
// Numerics: log A0 = u1 + log1p(-exp(u2 - u1)), u_k = log F(a, b; z_k) - a ln(base+t_k) (both
// terms positive, u1 > u2; A0 taken as 0 when they are equal in double precision), then
// log(E1 + s/a A0) by log-sum-exp. z_k = (base-other)/(base+t_k) is in [0, 1) and near 1 when
// one of alpha, beta is much smaller than the other and t_k is small. log F comes from
// math/hyp2f1_pareto.h: Euler's transformation and a positive series for z <= 0.9, an
// incomplete-beta quadrature above; the A&S 15.3.6 (1-z) transformation is not used, so s or
// r+x near integers (where its terms have cancelling poles) lose nothing. lnG(r+x) - lnG(r) is
// tabulated per distinct x by lnG(r+x+1) = lnG(r+x) + ln(r+x). No departure from the formula.
//
// Gradient (analytic; w1, wR: the shares of E1 and s/a A0 in their sum; q = e^(u2-u1); for
// alpha >= beta base = alpha, other = beta, b = s+1; else base = beta, other = alpha, b = r+x):
//   d log L = d[lnG(r+x) - lnG(r) + r ln alpha + s ln beta] + w1 d log E1 + wR d log(s/a A0)
//   d log E1:  d/dr = -ln(alpha+T), d/dalpha = -(r+x)/(alpha+T), d/ds = -ln(beta+T),
//              d/dbeta = -s/(beta+T)
//   d log(s/a A0) = [1/s, on s] - [1/a, on r and s] + (d u1 - q d u2) / (1 - q)
//   d u_k:  through a (r and s): F_a - ln(base+t_k);   through b (s or r): F_b;
//           on base: F_z (other+t_k)/(base+t_k)^2 - a/(base+t_k);   on other: -F_z/(base+t_k)
// with F_a, F_b, F_z the partial derivatives of log F (math/hyp2f1_pareto.h), and
// psi(r+x) - psi(r) tabulated per x by psi(r+x+1) = psi(r+x) + 1/(r+x). Tested against a
// fourth-order (5-point) central difference of the log-likelihood.
//
// Predictions:
//   P(alive | x, t_x, T) = E1 / (E1 + s/a A0)                                (FH2005note eq. 18)
//     computed as 1 / (1 + e^L), L = log(s/a A0 / E1), with the large terms of log A0 and log E1
//     (about 1e5 each when s or r + x is 1e4) combined into log1p and log-ratio terms first
//     (pareto_nbd.cc), and 1 - z_k = (other + t_k)/(base + t_k) handed to log F exactly.
//   E[X(t)]              = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)]          (SMC1987)
//   E[Y(t) | x, t_x, T]  = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)]
//                          * P(alive | x, t_x, T)                           (FH2005note eq. 22)
//     For s = 1 the bracket over (s-1) is its limit ln((beta+T+t)/(beta+T)); computed with
//     expm1 of (s-1) ln q, ln q = -log1p(t/(beta+T)), so s near 1 and large s lose nothing.
//   DERT(delta | x, t_x, T) = alpha^r beta^s delta^(s-1) Gamma(r+x+1) U(s, s; delta(beta+T))
//                             / (Gamma(r) (alpha+T)^(r+x+1) L)
//     Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base
//     Analysis", Journal of Marketing Research 42(4), 415-430 [FHL2005b], eq. 2 (U is their Psi).
//     delta: continuously compounded discount rate per time unit (15% a year in weeks:
//     ln(1.15)/52). Computed as the equal P(alive) E[lambda] E[1/(mu+delta)] over the alive
//     posterior (lambda ~ Gamma(r+x, alpha+T), mu ~ Gamma(s, beta+T)), with
//     E[1/(mu+delta)] = (beta+T) int_0^inf e^(-delta(beta+T) t) (1+t)^-s dt.
//
// Test values: CDNOW (tests/data/cdnow): r 0.5533, alpha 10.5776, s 0.6061, beta 11.6650,
// log-likelihood -9594.98 (FHL2005b; the lifetimes package reproduces them with beta 11.6689);
// log F against Boost's hypergeometric_pFq and an independent quadrature; the gradient against
// finite differences; the likelihood against Simpson's rule over the death time; P(alive),
// E[Y(t)], E[X(t)] against importance-sampled Monte Carlo; DERT against direct quadrature over mu;
// recovery of known parameters from simulated customers.
#pragma once

#include "model/model.h"

namespace winnow::model {

struct ParetoNbdParams {
  double r, alpha, s, beta;
};

class ParetoNbd : public Model {
 public:
  std::string name() const override { return "pnbd"; }
  std::vector<std::string> param_names() const override { return {"r", "alpha", "s", "beta"}; }
  std::vector<bool> TimeParams() const override { return {false, true, false, true}; }
  // s -> 0: the dropout rate mu ~ Gamma(s, beta) is 0 for everyone, the NBD model.
  std::vector<ModelLimit> Limits(std::span<const double> params) const override {
    return {{"no_churn_limit", "its no-churn limit (s -> 0: the NBD model, nobody drops out)",
             {params[0], params[1], params[2] * 1e-8, params[3]}}};
  }
  void CheckData(const Observations& data) const override;
  std::vector<double> StartingPoint(const Observations& data) const override;
  double LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                       size_t threads = 1) const override;

  // log L of one customer (the formula above).
  static double CustomerLogLikelihood(const ParetoNbdParams& p, double x, double t_x, double T);
  static double ProbabilityAlive(const ParetoNbdParams& p, double x, double t_x, double T);
  // Expected repeat purchases in (T, T + t] of a customer with history (x, t_x, T).
  static double ConditionalExpectedPurchases(const ParetoNbdParams& p, double t, double x, double t_x, double T);
  // The same at `count` horizons t[k] for one customer: P(alive) (the costly part) once.
  static void ConditionalExpectedPurchasesAt(const ParetoNbdParams& p, const double* t, size_t count, double x,
                                             double t_x, double T, double* out);
  // Expected repeat purchases in (0, t] of a customer just acquired.
  static double ExpectedPurchases(const ParetoNbdParams& p, double t);
  // Discounted expected residual transactions at continuously compounded rate delta per time unit.
  static double DiscountedExpectedResidualTransactions(const ParetoNbdParams& p, double delta, double x, double t_x,
                                                       double T);
};

}  // namespace winnow::model
