// Alerts: at risk and recoverable customers of the alerting tiers ranked by the value still there to
// save, lost customers worth winning back ranked by their win-back value; the trend names and the
// day P(alive) falls below the lost line.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "segment/alerts.h"

namespace winnow::segment {
namespace {

TEST(Alerts, AtRiskByValueToSaveThenLostByWinBackValue) {
  // 0: low P(alive), tier A; 1: overdue, tier B; 2: low, tier A; 3: fine; 4: low but a quiet tier;
  // 5: lost, worth winning back; 6: lost, too small to win back; 7: lost, small but a top upside.
  const std::vector<double> p = {0.3, 0.9, 0.2, 0.95, 0.4, 0.01, 1e-30, 0.05};
  const std::vector<double> since = {10, 100, 5, 10, 10, 400, 900, 300}, gap = {20, 20, 20, 20, 20, 20, 20, 20};
  const std::vector<double> clv = {100, 50, 10, 500, 1000, 0.2, 1e-40, 1};
  const std::vector<uint8_t> tier = {0, 1, 0, 0, 2, 2, 2, 2};
  const std::vector<double> win_back = {0, 0, 0, 0, 0, 800, 5, 3};
  const std::vector<uint8_t> top_upside = {0, 0, 0, 0, 0, 0, 0, 1};
  AlertOptions o;
  o.tiers = {0, 1};
  o.win_back_min = 50;
  const auto alerts = FindAlerts({&p, &since, &gap, &clv, &tier, &win_back, &top_upside}, o);
  ASSERT_EQ(alerts.size(), 5u);
  EXPECT_EQ(alerts[0].row, 0u);
  EXPECT_EQ(alerts[0].group, AlertGroup::kAtRisk);
  EXPECT_DOUBLE_EQ(alerts[0].value_at_risk, 100);  // the CLV still there, not CLV (1 - p) / p
  EXPECT_EQ(std::string(alerts[0].Reason()), "low_p_alive");
  EXPECT_EQ(alerts[1].row, 1u);
  EXPECT_EQ(std::string(alerts[1].Reason()), "overdue");
  EXPECT_DOUBLE_EQ(alerts[1].overdue_ratio, 5);
  EXPECT_EQ(alerts[2].row, 2u);
  EXPECT_EQ(alerts[3].row, 5u);  // lost: by win-back value, whatever the tier
  EXPECT_EQ(alerts[3].group, AlertGroup::kLost);
  EXPECT_DOUBLE_EQ(alerts[3].value_at_risk, 0);
  EXPECT_DOUBLE_EQ(alerts[3].win_back_value, 800);
  EXPECT_EQ(alerts[4].row, 7u);  // small, but its upside is among the key accounts'
  EXPECT_EQ(std::string(GroupName(alerts[4].group)), "lost");
}

TEST(Alerts, WinBackValueIsThePastRateOverTheHorizon) {
  // 1,000 over half a year: 2,000 a year; margin 0.3, 2 years, 10 % a year at mid-horizon.
  EXPECT_NEAR(WinBackValue(1000, 365.25 / 2, 0.3, 2, 0.1), 0.3 * 2000 * 2 / 1.1, 1e-9);
  EXPECT_EQ(WinBackValue(0, 100, 0.3, 2, 0.1), 0);
  EXPECT_EQ(WinBackValue(100, 0, 0.3, 2, 0.1), 0);
}

TEST(Alerts, TrendNames) {
  EXPECT_EQ(std::string(TrendName(-0.3, 0.1)), "shrinking_orders");
  EXPECT_EQ(std::string(TrendName(-0.1, 0.6)), "slowing");
  EXPECT_EQ(std::string(TrendName(-0.25, 0.5)), "shrinking_orders+slowing");
  EXPECT_EQ(std::string(TrendName(std::nan(""), std::nan(""))), "");
  EXPECT_EQ(std::string(TrendName(0.2, -0.4)), "");
}

TEST(Alerts, DaysUntilLostIsTheFirstDayBelowTheLine) {
  // P(alive) = exp(-days / 50) crosses 0.1 at 50 ln 10 = 115.13 days: day 116 is the first below.
  auto p = [](double days) { return std::exp(-days / 50); };
  EXPECT_EQ(DaysUntilLost(p, 0.1, 365), 116);
  EXPECT_TRUE(std::isnan(DaysUntilLost(p, 0.1, 91)));  // still above at the end of the lookahead: no date
  EXPECT_EQ(DaysUntilLost(p, 0.999, 91), 1);     // below after one day: act at once
  EXPECT_TRUE(std::isnan(DaysUntilLost([](double) { return 1.0; }, 0.1, 91)));  // never falls (BG/NBD, no repeat)
}

}  // namespace
}  // namespace winnow::segment
