// MBG/NBD against the BTYDplus CDNOW estimates and simulations of the model's story (stories.h;
// they check the prediction formulas).
// The gradient check, the recovery of simulated parameters and the "data cannot identify the
// model" error of every model: model_kit_test.cc.
#include "model/mbg_nbd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"
#include "io/csv_table.h"
#include "model/fit.h"
#include "model/model_test_util.h"
#include "model/stories.h"
#include "test_util.h"

namespace winnow::model {
namespace {

using testing::History;
using testing::Purchases;

TEST(MbgNbdFit, MatchesBtydplusCdnowEstimates) {
  const Observations data = testing::CdnowSummary();
  const FitResult fit = Fit(MbgNbd(), data);
  ASSERT_EQ(fit.params.size(), 4u);
  // BTYDplus (and lifetimes' tests): r 0.525, alpha 6.183, a 0.891, b 1.614.
  EXPECT_NEAR(fit.params[0], 0.525, 0.0005);
  EXPECT_NEAR(fit.params[1], 6.183, 0.0005);
  EXPECT_NEAR(fit.params[2], 0.891, 0.0005);
  EXPECT_NEAR(fit.params[3], 1.614, 0.0005);
  // No published value (recorded from this fit): slightly above BG/NBD's -9582.4 with as many
  // parameters.
  EXPECT_NEAR(fit.log_likelihood, -9582.13, 0.005);
  ASSERT_EQ(fit.std_errors.size(), 4u);
  for (double se : fit.std_errors) EXPECT_TRUE(se > 0 && std::isfinite(se));
}

TEST(MbgNbdLikelihood, ZeroRepeatCustomerAddsTheChanceOfDroppingOutAtOnce) {
  // x = 0: L = B(a,b+1)/B(a,b) (alpha/(alpha+T))^r + a/(a+b): alive and silent, or gone at 0.
  const double r = 0.7, alpha = 3.0, a = 1.5, b = 2.5, T = 12;
  Observations data;
  data.frequency = {0};
  data.recency = {0};
  data.age = {T};
  data.weight = {1};
  const double expected = std::log(b / (a + b) * std::pow(alpha / (alpha + T), r) + a / (a + b));
  EXPECT_NEAR(MbgNbd().LogLikelihood(data, std::vector<double>{r, alpha, a, b}, {}), expected, 1e-12);
}

TEST(MbgNbdPredict, ExpectedPurchasesAgreesWithSimulation) {
  const MbgNbdParams p{0.9, 6.0, 1.8, 2.2};
  const double t = 30;
  std::mt19937_64 engine(7);
  std::gamma_distribution<double> lambda_dist(p.r, 1.0 / p.alpha), ga(p.a, 1.0), gb(p.b, 1.0);
  std::uniform_real_distribution<double> unit(0, 1);
  const int draws = 400000;
  double sum = 0, sum_sq = 0;
  for (int k = 0; k < draws; ++k) {
    const double lambda = lambda_dist(engine), g1 = ga(engine), g2 = gb(engine), q = g1 / (g1 + g2);
    const double x = unit(engine) < q ? 0.0 : Purchases(engine, lambda, q, 0, t).x;
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / draws, se = std::sqrt((sum_sq / draws - mean * mean) / draws);
  EXPECT_NEAR(MbgNbd::ExpectedPurchases(p, t), mean, 4 * se) << "simulated standard error " << se;
}

// P(alive) and the conditional expectation against the posterior by importance sampling: draw
// (lambda, p) from the prior, weight by the likelihood of the history, and for the draws alive
// at T simulate the purchases in (T, T+t] from the story.
TEST(MbgNbdPredict, ConditionalPredictionsAgreeWithSimulatedPosterior) {
  const MbgNbdParams p{0.9, 6.0, 1.8, 2.2};
  struct Case {
    double x, t_x, T;
  };
  const double t = 15;
  uint64_t seed = 11;
  for (const Case& c : {Case{3, 20, 30}, Case{0, 0, 25}, Case{1, 2, 40}}) {
    std::mt19937_64 engine(seed++);
    std::gamma_distribution<double> lambda_dist(p.r, 1.0 / p.alpha), ga(p.a, 1.0), gb(p.b, 1.0);
    double sum_w = 0, sum_alive = 0, sum_future = 0;
    for (int k = 0; k < 300000; ++k) {
      const double lambda = lambda_dist(engine), g1 = ga(engine), g2 = gb(engine), q = g1 / (g1 + g2);
      const double common = std::pow(1 - q, c.x) * std::pow(lambda, c.x);
      const double alive = (1 - q) * common * std::exp(-lambda * c.T);
      const double dead = q * common * std::exp(-lambda * c.t_x);
      sum_w += alive + dead;
      sum_alive += alive;
      sum_future += alive * Purchases(engine, lambda, q, c.T, c.T + t).x;
    }
    const double p_alive = MbgNbd::ProbabilityAlive(p, c.x, c.t_x, c.T);
    EXPECT_NEAR(p_alive, sum_alive / sum_w, 0.01) << "x = " << c.x;
    const double expected = MbgNbd::ConditionalExpectedPurchases(p, t, c.x, c.t_x, c.T);
    EXPECT_NEAR(expected, sum_future / sum_w, 0.03 * std::max(1.0, expected)) << "x = " << c.x;
  }
}

// The closed forms hold for a < 1 too (analytic continuation; CDNOW's MBG/NBD has a = 0.891):
// E[X(t)] against a Monte Carlo average of its conditional form over the prior. With dropout
// possible at time 0 (probability q) and after each repeat purchase, an active customer makes
// (1 - exp(-lambda q t)) / q purchases in (0, t] on average.
TEST(MbgNbdPredict, ExpectationsHoldBelowAEqualsOne) {
  const MbgNbdParams p{0.5, 6.0, 0.9, 1.6};
  std::mt19937_64 engine(5);
  std::gamma_distribution<double> lambda_dist(p.r, 1.0 / p.alpha), ga(p.a, 1.0), gb(p.b, 1.0);
  const double t = 10;
  double sum = 0, sum2 = 0;
  const int draws = 400000;
  for (int k = 0; k < draws; ++k) {
    const double lambda = lambda_dist(engine);
    const double g1 = ga(engine), g2 = gb(engine);
    const double q = g1 / (g1 + g2);
    const double v = (1 - q) * (1 - std::exp(-lambda * q * t)) / q;
    sum += v;
    sum2 += v * v;
  }
  const double mean = sum / draws;
  const double se = std::sqrt((sum2 / draws - mean * mean) / draws);
  EXPECT_NEAR(MbgNbd::ExpectedPurchases(p, t), mean, 5 * se) << "standard error " << se;
  EXPECT_GT(MbgNbd::ConditionalExpectedPurchases(p, t, 2, 5, 10), 0.0);
  EXPECT_GT(MbgNbd::ProbabilityAlive(p, 2, 5, 10), 0.0);
}

TEST(MbgNbdFit, RecencyAfterTIsAnInputError) {
  Observations data;
  data.frequency = {1, 2};
  data.recency = {3, 9};
  data.age = {5, 6};
  data.weight = {1, 1};
  winnow::testing::ExpectError([&] { MbgNbd().CheckData(data); }, core::ErrorKind::kInput,
                               {.message = "mbgnbd: row 2 (frequency 2, recency 9, T 6, weight 1): recency must be "
                                           "between 0 and T"});
}

TEST(MbgNbdPredict, HeavyBuyersGiveFinitePredictions) {
  const MbgNbdParams p{0.525, 6.183, 0.891, 1.614};
  const double e = MbgNbd::ConditionalExpectedPurchases(p, 5000, 2000, 4990, 5000);
  EXPECT_TRUE(std::isfinite(e));
  EXPECT_GT(e, MbgNbd::ConditionalExpectedPurchases(p, 5000, 200, 4990, 5000));
  // A short horizon: about the customer's rate x / T times the horizon.
  EXPECT_NEAR(MbgNbd::ConditionalExpectedPurchases(p, 1, 2000, 5000, 5000), 2000.0 / 5000.0, 0.02);
}

}  // namespace
}  // namespace winnow::model
