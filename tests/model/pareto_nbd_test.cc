// Pareto/NBD against the published CDNOW results, Boost's special functions, the likelihood's
// integral over the death time and Monte Carlo.
// The gradient check, the recovery of simulated parameters and the "data cannot identify the
// model" error of every model: model_kit_test.cc.
#include "model/pareto_nbd.h"

#include <gtest/gtest.h>

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <tuple>
#include <limits>
#include <random>

#include "core/error.h"
#include "io/csv_table.h"
#include "model/fit.h"
#include "model/model_test_util.h"
#include "test_util.h"

namespace winnow::model {
namespace {

TEST(ParetoNbdFit, MatchesPublishedCdnowEstimates) {
  const FitResult fit = Fit(ParetoNbd(), testing::CdnowSummary());
  ASSERT_EQ(fit.params.size(), 4u);
  // Published (Fader, Hardie & Lee 2005, from a spreadsheet solver): r 0.5533, alpha 10.5776,
  // s 0.6061, beta 11.6650, LL -9594.98; lifetimes finds beta 11.6689. The likelihood is flat along
  // alpha and beta together (their standard errors are about 0.8 and 2.5), so solvers stop at
  // points that differ in the fourth digit: r and s are asserted to 4 digits, alpha and beta to
  // about 3 (0.01), the log-likelihood to 0.01.
  EXPECT_NEAR(fit.params[0], 0.5533, 0.0005);
  EXPECT_NEAR(fit.params[1], 10.5776, 0.01);
  EXPECT_NEAR(fit.params[2], 0.6061, 0.0005);
  EXPECT_NEAR(fit.params[3], 11.6650, 0.01);
  EXPECT_NEAR(fit.log_likelihood, -9594.98, 0.01);
  EXPECT_EQ(fit.customers, 2357);
  ASSERT_EQ(fit.std_errors.size(), 4u);
  for (double se : fit.std_errors) EXPECT_TRUE(se > 0 && std::isfinite(se));
}

// The likelihood against its definition without 2F1: the alive part in closed form plus the
// death part integrated over the death time tau in (t_x, T] by Simpson's rule,
//   s/a A0 = s int_{t_x}^T (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau.
TEST(ParetoNbdLikelihood, MatchesIntegralOverTheDeathTime) {
  for (const ParetoNbdParams p : {ParetoNbdParams{0.5533, 10.5776, 0.6061, 11.6650}, ParetoNbdParams{2.0, 15.0, 1.0, 0.5},
                                  ParetoNbdParams{0.3, 200.0, 0.4, 0.01}}) {
    const double x = 4, t_x = 12.5, T = 38;
    const double log_front = std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha) + p.s * std::log(p.beta);
    const double alive = std::exp(-(p.r + x) * std::log(p.alpha + T) - p.s * std::log(p.beta + T));
    double dead = 0;
    // Composite Simpson over [t_x, T], fine enough for a smooth integrand.
    const int steps = 20000;
    const double width = (T - t_x) / steps;
    for (int j = 0; j <= steps; ++j) {
      const double tau = t_x + j * width;
      const double f = p.s * std::exp(-(p.r + x) * std::log(p.alpha + tau) - (p.s + 1) * std::log(p.beta + tau));
      dead += f * (j == 0 || j == steps ? 1 : (j % 2 == 1 ? 4 : 2));
    }
    dead *= width / 3;
    EXPECT_NEAR(ParetoNbd::CustomerLogLikelihood(p, x, t_x, T), log_front + std::log(alive + dead), 1e-10);
  }
}

// P(alive), E[Y(t)] and E[X(t)] against Monte Carlo over the posterior: draw (lambda, mu) from the
// prior and weight each draw by the likelihood of the history.
TEST(ParetoNbdPredict, AgreesWithImportanceSampledPosterior) {
  const ParetoNbdParams p{0.9, 6.0, 0.8, 9.0};
  const double x = 3, t_x = 20, T = 30, t = 15;
  std::mt19937_64 engine(17);
  std::gamma_distribution<double> lambda_dist(p.r, 1.0 / p.alpha), mu_dist(p.s, 1.0 / p.beta);
  double sum_w = 0, sum_alive = 0, sum_expected = 0, sum_new = 0;
  const int draws = 400000;
  for (int k = 0; k < draws; ++k) {
    const double lambda = lambda_dist(engine), mu = mu_dist(engine);
    const double alive = std::pow(lambda, x) * std::exp(-(lambda + mu) * T);
    const double dead = std::pow(lambda, x) * mu / (lambda + mu) * (std::exp(-(lambda + mu) * t_x) - alive / std::pow(lambda, x));
    sum_w += alive + dead;
    sum_alive += alive;
    // Alive at T: purchases in (T, T+t] until death, lambda/mu (1 - e^-mu t).
    sum_expected += alive * lambda / mu * -std::expm1(-mu * t);
    sum_new += lambda / mu * -std::expm1(-mu * t);
  }
  const double p_alive = sum_alive / sum_w;
  EXPECT_NEAR(ParetoNbd::ProbabilityAlive(p, x, t_x, T), p_alive, 0.01);
  EXPECT_NEAR(ParetoNbd::ConditionalExpectedPurchases(p, t, x, t_x, T), sum_expected / sum_w, 0.03);
  EXPECT_NEAR(ParetoNbd::ExpectedPurchases(p, t), sum_new / draws, 0.02);
  // Customers who bought at the very end of the period are alive; the P(alive) of x = 0 falls with T.
  EXPECT_DOUBLE_EQ(ParetoNbd::ProbabilityAlive(p, 5, 30, 30), 1.0);
  EXPECT_GT(ParetoNbd::ProbabilityAlive(p, 0, 0, 5), ParetoNbd::ProbabilityAlive(p, 0, 0, 50));
}

TEST(ParetoNbdPredict, ConditionalExpectationIsContinuousAtSEqualOne) {
  const double at_one = ParetoNbd::ConditionalExpectedPurchases({0.5, 10, 1.0, 12}, 39, 2, 30, 39);
  const double near_one = ParetoNbd::ConditionalExpectedPurchases({0.5, 10, 1.0 + 1e-9, 12}, 39, 2, 30, 39);
  EXPECT_NEAR(at_one, near_one, 1e-7);
  EXPECT_NEAR(ParetoNbd::ExpectedPurchases({0.5, 10, 1.0, 12}, 39), 0.5 * 12 / 10 * std::log(51.0 / 12), 1e-12);
}

// DERT = P(alive) E[lambda] E[1/(mu + delta)] over the alive posterior, the last by direct
// quadrature over mu ~ Gamma(s, beta + T), for CDNOW customer 1516 (x 26, t_x 30.86, T 31).
TEST(ParetoNbdPredict, DiscountedExpectedResidualTransactions) {
  const ParetoNbdParams p{0.5533, 10.5776, 0.6061, 11.6650};
  const double delta = std::log(1.15) / 52;  // 15% a year, continuously compounded, per week
  const double x = 26, t_x = 30.86, T = 31;
  const double rate = p.beta + T;
  boost::math::quadrature::exp_sinh<double> integrator;
  const double inverse = integrator.integrate(
      [&](double mu) {
        return std::exp(p.s * std::log(rate) + (p.s - 1) * std::log(mu) - rate * mu - std::lgamma(p.s)) / (mu + delta);
      },
      0.0, std::numeric_limits<double>::infinity(), 1e-12);
  const double expected = ParetoNbd::ProbabilityAlive(p, x, t_x, T) * (p.r + x) / (p.alpha + T) * inverse;
  const double dert = ParetoNbd::DiscountedExpectedResidualTransactions(p, delta, x, t_x, T);
  EXPECT_NEAR(dert, expected, 1e-8 * expected);
  // Without discounting the sum diverges for s < 1; a higher rate discounts more.
  EXPECT_GT(dert, ParetoNbd::DiscountedExpectedResidualTransactions(p, 2 * delta, x, t_x, T));
}

TEST(ParetoNbdLikelihood, ExtremeInputsStayFinite) {
  Observations data;
  data.frequency = {0, 2000, 2000, 1, 2000};
  data.recency = {0, 5000, 10, 0.001, 0};
  data.age = {5000, 5000, 5000, 5000, 5000};
  data.weight = {1, 1, 1, 1, 1};
  const ParetoNbd model;
  data.recency[4] = 4999.999;
  for (const std::vector<double>& params : std::vector<std::vector<double>>{{1e-3, 1e3, 1e-3, 1e3},
                                                                          {1e3, 1e-3, 1e3, 1e-3},
                                                                          {1e-3, 1e-3, 1e3, 1e3},
                                                                          {1e3, 1e3, 1e-3, 1e-3},
                                                                          {1e-3, 1e-3, 1e-3, 1e-3},
                                                                          {1e3, 1e3, 1e3, 1e3},
                                                                          {0.55, 10.6, 0.61, 11.7}}) {
    std::vector<double> gradient(4);
    const double ll = model.LogLikelihood(data, params, gradient);
    EXPECT_TRUE(std::isfinite(ll)) << params[0] << " " << params[1] << " " << params[2] << " " << params[3];
    for (double g : gradient) EXPECT_TRUE(std::isfinite(g));
    const ParetoNbdParams p{params[0], params[1], params[2], params[3]};
    for (size_t i = 0; i < data.size(); ++i) {
      const double alive = ParetoNbd::ProbabilityAlive(p, data.frequency[i], data.recency[i], data.age[i]);
      EXPECT_TRUE(alive >= 0 && alive <= 1) << alive;
    }
  }
}

}  // namespace
}  // namespace winnow::model

namespace winnow::model {
namespace {

TEST(ParetoNbdPredict, BatchedHorizonsEqualSingleCalls) {
  const ParetoNbdParams p{0.5533, 10.578, 0.6062, 11.668};
  const double t[] = {0, 0.5, 1, 2, 13, 52, 520};
  double out[7];
  for (const auto& [x, t_x, T] : {std::tuple{0.0, 0.0, 38.86}, std::tuple{2.0, 30.43, 38.86}, std::tuple{40.0, 70.0, 78.0}}) {
    ParetoNbd::ConditionalExpectedPurchasesAt(p, t, 7, x, t_x, T, out);
    for (size_t k = 0; k < 7; ++k) {
      EXPECT_NEAR(out[k], ParetoNbd::ConditionalExpectedPurchases(p, t[k], x, t_x, T), 1e-13 * (1 + out[k]));
    }
  }
}

}  // namespace
}  // namespace winnow::model
