// Gamma-Gamma spend model: Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for
// Customer Base Analysis", Journal of Marketing Research 42(4), 415-430 [FHL2005b], after
// Colombo & Jiang (1999), Journal of Interactive Marketing 13(3), 2-12.
//
// Assumptions: a customer's transaction values are Gamma(p, nu) (shape, rate), i.i.d. and
// independent of the purchase process; nu ~ Gamma(q, gamma) across customers.
// Data per customer with x > 0 repeat transactions: x and their mean value m (monetary).
// Customers with x = 0 or m <= 0 carry no information on spend and are left out (as in
// lifetimes). Parameters p, q, gamma > 0.
//
// Log-likelihood of one customer (FHL2005b, appendix; the density of the mean of x values):
//   log L = lnG(p x + q) - lnG(p x) - lnG(q) + q ln(gamma) + (p x - 1) ln(m) + p x ln(x)
//           - (p x + q) ln(gamma + m x)
// with no constants dropped (it is the density of m, as lifetimes computes it).
// Gradient:
//   d/dp     = x [psi(p x + q) - psi(p x) + ln(m) + ln(x) - ln(gamma + m x)]
//   d/dq     = psi(p x + q) - psi(q) + ln(gamma) - ln(gamma + m x)
//   d/dgamma = q / gamma - (p x + q) / (gamma + m x)
//
// Prediction (FHL2005b eq. 5): E[M | x, m] = (gamma + m x) p / (p x + q - 1), a weighted mean
// of the population mean p gamma / (q - 1) and the customer's own mean m; for x = 0 the
// population mean (needs q > 1).
// Test values: on CDNOW's 946 repeat buyers the exact optimum p 6.2488, q 3.7446, gamma 15.4477,
// log-likelihood -4055.92 (tests/data/README.md).
#pragma once

#include "model/model.h"

namespace winnow::model {

struct GammaGammaParams {
  double p, q, gamma;
};

class GammaGamma : public Model {
 public:
  std::string name() const override { return "gg"; }
  bool UsesMonetary() const override { return true; }
  std::vector<std::string> param_names() const override { return {"p", "q", "gamma"}; }
  // p -> infinity with p gamma fixed: a customer's transactions all have its mean value, and only
  // the customers' means vary. The point (10 p, q, gamma / 10) on the way there: a fit no better
  // than it has run off along that ridge.
  std::vector<ModelLimit> Limits(std::span<const double> params) const override {
    return {{"spend_shape_limit", "the same model further towards p -> infinity (10 p, q, gamma / 10: no spread of a "
             "customer's transaction values around its mean)",
             {params[0] * 10, params[1], params[2] / 10}}};
  }
  void CheckData(const Observations& data) const override;
  std::vector<double> StartingPoint(const Observations& data) const override;
  double LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                       size_t threads = 1) const override;

  // The rows the model uses: x > 0 and monetary > 0.
  static Observations Usable(const Observations& data);
  static double ExpectedSpend(const GammaGammaParams& p, double x, double m);
};

}  // namespace winnow::model
