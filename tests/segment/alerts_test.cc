// Alerts: low P(alive) or overdue customers in the alerting tiers, ranked by value at risk.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "segment/alerts.h"

namespace winnow::segment {
namespace {

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

}  // namespace
}  // namespace winnow::segment
