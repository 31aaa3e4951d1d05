// The horizon grid of issue 9: E[X(t)], E[Y(t) | x, t_x, T], P(alive), discounted expected
// purchases (per period, and over the lifetime for Pareto/NBD) and the BG/NBD count distribution,
// for BG/NBD, MBG/NBD and Pareto/NBD over the parameter range a fit can reach (a -> 0, b to 1e8,
// r and alpha from 1e-4 to 1e4) and horizons to 1e4 time units, each finite, >= 0 and within
// 1e-10 relative of an independent long double evaluation:
//   BG/NBD, MBG/NBD expectations: the mixture over p ~ Beta by quadrature over p
//     (math/dropout_reference.h), P(alive) from its formula in long double;
//   Pareto/NBD: integrals over time of the Gamma mixture's Laplace transform
//     (E[(1 - e^-mu t)/mu] = int_0^t (beta/(beta+s))^s' ds), over the death time for P(alive),
//     and of e^(-delta s) times it for DERT, by long double Gauss-Kronrod;
//   BG/NBD count distribution: its formula with the negative binomial tail summed in long double.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "math/dropout_reference.h"
#include "model/bg_nbd.h"
#include "model/mbg_nbd.h"
#include "model/model_file.h"
#include "model/pareto_nbd.h"
#include "model/predict.h"

namespace winnow::model {
namespace {

using testing::ReferenceDropoutExpectation;
using testing::ReferenceIntegral;

constexpr double kTolerance = 1e-10;

// Largest relative error seen by a test, printed at its end.
struct Worst {
  double error = 0;
  int cases = 0;
  void Check(double got, long double want, const char* what, double t, const std::vector<double>& params, double x = 0,
             double t_x = 0, double T = 0) {
    // Below the normal doubles (P(alive) of 1e-1062 when r + x = 1e4 and t_x < T) the double
    // result can only be 0 or subnormal: compared absolutely there.
    const double error_here =
        want < 1e-300L ? (std::abs(got - want) <= 1e-300L ? 0.0 : 1.0) : static_cast<double>(std::abs(got - want) / want);
    EXPECT_TRUE(std::isfinite(got) && got >= 0) << what << ": " << got;
    EXPECT_LE(error_here, kTolerance) << what << " t " << t << " params " << params[0] << " " << params[1] << " "
                                      << params[2] << " " << params[3] << " history " << x << " " << t_x << " " << T
                                      << ": " << got << " against " << static_cast<double>(want);
    if (error_here >= error) {
      error = error_here;
      char text[200];
      std::snprintf(text, sizeof text, "%s, t %g, params %g %g %g %g, history %g %g %g", what, t, params[0], params[1],
                    params[2], params[3], x, t_x, T);
      where = text;
    }
    ++cases;
  }
  void Print(const char* name) const {
    std::printf("%s: %d values, largest relative error %.2g (%s)\n", name, cases, error, where.c_str());
  }
  std::string where;
};

// int_lo^hi f on pieces that shrink geometrically towards lo, where f changes on the scale of
// the distance to lo; the last 4^-40 of the interval is taken as f(lo) times its width.
template <typename F>
long double GeometricIntegral(const F& f, long double lo, long double hi) {
  long double total = 0, width = hi - lo;
  for (int k = 0; k < 40; ++k) {
    total += ReferenceIntegral(f, lo + width / 4, lo + width);
    width /= 4;
  }
  return total + f(lo) * width;
}

struct History {
  double x, t_x, T;
};
const History kHistories[] = {{0, 0, 38.86}, {2, 30.43, 38.86}};
const double kHorizons[] = {1, 156, 1e4};
// A heavy buyer (r + x and b + x in the fifties), at the middle horizon only.
const History kHeavy{50, 77, 78};

// P(alive) of BG/NBD (extra = 1: a/(b+x-1)) and MBG/NBD (extra = 0: a/(b+x)).
long double ReferenceAlive(double a, double b, double r, double alpha, const History& h, bool bg) {
  if (bg && h.x == 0) return 1;
  const long double odds = static_cast<long double>(a) / (b + h.x - (bg ? 1 : 0)) *
                           powl((alpha + static_cast<long double>(h.T)) / (alpha + static_cast<long double>(h.t_x)), r + h.x);
  return 1 / (1 + odds);
}

// The reported case (issue 9): a BG/NBD fit at the boundary, a = 4e-6, b = 4,200, predicting 156
// weeks ahead for customers with alpha + T small enough that z = t/(alpha+T+t) passes 0.9, where
// the former evaluation returned -1.4e177 .. 5.6e180. The expectation is E[N] for a customer
// who almost never drops out (p ~ 1e-9): a little below (r+x) t/(alpha+T).
TEST(HorizonGrid, ReportedWholesaleCaseIsInRange) {
  for (const BgNbdParams p : {BgNbdParams{0.5, 2.0, 4e-6, 4200}, BgNbdParams{1.3, 0.5, 4e-6, 4200}}) {
    for (const History h : {History{3, 8, 10}, History{0, 0, 5}, History{12, 15, 15}}) {
      const double t = 156;
      ASSERT_GT(t / (p.alpha + h.T + t), 0.9);
      const double got = BgNbd::ConditionalExpectedPurchases(p, t, h.x, h.t_x, h.T);
      const double alive = BgNbd::ProbabilityAlive(p, h.x, h.t_x, h.T);
      const double no_dropout = (p.r + h.x) * t / (p.alpha + h.T);
      EXPECT_GT(got, 0.9 * alive * no_dropout);
      EXPECT_LE(got, alive * no_dropout);
      const long double want = ReferenceAlive(p.a, p.b, p.r, p.alpha, h, true) *
                               ReferenceDropoutExpectation(p.a, p.b + h.x, p.r + h.x, t / (p.alpha + h.T));
      EXPECT_NEAR(got, static_cast<double>(want), kTolerance * static_cast<double>(want));
      std::printf("x %g t_x %g T %g: E[Y(156)] %.10g, P(alive) %.6g\n", h.x, h.t_x, h.T, got, alive);
    }
  }
}

TEST(HorizonGrid, BgNbdMatchesIndependentEvaluation) {
  Worst worst;
  for (double a : {1e-6, 0.793, 1.0, 10.0}) {
    for (double b : {0.05, 2.4, 4200.0, 1e8}) {
      for (double r : {1e-4, 0.24, 1e4}) {
        for (double alpha : {1e-4, 4.4, 1e4}) {
          const BgNbdParams p{r, alpha, a, b};
          const std::vector<double> v{r, alpha, a, b};
          for (double t : kHorizons) {
            worst.Check(BgNbd::ExpectedPurchases(p, t), ReferenceDropoutExpectation(a, b, r, t / alpha), "E[X(t)]", t, v);
          }
          for (const History& h : kHistories) {
            const long double alive = ReferenceAlive(a, b, r, alpha, h, true);
            worst.Check(BgNbd::ProbabilityAlive(p, h.x, h.t_x, h.T), alive, "P(alive)", 0, v, h.x, h.t_x, h.T);
            for (double t : kHorizons) {
              const long double want = alive * ReferenceDropoutExpectation(a, b + h.x, r + h.x, t / (alpha + h.T));
              worst.Check(BgNbd::ConditionalExpectedPurchases(p, t, h.x, h.t_x, h.T), want, "E[Y(t)]", t, v, h.x, h.t_x,
                          h.T);
            }
          }
          {
            const History& h = kHeavy;
            const long double want = ReferenceAlive(a, b, r, alpha, h, true) *
                                     ReferenceDropoutExpectation(a, b + h.x, r + h.x, 156 / (alpha + h.T));
            worst.Check(BgNbd::ConditionalExpectedPurchases(p, 156, h.x, h.t_x, h.T), want, "E[Y(t)] heavy", 156, v, h.x,
                        h.t_x, h.T);
          }
        }
      }
    }
  }
  worst.Print("BG/NBD");
}

TEST(HorizonGrid, MbgNbdMatchesIndependentEvaluation) {
  Worst worst;
  for (double a : {1e-6, 0.793, 1.0, 10.0}) {
    for (double b : {0.05, 2.4, 4200.0, 1e8}) {
      for (double r : {1e-4, 0.24, 1e4}) {
        for (double alpha : {1e-4, 4.4, 1e4}) {
          const MbgNbdParams p{r, alpha, a, b};
          const std::vector<double> v{r, alpha, a, b};
          for (double t : kHorizons) {
            const long double want = static_cast<long double>(b) / (static_cast<long double>(a) + b) *
                                     ReferenceDropoutExpectation(a, b + 1, r, t / alpha);
            worst.Check(MbgNbd::ExpectedPurchases(p, t), want, "E[X(t)]", t, v);
          }
          for (const History& h : kHistories) {
            const long double alive = ReferenceAlive(a, b, r, alpha, h, false);
            worst.Check(MbgNbd::ProbabilityAlive(p, h.x, h.t_x, h.T), alive, "P(alive)", 0, v, h.x, h.t_x, h.T);
            for (double t : kHorizons) {
              const long double want = alive * ReferenceDropoutExpectation(a, b + h.x + 1, r + h.x, t / (alpha + h.T));
              worst.Check(MbgNbd::ConditionalExpectedPurchases(p, t, h.x, h.t_x, h.T), want, "E[Y(t)]", t, v, h.x,
                          h.t_x, h.T);
            }
          }
          {
            const History& h = kHeavy;
            const long double want = ReferenceAlive(a, b, r, alpha, h, false) *
                                     ReferenceDropoutExpectation(a, b + h.x + 1, r + h.x, 156 / (alpha + h.T));
            worst.Check(MbgNbd::ConditionalExpectedPurchases(p, 156, h.x, h.t_x, h.T), want, "E[Y(t)] heavy", 156, v, h.x,
                        h.t_x, h.T);
          }
        }
      }
    }
  }
  worst.Print("MBG/NBD");
}

// Pareto/NBD references. With mu ~ Gamma(s, c): E[(1 - e^(-mu t))/mu] = int_0^t (c/(c+y))^s dy.
long double ParetoLifetimeIntegral(double s, double c, double t) {
  return GeometricIntegral([&](long double y) { return powl(c / (c + y), s); }, 0.0L, t);
}

// P(alive) = 1 / (1 + s int_{t_x}^T ((alpha+T)/(alpha+y))^(r+x) ((beta+T)/(beta+y))^s / (beta+y) dy):
// the likelihood's "died at y in (t_x, T]" over its "alive at T" (FH2005note).
long double ParetoReferenceAlive(const ParetoNbdParams& p, const History& h) {
  if (h.t_x >= h.T) return 1;
  const long double ratio = GeometricIntegral(
      [&](long double y) {
        return expl((p.r + h.x) * logl((p.alpha + h.T) / (p.alpha + y)) + p.s * logl((p.beta + h.T) / (p.beta + y))) /
               (p.beta + y);
      },
      h.t_x, h.T);
  return 1 / (1 + p.s * ratio);
}

TEST(HorizonGrid, ParetoNbdMatchesIndependentEvaluation) {
  Worst worst;
  const double delta = std::log(1.15) / 52;
  for (double r : {1e-4, 0.55, 1e4}) {
    for (double alpha : {1e-4, 10.6, 1e4}) {
      for (double s : {1e-4, 0.61, 1.0, 1e4}) {
        for (double beta : {1e-4, 11.7, 1e4}) {
          const ParetoNbdParams p{r, alpha, s, beta};
          const std::vector<double> v{r, alpha, s, beta};
          for (double t : kHorizons) {
            worst.Check(ParetoNbd::ExpectedPurchases(p, t), r / alpha * ParetoLifetimeIntegral(s, beta, t), "E[X(t)]", t, v);
          }
          for (const History& h : kHistories) {
            const long double alive = ParetoReferenceAlive(p, h);
            worst.Check(ParetoNbd::ProbabilityAlive(p, h.x, h.t_x, h.T), alive, "P(alive)", 0, v, h.x, h.t_x, h.T);
            const long double rate = alive * (r + h.x) / (alpha + h.T);
            for (double t : kHorizons) {
              worst.Check(ParetoNbd::ConditionalExpectedPurchases(p, t, h.x, h.t_x, h.T),
                          rate * ParetoLifetimeIntegral(s, beta + h.T, t), "E[Y(t)]", t, v, h.x, h.t_x, h.T);
            }
            // DERT: E[1/(mu+delta)] = int_0^inf e^(-delta y) ((beta+T)/(beta+T+y))^s dy; beyond
            // y = 60/delta the integrand is below e^-60 of its start.
            const long double c = beta + h.T;
            const long double inverse_rate =
                GeometricIntegral([&](long double y) { return expl(-delta * y) * powl(c / (c + y), s); }, 0.0L, 60 / delta);
            worst.Check(ParetoNbd::DiscountedExpectedResidualTransactions(p, delta, h.x, h.t_x, h.T), rate * inverse_rate,
                        "DERT", 0, v, h.x, h.t_x, h.T);
          }
        }
      }
    }
  }
  worst.Print("Pareto/NBD");
}

// Discounted expected purchases per period (PurchasePredictor::DiscountedPurchases: differences of
// the cumulative expectations at period ends 1, 2, ..., discounted by (1+rate)^-k) against the same
// sum of reference expectations, for the three models on 52 and 156 periods.
TEST(HorizonGrid, DiscountedPurchasesPerPeriodMatchIndependentEvaluation) {
  Worst worst;
  const double rate = 0.002;
  struct Case {
    const char* model;
    std::vector<double> params;  // r alpha a b, or r alpha s beta
    History h;
    double horizon;
  };
  const Case cases[] = {
      {"bgnbd", {0.243, 4.414, 0.793, 2.426}, {2, 30.43, 38.86}, 52},
      {"bgnbd", {0.5, 2.0, 4e-6, 4200}, {3, 8, 10}, 156},  // the reported case
      {"bgnbd", {1e-4, 1e-4, 1.0, 1e8}, {2, 30.43, 38.86}, 52},
      {"mbgnbd", {0.525, 6.183, 0.891, 1.614}, {2, 30.43, 38.86}, 52},
      {"mbgnbd", {0.5, 2.0, 4e-6, 4200}, {0, 0, 10}, 156},
      {"pnbd", {0.5533, 10.5776, 0.6061, 11.6650}, {2, 30.43, 38.86}, 156},
      {"pnbd", {1e4, 1e-4, 1e-4, 1e4}, {2, 30.43, 38.86}, 52},
  };
  for (const Case& c : cases) {
    SavedModel saved;
    saved.fit.model = c.model;
    const std::vector<std::string> names = std::string(c.model) == "pnbd" ? std::vector<std::string>{"r", "alpha", "s", "beta"}
                                                                        : std::vector<std::string>{"r", "alpha", "a", "b"};
    saved.fit.param_names = names;
    saved.fit.params = c.params;
    const auto predictor = MakePredictor(saved);
    const double r = c.params[0], alpha = c.params[1], a = c.params[2], b = c.params[3];
    const History& h = c.h;
    long double want = 0, previous = 0;
    long double alive = 0;
    const bool pnbd = std::string(c.model) == "pnbd";
    if (pnbd) {
      alive = ParetoReferenceAlive(ParetoNbdParams{r, alpha, a, b}, h) * (r + h.x) / (alpha + h.T);
    } else {
      alive = ReferenceAlive(a, b, r, alpha, h, std::string(c.model) == "bgnbd");
    }
    for (int k = 1; k <= c.horizon; ++k) {
      const double u = k / (alpha + h.T);
      long double cumulative = 0;
      if (pnbd) {
        cumulative = alive * ParetoLifetimeIntegral(a, b + h.T, k);
      } else if (std::string(c.model) == "bgnbd") {
        cumulative = alive * ReferenceDropoutExpectation(a, b + h.x, r + h.x, u);
      } else {
        cumulative = alive * ReferenceDropoutExpectation(a, b + h.x + 1, r + h.x, u);
      }
      want += (cumulative - previous) / powl(1.0L + rate, k);
      previous = cumulative;
    }
    worst.Check(predictor->DiscountedPurchases(c.horizon, rate, h.x, h.t_x, h.T), want, c.model, c.horizon, c.params,
                h.x, h.t_x, h.T);
  }
  worst.Print("discounted per period");
}

// P(X(t) = x) of BG/NBD (FHL2005a eq. 8) with the negative binomial terms in long double: the
// tail P(N >= x) as 1 minus the sum below x, or summed upwards from x where it is below 1e-6.
long double ReferenceCountProbability(const BgNbdParams& p, double t, int x) {
  const long double r = p.r, z = t / (p.alpha + static_cast<long double>(t));
  const long double log_nb_x = lgammal(r + x) - lgammal(r) - lgammal(x + 1.0L) + r * logl(p.alpha / (p.alpha + static_cast<long double>(t))) +
                               x * logl(z);
  const long double nb_x = expl(log_nb_x);
  long double beta_x = 1, beta_x1 = 1;  // B(a, b+x)/B(a, b) and B(a, b+x-1)/B(a, b)
  for (int j = 0; j < x; ++j) {
    beta_x *= (p.b + static_cast<long double>(j)) / (p.a + p.b + static_cast<long double>(j));
    if (j + 1 < x) beta_x1 = beta_x;
  }
  long double probability = beta_x * nb_x;
  if (x > 0) {
    // NB terms around x by their ratios (r+j) z/(j+1), up and down.
    long double below = 0, term = nb_x;
    for (int j = x - 1; j >= 0; --j) {
      term *= (j + 1.0L) / ((r + j) * z);
      below += term;
    }
    // 1 - below loses log10(below / (1 - below)) of the 19 digits: summed upwards below 1e-6.
    long double at_least = 1 - below;
    if (at_least < 1e-6L) {
      at_least = 0;
      term = nb_x;
      for (long j = x; j < 100000000 && term > 1e-22L * at_least; ++j) {
        at_least += term;
        term *= (r + j) * z / (j + 1.0L);
      }
    }
    // B(a+1, b+x-1)/B(a, b) = a/(a+b+x-1) B(a, b+x-1)/B(a, b).
    probability += p.a / (p.a + p.b + x - 1.0L) * beta_x1 * at_least;
  }
  return probability;
}

TEST(HorizonGrid, BgNbdCountDistributionMatchesIndependentEvaluation) {
  Worst worst;
  for (double a : {1e-6, 0.793, 10.0}) {
    for (double b : {2.4, 1e8}) {
      for (double r : {1e-4, 0.24, 1e4}) {
        for (double alpha : {1e-4, 4.4, 1e4}) {
          const BgNbdParams p{r, alpha, a, b};
          for (double t : kHorizons) {
            double total = 0;
            for (int x : {0, 1, 5, 100}) {
              const double got = BgNbd::PurchaseCountProbability(p, t, x);
              total += got;
              const long double want = ReferenceCountProbability(p, t, x);
              if (want < 1e-250L) {
                EXPECT_LE(got, 1e-240) << a << " " << b << " " << r << " " << alpha << " " << t << " " << x;
                continue;
              }
              worst.Check(got, want, "P(X(t) = x)", t, {r, alpha, a, b}, x);
            }
            EXPECT_LE(total, 1 + 1e-12);
          }
          // The switch of P(N >= x) from ibeta(x, r, z) to ibetac(r, x, 1-z) at z = 1/2 (t = alpha).
          for (double t : {alpha * (1 - 1e-9), alpha * (1 + 1e-9)}) {
            for (int x : {1, 5}) {
              const long double want = ReferenceCountProbability(p, t, x);
              if (want > 1e-250L) worst.Check(BgNbd::PurchaseCountProbability(p, t, x), want, "P(X(t) = x) at z = 1/2", t, {r, alpha, a, b}, x);
            }
          }
        }
      }
    }
  }
  worst.Print("BG/NBD count distribution");
}

}  // namespace
}  // namespace winnow::model
