// Stage 8, alerts: who is slipping away and can still be saved, who is lost and worth winning back,
// the trend before churn, the day to act by, and what is new since the previous run.
#include "project/stages/alerts.h"

#include <gtest/gtest.h>

#include <cmath>

#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::D;
using winnow::testing::TempDir;

// P(alive) falls by a tenth per week of silence from its value at T (a stand-in for a fitted model).
class FallingPredictor : public model::PurchasePredictor {
 public:
  explicit FallingPredictor(const summary::CustomerSummary* s) : s_(s) {}
  double ConditionalExpectedPurchases(double, double, double, double) const override { return 0; }
  void ConditionalExpectedPurchasesAt(const double*, size_t count, double, double, double, double* out) const override {
    for (size_t k = 0; k < count; ++k) out[k] = 0;
  }
  double ProbabilityAlive(double, double t_x, double T) const override { return std::exp(-(T - t_x) / 4); }
  double ExpectedPurchases(double) const override { return 0; }

 private:
  const summary::CustomerSummary* s_;
};

struct Fixture {
  TempDir dir;
  ProjectConfig config;
  Ingested in;
  std::vector<uint32_t> rows;
  value::CustomerValues v;
  std::vector<uint8_t> tier, lost_upside;
  std::vector<double> value;
  Fixture() {
    config = TinyProject(dir, kSixCustomers);
    in = Ingest({&config, {}});
    rows = in.CustomerOfLogRows();
    const size_t n = in.customers();
    v.p_alive.assign(n, 0.9);
    v.clv.assign(n, 100);
    v.expected_gap.assign(n, 4);  // weeks
    tier.assign(n, 0);
    lost_upside.assign(n, 0);
    value.assign(n, 100);
  }
  AlertList Find(const model::PurchasePredictor* predictor = nullptr, std::string previous = "") {
    AlertsInput ai;
    ai.ingested = &in;
    ai.customer_of_log_row = &rows;
    ai.values = &v;
    ai.predictor = predictor;
    ai.tier = &tier;
    ai.value = &value;
    ai.lost_upside = &lost_upside;
    ai.margin = 0.5;
    ai.horizon_days = 365.25;
    ai.alert_tiers = {"A", "B"};
    ai.tier_names = {"A", "B", "C"};
    ai.previous_alerts = std::move(previous);
    return FindAlerts(ai);
  }
};

TEST(AlertsStage, AtRiskInTheAlertingTiersLostByWinBackValue) {
  Fixture f;
  const size_t a = f.in.RowOf("A"), b = f.in.RowOf("B"), c = f.in.RowOf("C"), e = f.in.RowOf("E"),
               fr = f.in.RowOf("F");
  f.v.p_alive[e] = 0.2;  // low P(alive)
  f.v.clv[e] = 300;
  f.v.p_alive[b] = 0.3;  // low P(alive), but in tier C
  f.tier[b] = 2;
  f.v.expected_gap[fr] = 1;  // F's last purchase 36 days ago, against 7 expected: overdue
  f.v.p_alive[c] = 1e-20;    // lost long ago: a win-back candidate
  f.v.clv[c] = 1e-25;
  const AlertList alerts = f.Find();
  EXPECT_DOUBLE_EQ(alerts.days_since[a], 0);
  EXPECT_DOUBLE_EQ(alerts.days_since[fr], D("2025-11-20") - D("2025-10-15"));
  EXPECT_DOUBLE_EQ(alerts.gap_days[a], 28);
  EXPECT_DOUBLE_EQ(alerts.OverdueRatio(fr), 36.0 / 7);
  ASSERT_NE(alerts.Of(e), nullptr);
  EXPECT_TRUE(alerts.Of(e)->low_p_alive);
  EXPECT_EQ(alerts.Of(e)->group, segment::AlertGroup::kAtRisk);
  EXPECT_DOUBLE_EQ(alerts.Of(e)->value_at_risk, 300);
  EXPECT_EQ(alerts.Of(b), nullptr);
  EXPECT_EQ(alerts.Of(a), nullptr);
  ASSERT_NE(alerts.Of(fr), nullptr);
  EXPECT_TRUE(alerts.Of(fr)->overdue);
  ASSERT_NE(alerts.Of(c), nullptr);
  EXPECT_EQ(alerts.Of(c)->group, segment::AlertGroup::kLost);
  EXPECT_DOUBLE_EQ(alerts.Of(c)->value_at_risk, 0);
  EXPECT_GT(alerts.Of(c)->win_back_value, 0);
  EXPECT_DOUBLE_EQ(alerts.Of(c)->win_back_value, alerts.win_back[c]);
  // D bought once, 564 days ago, against 28 expected: overdue too.
  ASSERT_NE(alerts.Of(f.in.RowOf("D")), nullptr);
  EXPECT_TRUE(alerts.Of(f.in.RowOf("D"))->overdue);
  EXPECT_EQ(alerts.at_risk, 3u);
  EXPECT_EQ(alerts.lost, 1u);
  EXPECT_DOUBLE_EQ(alerts.value_at_risk, 300 + 100 + 100);
  // At risk first by value to save, then lost; every alert is found through its customer's row.
  for (size_t k = 0; k < alerts.alerts.size(); ++k) {
    EXPECT_EQ(alerts.alert_index[alerts.alerts[k].row], k);
    if (k > 0 && alerts.alerts[k].group == alerts.alerts[k - 1].group) {
      EXPECT_GE(alerts.alerts[k - 1].value_at_risk, alerts.alerts[k].value_at_risk);
    }
  }
  EXPECT_EQ(alerts.alerts.front().row, e);
  EXPECT_EQ(alerts.alerts.back().row, c);
  // Without a model there is no day to act by; lost customers have none either.
  EXPECT_TRUE(std::isnan(alerts.contact_by[alerts.alert_index[e]]));
  EXPECT_TRUE(std::isnan(alerts.contact_by[alerts.alert_index[c]]));
  // No previous run: every alert is new.
  EXPECT_FALSE(alerts.previous_run);
  EXPECT_EQ(alerts.new_alerts, 4u);
}

TEST(AlertsStage, ContactByIsWhenPAliveWouldFallBelowTheLostLine) {
  Fixture f;
  const size_t e = f.in.RowOf("E");
  f.v.p_alive[e] = 0.3;
  const FallingPredictor predictor(&f.in.summary);
  const AlertList alerts = f.Find(&predictor);
  // exp(-(T + d / 7 - t_x) / 4) < 0.1  <=>  d > 7 (4 ln 10 - (T - t_x)) days.
  const double silent = f.in.summary.age(e) - f.in.summary.recency(e);
  const double expected = std::max(1.0, std::floor(7 * (4 * std::log(10.0) - silent)) + 1);
  ASSERT_LE(expected, 91);
  EXPECT_DOUBLE_EQ(alerts.contact_by[alerts.alert_index[e]], expected);
  // A customer that will not cross the line within the lookahead gets no date.
  const AlertList slow = [&] {
    const FallingPredictor never(&f.in.summary);
    AlertsInput ai;
    ai.ingested = &f.in;
    ai.customer_of_log_row = &f.rows;
    ai.values = &f.v;
    ai.predictor = &never;
    ai.tier = &f.tier;
    ai.value = &f.value;
    ai.lost_upside = &f.lost_upside;
    ai.lost_below = 1e-100;  // exp(-(93 + 13) / 4) weeks of silence at most: far above
    ai.alert_tiers = {"A", "B"};
    ai.tier_names = {"A", "B", "C"};
    return FindAlerts(ai);
  }();
  EXPECT_TRUE(std::isnan(slow.contact_by[slow.alert_index[e]]));
}

TEST(AlertsStage, NewSinceThePreviousRunOfTheSameGroup) {
  Fixture f;
  const size_t e = f.in.RowOf("E"), c = f.in.RowOf("C");
  f.v.p_alive[e] = 0.2;
  f.v.p_alive[c] = 0.3;
  const std::string previous = f.dir.Write("previous_alerts.csv", "rank,customer_id,group\n1,E,at_risk\n1,C,lost\n");
  const AlertList alerts = f.Find(nullptr, previous);
  EXPECT_TRUE(alerts.previous_run);
  EXPECT_EQ(alerts.is_new[alerts.alert_index[e]], 0);  // at risk then and now
  EXPECT_EQ(alerts.is_new[alerts.alert_index[c]], 1);  // lost then, at risk now: new in this group
  EXPECT_EQ(alerts.new_alerts, 3u);                    // C, and D and F (overdue)
  // A file written before the groups counts as at-risk alerts; a broken one is a note, all are new.
  const AlertList old = f.Find(nullptr, f.dir.Write("old.csv", "rank,customer_id\n1,C\n"));
  EXPECT_EQ(old.is_new[old.alert_index[c]], 0);
  const AlertList broken = f.Find(nullptr, f.dir.Write("broken.csv", "rank,customer_id\n1,\"C\n"));
  EXPECT_FALSE(broken.previous_run);
  ASSERT_EQ(broken.notes.size(), 1u);
  EXPECT_EQ(broken.new_alerts, 4u);
}

}  // namespace
}  // namespace winnow::project
