// Tiers, concentration, RFM scores, key accounts, alerts, reference customers and ranking quality.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "segment/alerts.h"
#include "segment/ranking.h"
#include "segment/reference.h"
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

TEST(Alerts, LowPAliveOrOverdueInAlertingTiersRankedByValueAtRisk) {
  const std::vector<double> p = {0.3, 0.9, 0.2, 0.95, 0.4};
  const std::vector<double> since = {10, 100, 5, 10, 10}, gap = {20, 20, 20, 20, 20};
  const std::vector<double> clv = {100, 50, 10, 500, 1000};
  const std::vector<uint8_t> tier = {0, 1, 0, 0, 2};
  AlertOptions o;
  o.tiers = {0, 1};
  const auto alerts = FindAlerts({&p, &since, &gap, &clv, &tier}, o);
  ASSERT_EQ(alerts.size(), 3u);  // customer 3 is fine, customer 4 is in a quiet tier
  EXPECT_EQ(alerts[0].row, 0u);
  EXPECT_NEAR(alerts[0].value_at_risk, 100 * 0.7 / 0.3, 1e-12);
  EXPECT_EQ(std::string(alerts[0].Reason()), "low_p_alive");
  EXPECT_EQ(alerts[1].row, 2u);
  EXPECT_NEAR(alerts[1].value_at_risk, 10 * 0.8 / 0.2, 1e-12);
  EXPECT_EQ(alerts[2].row, 1u);
  EXPECT_EQ(std::string(alerts[2].Reason()), "overdue");
  EXPECT_DOUBLE_EQ(alerts[2].overdue_ratio, 5);
  EXPECT_EQ(ValueAtRisk(0, 0), 0);
}

TEST(Reference, GapStatisticsMergeSameDayRowsAndSkipReturns) {
  // Customer 0: days 0, 10, 10, 20, 40 (and a return on day 30); customer 1: one day.
  const std::vector<uint32_t> customer = {0, 0, 0, 0, 0, 1, 0};
  const std::vector<core::Day> day = {10, 0, 10, 20, 30, 5, 40};
  const std::vector<double> amount = {1, 1, 1, 1, -1, 1, 1};
  const GapStats g = ComputeGapStats(2, customer, day, amount);
  EXPECT_EQ(g.occasions, std::vector<uint32_t>({4, 1}));
  EXPECT_DOUBLE_EQ(g.mean_gap[0], 40.0 / 3);
  const double mean = 40.0 / 3;
  const double sd = std::sqrt((2 * std::pow(10 - mean, 2) + std::pow(20 - mean, 2)) / 2);
  EXPECT_NEAR(g.gap_cv[0], sd / mean, 1e-12);
  EXPECT_EQ(g.gap_cv[1], 0);
}

TEST(Reference, GapStatisticsDropDaysCancelledBySameDayReturns) {
  // Days 0, 10 (5 bought and 5 returned: no occasion), 20 and 30 (8 bought, 3 returned: kept).
  const std::vector<uint32_t> customer = {0, 0, 0, 0, 0, 0};
  const std::vector<core::Day> day = {0, 10, 10, 20, 30, 30};
  const std::vector<double> amount = {1, 5, -5, 1, 8, -3};
  const GapStats g = ComputeGapStats(1, customer, day, amount);
  EXPECT_EQ(g.occasions, std::vector<uint32_t>({3}));
  EXPECT_DOUBLE_EQ(g.mean_gap[0], 15.0);
}

TEST(Reference, PicksLoyalCustomersClosestToTheSegmentMedian) {
  // One segment of five: 0 is typical and loyal, 1 loyal but a giant, 2 typical but churning,
  // 3 typical but irregular, 4 typical and loyal but new.
  const std::vector<std::string> segment(5, "hospital");
  const std::vector<double> p = {0.95, 0.99, 0.2, 0.9, 0.9};
  const std::vector<double> tenure = {700, 700, 700, 700, 100};
  const std::vector<double> revenue = {1000, 90000, 1100, 900, 150};
  GapStats g;
  g.occasions = {10, 50, 11, 9, 2};
  g.mean_gap = {70, 14, 63, 77, 50};
  g.gap_cv = {0.4, 0.3, 0.5, 1.8, 0.2};
  ReferenceOptions o;
  o.per_segment = 2;
  const auto refs = FindReferenceCustomers({&segment, &p, &tenure, &revenue, &g}, o);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].row, 0u);
  EXPECT_EQ(refs[1].row, 1u);
  EXPECT_LT(refs[0].distance, refs[1].distance);
  EXPECT_EQ(refs[0].segment_customers, 5u);
  EXPECT_EQ(refs[0].segment_loyal, 2u);
}

TEST(Ranking, SpearmanAndCapture) {
  EXPECT_NEAR(Spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1, 1e-15);
  EXPECT_NEAR(Spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1, 1e-15);
  // With ties (average ranks): ranks a = 1, 2.5, 2.5, 4; b = 1, 2, 3, 4 -> rho = 4.5 / sqrt(4.5 * 5).
  EXPECT_NEAR(Spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 4.5 / std::sqrt(4.5 * 5), 1e-12);
  const std::vector<double> realized = {0, 10, 0, 0, 90};
  const auto q = MeasureRanking({5, 4, 3, 2, 1}, realized, 0.2);
  EXPECT_DOUBLE_EQ(q.top_capture, 0);
  EXPECT_DOUBLE_EQ(q.best_capture, 0.9);
}

}  // namespace
}  // namespace winnow::segment
