// Stage 8, alerts: who is slipping away, ranked by value at risk.
#include "project/stages/alerts.h"

#include <gtest/gtest.h>

#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::D;
using winnow::testing::TempDir;

TEST(AlertsStage, LowPAliveOrOverdueInTheAlertingTiers) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  const size_t n = in.customers();
  value::CustomerValues v;
  v.p_alive.assign(n, 0.9);
  v.clv.assign(n, 100);
  v.expected_gap.assign(n, 4);  // weeks
  std::vector<uint8_t> tier(n, 0);
  const size_t a = in.RowOf("A"), b = in.RowOf("B"), e = in.RowOf("E"), f = in.RowOf("F");
  v.p_alive[e] = 0.2;  // low P(alive)
  v.clv[e] = 300;
  v.p_alive[b] = 0.3;  // low P(alive), but in tier C
  tier[b] = 2;
  v.expected_gap[f] = 1;  // F's last purchase 36 days ago, against 7 expected: overdue
  const AlertList alerts =
      FindAlerts({&in.summary, &v, &tier, in.period.observation_end, 7, 0.5, 2, {"A", "B"}, {"A", "B", "C"}});
  EXPECT_DOUBLE_EQ(alerts.days_since[a], 0);
  EXPECT_DOUBLE_EQ(alerts.days_since[f], D("2025-11-20") - D("2025-10-15"));
  EXPECT_DOUBLE_EQ(alerts.gap_days[a], 28);
  EXPECT_DOUBLE_EQ(alerts.OverdueRatio(f), 36.0 / 7);
  ASSERT_NE(alerts.Of(e), nullptr);
  EXPECT_TRUE(alerts.Of(e)->low_p_alive);
  EXPECT_EQ(alerts.Of(b), nullptr);
  EXPECT_EQ(alerts.Of(a), nullptr);
  ASSERT_NE(alerts.Of(f), nullptr);
  EXPECT_TRUE(alerts.Of(f)->overdue);
  // Ranked by value at risk; every alert is found through its customer's row.
  for (size_t k = 0; k < alerts.alerts.size(); ++k) {
    EXPECT_EQ(alerts.alert_index[alerts.alerts[k].row], k);
    if (k > 0) {
      EXPECT_GE(alerts.alerts[k - 1].value_at_risk, alerts.alerts[k].value_at_risk);
    }
  }
  EXPECT_EQ(alerts.alerts.front().row, e);
}

}  // namespace
}  // namespace winnow::project
