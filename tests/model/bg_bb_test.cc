// BG/BB against the published donation results (Fader, Hardie & Shang 2010)
// and simulations of the model's story (stories.h; they also check the predictions).
// The gradient check, the recovery of simulated parameters and the "data cannot identify the
// model" error of every model: model_kit_test.cc.
#include "model/bg_bb.h"

#include <gtest/gtest.h>

#include "model/donations.h"
#include "model/model_test_util.h"
#include "model/stories.h"

#include <array>
#include <cmath>
#include <random>

#include "core/error.h"
#include "model/fit.h"

namespace winnow::model {
namespace {

using testing::BetaDraw;
using testing::Path;
using testing::Walk;

using testing::Donations;
using testing::kDonations;

TEST(BgBbFit, MatchesPublishedDonationEstimates) {
  const FitResult fit = Fit(BgBb(), Donations());
  ASSERT_EQ(fit.params.size(), 4u);
  // Fader, Hardie & Shang (2010): alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33,225.6.
  EXPECT_NEAR(fit.params[0], 1.204, 0.0005);
  EXPECT_NEAR(fit.params[1], 0.750, 0.0005);
  EXPECT_NEAR(fit.params[2], 0.657, 0.0005);
  EXPECT_NEAR(fit.params[3], 2.783, 0.0005);
  EXPECT_NEAR(fit.log_likelihood, -33225.6, 0.05);
  EXPECT_EQ(fit.customers, 11104);
  ASSERT_EQ(fit.std_errors.size(), 4u);
  for (double se : fit.std_errors) EXPECT_TRUE(se > 0 && std::isfinite(se));
}

TEST(BgBbPredict, MatchesPublishedDonationPredictions) {
  const FitResult fit = Fit(BgBb(), Donations());
  const BgBbParams p{fit.params[0], fit.params[1], fit.params[2], fit.params[3]};
  // FHS2010 table 6, P(alive in 2002): no repeat donation 0.11; 2 donations, last in 1999 0.59;
  // a donation every year 0.93.
  EXPECT_NEAR(BgBb::ProbabilityAlive(p, 0, 0, 6), 0.11, 0.005);
  EXPECT_NEAR(BgBb::ProbabilityAlive(p, 2, 4, 6), 0.59, 0.005);
  EXPECT_NEAR(BgBb::ProbabilityAlive(p, 6, 6, 6), 0.93, 0.005);
  // Hardie's BG/BB spreadsheet (sheet "Conditional Expectations (II)", as asserted by lifetimes):
  // 12,884.2 donations expected from the cohort in 2002-2006.
  double total = 0;
  for (const auto& row : kDonations) total += row[2] * BgBb::ConditionalExpectedTransactions(p, 5, row[0], row[1], 6);
  EXPECT_NEAR(total, 12884.2, 1.5);
}

TEST(BgBbLikelihood, SumsToOneOverAllHistories) {
  // Every (x, t_x) history over n opportunities: the probabilities of all of them add up to 1.
  const BgBbParams p{1.2, 0.75, 0.66, 2.8};
  const int n = 7;
  double total = 0;
  for (int t_x = 0; t_x <= n; ++t_x) {
    for (int x = (t_x > 0 ? 1 : 0); x <= t_x; ++x) {
      // Histories with x transactions, the last at t_x: C(t_x - 1, x - 1) orders (1 when x = 0).
      const double orders = x == 0 ? 1.0 : std::exp(std::lgamma(t_x) - std::lgamma(x) - std::lgamma(t_x - x + 1));
      total += orders * std::exp(BgBb::LogLikelihoodOne(p, x, t_x, n));
    }
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
}

// Histories are discrete, so the posterior is simulated exactly: walk many customers through
// n + n* opportunities and keep those whose first n opportunities match (x, t_x).
TEST(BgBbPredict, AgreesWithSimulatedCustomers) {
  const BgBbParams p{1.204, 0.750, 0.657, 2.783};
  const int n = 6, n_star = 5;
  std::mt19937_64 engine(5);
  struct Tally {
    double x, t_x, count = 0, alive = 0, future = 0, future_sq = 0;
  };
  std::vector<Tally> tallies = {{0, 0}, {2, 4}, {5, 6}};
  double all_x = 0, all_x_sq = 0;
  const int customers = 1000000;
  for (int i = 0; i < customers; ++i) {
    const Path path = Walk(engine, BetaDraw(engine, p.alpha, p.beta), BetaDraw(engine, p.gamma, p.delta), n, n_star);
    all_x += path.x;
    all_x_sq += path.x * path.x;
    for (Tally& tally : tallies) {
      if (path.x == tally.x && path.t_x == tally.t_x) {
        tally.count += 1;
        tally.alive += path.alive_at_n_plus_1;
        tally.future += path.future;
        tally.future_sq += path.future * path.future;
      }
    }
  }
  for (const Tally& tally : tallies) {
    ASSERT_GT(tally.count, 5000) << "x = " << tally.x;
    const double alive = tally.alive / tally.count;
    EXPECT_NEAR(BgBb::ProbabilityAlive(p, tally.x, tally.t_x, n), alive, 4 * std::sqrt(alive * (1 - alive) / tally.count))
        << "x = " << tally.x;
    const double mean = tally.future / tally.count;
    const double se = std::sqrt((tally.future_sq / tally.count - mean * mean) / tally.count);
    EXPECT_NEAR(BgBb::ConditionalExpectedTransactions(p, n_star, tally.x, tally.t_x, n), mean, 4 * se)
        << "x = " << tally.x;
  }
  const double mean = all_x / customers, se = std::sqrt((all_x_sq / customers - mean * mean) / customers);
  EXPECT_NEAR(BgBb::ExpectedTransactions(p, n), mean, 4 * se);
}

TEST(BgBbPredict, ClosedFormIsContinuousAtGammaOne) {
  // Near gamma = 1 the closed form (eq. 13) gives way to the finite sum it stands for.
  const double below = BgBb::ConditionalExpectedTransactions({1.2, 0.75, 1.0 - 2e-6, 2.8}, 5, 2, 4, 6);
  const double at = BgBb::ConditionalExpectedTransactions({1.2, 0.75, 1.0, 2.8}, 5, 2, 4, 6);
  const double above = BgBb::ConditionalExpectedTransactions({1.2, 0.75, 1.0 + 2e-6, 2.8}, 5, 2, 4, 6);
  EXPECT_GT(at, 0.0);
  EXPECT_NEAR(below, at, 1e-5);
  EXPECT_NEAR(above, at, 1e-5);
}

TEST(BgBbFit, RecencyBelowFrequencyIsAnInputError) {
  Observations data;
  data.frequency = {1, 3};
  data.recency = {1, 2};
  data.age = {6, 6};
  data.weight = {1, 1};
  winnow::testing::ExpectError([&] { BgBb().CheckData(data); }, core::ErrorKind::kInput,
                               {.message = "bgbb: row 2 (frequency 3, recency 2, periods 6, weight 1): recency must be "
                                           "a whole number from frequency to periods"});
}

}  // namespace
// The discounted sum of the per-opportunity expectations, advanced one opportunity at a time,
// equals the sum of the differences of the closed-form cumulative expectation (the way predict
// summed it before, at O(horizon) likelihoods per customer), at gamma = 1 too.
TEST(BgBbPredict, DiscountedTransactionsEqualTheSumOfCumulativeDifferences) {
  for (const BgBbParams p : {BgBbParams{1.204, 0.75, 0.657, 2.783}, BgBbParams{1.2, 0.7, 1.0, 2.5}}) {
    for (const auto& [x, t_x, n] : {std::array<double, 3>{0, 0, 6}, {3, 5, 6}, {6, 6, 6}, {1, 1, 11}}) {
      for (const double d : {0.0, 0.1}) {
        double expected = 0, previous = 0;
        for (int k = 1; k <= 200; ++k) {
          const double cumulative = BgBb::ConditionalExpectedTransactions(p, k, x, t_x, n);
          expected += (cumulative - previous) / std::pow(1 + d, k);
          previous = cumulative;
        }
        EXPECT_NEAR(BgBb::DiscountedExpectedTransactions(p, 200, d, x, t_x, n), expected, 1e-11 * expected)
            << x << " " << t_x << " " << n << " " << d;
      }
    }
  }
  EXPECT_EQ(BgBb::DiscountedExpectedTransactions({1, 1, 1, 1}, 0, 0.1, 1, 1, 2), 0.0);
}

}  // namespace winnow::model
