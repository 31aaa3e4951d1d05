// Tiers, concentration (curve, Gini, top share), key accounts and RFM quintile scores (segment/tiers.h).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "segment/tiers.h"

namespace winnow::segment {
namespace {

TEST(Tiers, CustomerCrossingTheCutStaysInTheTier) {
  // Shares from the top: 50, 80, 90, 95, 98, 100 %.
  const std::vector<double> value = {3, 30, 10, 50, 2, 5};
  const std::vector<uint8_t> tier = AssignTiers(value, {0.8, 0.95});
  EXPECT_EQ(tier, std::vector<uint8_t>({2, 0, 1, 0, 2, 1}));
  const auto summary = SummarizeTiers(value, tier, {"A", "B", "C"});
  EXPECT_EQ(summary[0].customers, 2u);
  EXPECT_DOUBLE_EQ(summary[0].value_share, 0.8);
  EXPECT_DOUBLE_EQ(summary[1].value_share, 0.15);
  EXPECT_DOUBLE_EQ(summary[2].min_value, 2);
}

TEST(Tiers, ZeroValuesGoToTheLastTier) {
  EXPECT_EQ(AssignTiers({0, 10, 0}, {0.5, 0.9, 0.99}), std::vector<uint8_t>({3, 0, 3}));
  EXPECT_EQ(AssignTiers({0, 0}, {0.8}), std::vector<uint8_t>({1, 1}));
}

TEST(Concentration, GiniMatchesTheMeanAbsoluteDifference) {
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> draw(0, 1.5);
  std::vector<double> v(500);
  for (double& x : v) x = draw(rng);
  // G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)
  double diff = 0, sum = 0;
  for (double a : v) {
    sum += a;
    for (double b : v) diff += std::fabs(a - b);
  }
  const double n = static_cast<double>(v.size());
  EXPECT_NEAR(Gini(v, RankByValue(v)), diff / (2 * n * sum), 1e-12);
  EXPECT_NEAR(Gini({5, 5, 5}, {0, 1, 2}), 0, 1e-15);
  EXPECT_NEAR(Gini({0, 0, 0, 9}, RankByValue({0, 0, 0, 9})), 0.75, 1e-15);
}

TEST(Concentration, CurveAndTopShare) {
  const std::vector<double> v = {1, 1, 1, 1, 6};  // the top 20 % holds 60 %
  const auto ranked = RankByValue(v);
  EXPECT_DOUBLE_EQ(TopShare(v, ranked, 0.2), 0.6);
  const auto curve = ConcentrationCurve(v, ranked, 5);
  ASSERT_EQ(curve.size(), 6u);
  EXPECT_DOUBLE_EQ(curve[0].value_share, 0);
  EXPECT_DOUBLE_EQ(curve[1].value_share, 0.6);
  EXPECT_DOUBLE_EQ(curve[5].value_share, 1);
}

TEST(KeyAccounts, FlagsTheTopShareWithPositiveValue) {
  EXPECT_EQ(FlagTop({5, 9, 0, 7}, 0.5), std::vector<uint8_t>({0, 1, 0, 1}));
  EXPECT_EQ(FlagTop({5, 9, 0, 7}, 0.01), std::vector<uint8_t>({0, 1, 0, 0}));  // at least one
  EXPECT_EQ(FlagTop({0, 0}, 0.5), std::vector<uint8_t>({0, 0}));
}

TEST(Rfm, QuintileScoresShareTiedRanks) {
  const std::vector<uint8_t> s = QuintileScores({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  EXPECT_EQ(s, std::vector<uint8_t>({1, 1, 2, 2, 3, 3, 4, 4, 5, 5}));
  EXPECT_EQ(QuintileScores({7, 7, 7, 7}), std::vector<uint8_t>({1, 1, 1, 1}));
  EXPECT_EQ(QuintileScores({1, 1, 1, 1, 9}), std::vector<uint8_t>({1, 1, 1, 1, 5}));
}

}  // namespace
}  // namespace winnow::segment
