// BG/NBD: Fader, Hardie & Lee (2005), "'Counting Your Customers' the Easy Way: An Alternative
// to the Pareto/NBD Model", Marketing Science 24(2), 275-284 [FHL2005a in docs/references.md].
//
// Assumptions: while active, a customer buys at Poisson rate lambda ~ Gamma(r, alpha) (shape,
// rate); after each repeat purchase it drops out with probability p ~ Beta(a, b).
// Data per customer: x = repeat purchases, t_x = time of the last purchase, T = time observed,
// both from the first purchase, in the summary's time unit. Parameters r, alpha, a, b > 0.
//
// Log-likelihood of one customer (FHL2005a eq. 6; the x = 0 term has no dropout part):
//   log L = lnG(r+x) - lnG(r) + r ln(alpha)
//         + lnG(a+b) + lnG(b+x) - lnG(b) - lnG(a+b+x)
//         + log( (alpha+T)^-(r+x) + [x>0] a/(b+x-1) (alpha+t_x)^-(r+x) )
// computed as a log-sum-exp of the last two terms; no constants dropped. The lnG differences
// depend on x alone and are tabulated per distinct x by their recurrences
// (lnG(r+x+1) = lnG(r+x) + ln(r+x), psi(r+x+1) = psi(r+x) + 1/(r+x)).
//
// Gradient (w3, w4: the shares of the two terms inside the last log):
//   d/dr     = psi(r+x) - psi(r) + ln(alpha) - w3 ln(alpha+T) - w4 ln(alpha+t_x)
//   d/dalpha = r/alpha - (r+x) (w3/(alpha+T) + w4/(alpha+t_x))
//   d/da     = psi(a+b) - psi(a+b+x) + w4/a
//   d/db     = psi(a+b) - psi(a+b+x) + psi(b+x) - psi(b) - w4/(b+x-1)
//
// Predictions (FHL2005a eqs. 9, 10, 13 and the P(alive) of Fader, Hardie & Lee 2008 note):
//   E[X(t)]                = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]
//   P(alive | x, t_x, T)   = 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
//   E[Y(t) | x, t_x, T]    = (a+b+x-1)/(a-1)
//                            [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))]
//                            * P(alive | x, t_x, T)
// Both expectations are the mixture J of math/hyp2f1.h: an active customer with rate lambda and
// dropout probability p makes (1 - e^(-lambda p t))/p purchases in (0, t] on average, so with
// lambda ~ Gamma(r, alpha), p ~ Beta(a, b) (posterior given alive: Gamma(r+x, alpha+T), Beta(a, b+x))
//   E[X(t)]             = J(a, b, r, t/alpha)
//   E[Y(t) | x, t_x, T] = J(a, b+x, r+x, t/(alpha+T)) * P(alive | x, t_x, T)
// J picks the closed form above (after Euler's transformation, whose 2F1 parameters do not grow
// with x), a positive series or a quadrature by the criteria stated there; the expectations are
// finite for every a > 0; with a - 1 factored out of the closed form, a = 1 is no special case.
// P(alive) with log((alpha+T)/(alpha+t_x)) = log1p((T-t_x)/(alpha+t_x)). Departure: none in value;
// the paper's closed form is rearranged (a - 1 factored out) and not used where it still
// cancels (b large against r + x, or r + x > a + b + x - 1) or for
// t/(alpha+T+t) > 0.9.
// Test values: the published CDNOW estimates (r 0.243, alpha 4.414, a 0.793, b 2.426,
// log-likelihood -9582.4) and customer 1's E[Y(39)] = 1.226, P(alive) = 0.727
// (tests/data/README.md).
#pragma once

#include "model/model.h"

namespace winnow::model {

struct BgNbdParams {
  double r, alpha, a, b;
};

class BgNbd : public Model {
 public:
  std::string name() const override { return "bgnbd"; }
  std::vector<std::string> param_names() const override { return {"r", "alpha", "a", "b"}; }
  std::vector<bool> TimeParams() const override { return {false, true, false, false}; }
  // a -> 0: no customer ever drops out, the NBD model (Ehrenberg 1959) of the purchases alone.
  std::vector<ModelLimit> Limits(std::span<const double> params) const override {
    return {{"no_churn_limit", "its no-churn limit (a -> 0: the NBD model, nobody drops out)",
             {params[0], params[1], params[2] * 1e-8, params[3]}}};
  }
  void CheckData(const Observations& data) const override;
  std::vector<double> StartingPoint(const Observations& data) const override;
  double LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                       size_t threads = 1) const override;

  static double ProbabilityAlive(const BgNbdParams& p, double x, double t_x, double T);
  // Expected repeat purchases in (T, T + t] of a customer with history (x, t_x, T).
  static double ConditionalExpectedPurchases(const BgNbdParams& p, double t, double x, double t_x, double T);
  // The same at `count` horizons t[k] for one customer (P(alive) once).
  static void ConditionalExpectedPurchasesAt(const BgNbdParams& p, const double* t, size_t count, double x,
                                             double t_x, double T, double* out);
  // Expected repeat purchases in (0, t] of a customer just acquired.
  static double ExpectedPurchases(const BgNbdParams& p, double t);
  // P(X(t) = x): the probability that a customer just acquired makes x repeat purchases in
  // (0, t] (FHL2005a eq. 8):
  //   B(a, b+x)/B(a, b) G(r+x)/(G(r) x!) (alpha/(alpha+t))^r (t/(alpha+t))^x
  //   + [x>0] B(a+1, b+x-1)/B(a, b) [1 - (alpha/(alpha+t))^r sum_{j<x} G(r+j)/(G(r) j!) (t/(alpha+t))^j]
  // The bracket is P(N >= x) for N ~ NBD(r, t/(alpha+t)), computed as the regularized incomplete
  // beta I_z(x, r) (Boost's ibeta / ibetac from the side whose argument is exact) instead of 1 minus
  // a sum, which cancels in the tail. The Beta ratios are ratios of Boost's tgamma_delta_ratio
  // (G(B)/G(a+B)), not lgamma differences, which lose 1e-7 relative at b = 1e8.
  static double PurchaseCountProbability(const BgNbdParams& p, double t, int x);
};

}  // namespace winnow::model
