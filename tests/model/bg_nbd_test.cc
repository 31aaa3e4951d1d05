// BG/NBD against the published CDNOW results and simulated customers.
// The gradient check, the recovery of simulated parameters and the "data cannot identify the
// model" error of every model: model_kit_test.cc.
#include "model/bg_nbd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"
#include "io/csv_table.h"
#include "model/fit.h"
#include "model/model_test_util.h"
#include "test_util.h"

namespace winnow::model {
namespace {

TEST(BgNbdFit, MatchesPublishedCdnowEstimates) {
  const FitResult fit = Fit(BgNbd(), testing::CdnowSummary());
  ASSERT_EQ(fit.params.size(), 4u);
  // Fader, Hardie & Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4.
  EXPECT_NEAR(fit.params[0], 0.243, 0.0005);
  EXPECT_NEAR(fit.params[1], 4.414, 0.0005);
  EXPECT_NEAR(fit.params[2], 0.793, 0.0005);
  EXPECT_NEAR(fit.params[3], 2.426, 0.0005);
  EXPECT_NEAR(fit.log_likelihood, -9582.4, 0.05);
  EXPECT_EQ(fit.customers, 2357);
  ASSERT_EQ(fit.std_errors.size(), 4u);
  for (double se : fit.std_errors) EXPECT_TRUE(se > 0 && std::isfinite(se));
}

TEST(BgNbdPredict, MatchesPublishedCustomerOne) {
  const BgNbdParams p{0.2426, 4.4135, 0.7929, 2.4258};
  // Customer 1: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks, P(alive) 0.727.
  EXPECT_NEAR(BgNbd::ConditionalExpectedPurchases(p, 39, 2, 30.43, 38.86), 1.226, 0.0005);
  EXPECT_NEAR(BgNbd::ProbabilityAlive(p, 2, 30.43, 38.86), 0.727, 0.0005);
  EXPECT_EQ(BgNbd::ProbabilityAlive(p, 0, 0, 38.86), 1.0);
}

// Fader, Hardie & Lee (2005): under the estimates, the 2,357 customers are expected to make
// 1,653.4 repeat purchases in the 39-week holdout.
TEST(BgNbdPredict, ExpectsThePublishedHoldoutTotalOnCdnow) {
  const Observations data = testing::CdnowSummary();
  const FitResult fit = Fit(BgNbd(), data);
  const BgNbdParams p{fit.params[0], fit.params[1], fit.params[2], fit.params[3]};
  double total = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    total += BgNbd::ConditionalExpectedPurchases(p, 39, data.frequency[i], data.recency[i], data.age[i]);
  }
  EXPECT_NEAR(total, 1653.4, 0.5);  // the summary's 2-decimal t_x and T move the total by a few hundredths
}

// P(alive) and the conditional expectation against Monte Carlo over the posterior: draw
// (lambda, p) from the prior, weight each draw by the likelihood of the history, then average.
TEST(BgNbdPredict, AgreesWithImportanceSampledPosterior) {
  const BgNbdParams p{0.9, 6.0, 1.3, 2.2};
  const double x = 3, t_x = 20, T = 30, t = 15;
  std::mt19937_64 engine(11);
  std::gamma_distribution<double> lambda_dist(p.r, 1.0 / p.alpha), ga(p.a, 1.0), gb(p.b, 1.0);
  double sum_w = 0, sum_alive = 0, sum_expected = 0;
  for (int k = 0; k < 400000; ++k) {
    const double lambda = lambda_dist(engine);
    const double g1 = ga(engine), g2 = gb(engine);
    const double q = g1 / (g1 + g2);
    // Likelihood of the history: alive at T, or dropped after the last purchase.
    const double alive = std::pow(1 - q, x) * std::pow(lambda, x) * std::exp(-lambda * T);
    const double dead = q * std::pow(1 - q, x - 1) * std::pow(lambda, x) * std::exp(-lambda * t_x);
    const double w = alive + dead;
    sum_w += w;
    sum_alive += alive;
    // Alive at T, the customer buys at rate lambda and drops out after each purchase with
    // probability q: purchases in (T, T+t] then number (1 - exp(-lambda q t)) / q on average.
    sum_expected += alive * (1.0 - std::exp(-lambda * q * t)) / q;
  }
  EXPECT_NEAR(BgNbd::ProbabilityAlive(p, x, t_x, T), sum_alive / sum_w, 0.01);
  EXPECT_NEAR(BgNbd::ConditionalExpectedPurchases(p, t, x, t_x, T), sum_expected / sum_w, 0.02);
}

// Heavy buyers (x in the thousands, T in the thousands of days) and long horizons give finite
// predictions that grow with x (the 2F1 of E[Y(t)] is summed after Euler's transformation).
TEST(BgNbdPredict, ExtremeHistoriesGiveFiniteValues) {
  const BgNbdParams p{0.243, 4.414, 0.793, 2.426};
  double previous = 0;
  for (double x : {10.0, 200.0, 2000.0}) {
    const double e = BgNbd::ConditionalExpectedPurchases(p, 5000, x, 4990, 5000);
    EXPECT_TRUE(std::isfinite(e)) << x;
    EXPECT_GT(e, previous) << x;
    previous = e;
  }
  EXPECT_TRUE(std::isfinite(BgNbd::ExpectedPurchases(p, 1e6)));
  // Short horizon: the expectation is about the customer's rate (x / T) times the horizon.
  EXPECT_NEAR(BgNbd::ConditionalExpectedPurchases(p, 1, 2000, 5000, 5000), 2000.0 / 5000.0, 0.02);
}

// FHL2005a eq. 8 against the frequencies of simulated customers (T = t for everyone).
TEST(BgNbdPredict, PurchaseCountDistributionMatchesSimulation) {
  const BgNbdParams p{0.8, 5.0, 1.6, 3.0};
  const double t = 30;
  std::mt19937_64 engine(9);
  std::gamma_distribution<double> lambda_dist(p.r, 1.0 / p.alpha), ga(p.a, 1.0), gb(p.b, 1.0);
  std::uniform_real_distribution<double> unit(0, 1);
  const int draws = 200000;
  std::vector<double> counts(6, 0);
  for (int i = 0; i < draws; ++i) {
    const double lambda = lambda_dist(engine), g1 = ga(engine), g2 = gb(engine), q = g1 / (g1 + g2);
    double s = 0;
    int x = 0;
    for (;;) {
      s += -std::log1p(-unit(engine)) / lambda;
      if (s > t) break;
      ++x;
      if (unit(engine) < q) break;
    }
    if (x < 6) counts[x] += 1;
  }
  double total = 0;
  for (int k = 0; k < 6; ++k) {
    const double probability = BgNbd::PurchaseCountProbability(p, t, k);
    const double frequency = counts[k] / draws;
    const double se = std::sqrt(frequency * (1 - frequency) / draws);
    EXPECT_NEAR(probability, frequency, 5 * se + 1e-4) << "k = " << k;
    total += probability;
  }
  EXPECT_LT(total, 1.0);
  double all = 0;
  for (int k = 0; k < 2000; ++k) all += BgNbd::PurchaseCountProbability(p, t, k);
  EXPECT_NEAR(all, 1.0, 1e-6);
}

}  // namespace
}  // namespace winnow::model
