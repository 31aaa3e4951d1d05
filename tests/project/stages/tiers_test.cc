// Stage 7, tiers: ranking, tiers, key accounts and RFM scores.
#include "project/stages/tiers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::TempDir;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Fixture {
  TempDir dir;
  Ingested in;
  std::vector<double> total, p_alive, upside;
  Fixture() {
    const ProjectConfig config = TinyProject(dir, kSixCustomers);
    in = Ingest({&config, {}});
    total.assign(6, 0);
    p_alive.assign(6, 0.5);
    upside.assign(6, kNaN);
    // A holds half the value, C a quarter.
    for (const auto& [id, v] : std::vector<std::pair<std::string, double>>{
             {"A", 500}, {"B", 100}, {"C", 250}, {"D", 10}, {"E", 40}, {"F", 100}}) {
      total[in.RowOf(id)] = v;
    }
  }
  Tiering Tier(double key_top_value = 0.2, double key_top_upside = 0.2) {
    return TierCustomers({&in.summary, &total, &total, &p_alive, &upside, in.period.observation_end, {0.5, 0.8},
                          {"A", "B", "C"}, key_top_value, key_top_upside, 0.1});
  }
};

TEST(TiersStage, RanksByTotalValueAndCutsByCumulativeShare) {
  Fixture f;
  const Tiering t = f.Tier();
  ASSERT_EQ(t.ranked.size(), 6u);
  EXPECT_EQ(f.in.ids[t.ranked[0]], "A");
  EXPECT_EQ(f.in.ids[t.ranked[1]], "C");
  EXPECT_EQ(f.in.ids[t.ranked[5]], "D");
  ASSERT_EQ(t.tiers.size(), 3u);
  uint64_t customers = 0;
  double share = 0;
  for (const auto& tier : t.tiers) customers += tier.customers, share += tier.value_share;
  EXPECT_EQ(customers, 6u);
  EXPECT_NEAR(share, 1, 1e-12);
  EXPECT_EQ(t.tier[f.in.RowOf("A")], 0);
  EXPECT_EQ(t.tier[f.in.RowOf("D")], 2);
  EXPECT_LE(t.tier[f.in.RowOf("A")], t.tier[f.in.RowOf("C")]);
  EXPECT_FALSE(t.lorenz.empty());
}

TEST(TiersStage, KeyAccountsByValueAndByUpside) {
  Fixture f;
  f.upside[f.in.RowOf("E")] = 5000;  // a small customer with a large potential
  const Tiering t = f.Tier(0.2, 0.2);
  const size_t a = f.in.RowOf("A"), e = f.in.RowOf("E"), b = f.in.RowOf("B");
  EXPECT_EQ(t.KeyReason(a), "value");
  EXPECT_EQ(t.KeyReason(e), "upside");
  EXPECT_EQ(t.KeyReason(b), "");
  EXPECT_TRUE(t.key(e));
  EXPECT_FALSE(t.key(b));
  f.upside[a] = 9000;
  const Tiering both = f.Tier(0.2, 0.2);
  EXPECT_EQ(both.KeyReason(a), "value+upside");
  EXPECT_TRUE(both.key(a));
}

TEST(TiersStage, LostAccountsAreNeverKeyAccountsAndTheirUpsideGoesToWinBack) {
  Fixture f;
  const size_t a = f.in.RowOf("A"), c = f.in.RowOf("C"), e = f.in.RowOf("E");
  f.upside[e] = 5000;
  f.p_alive[a] = 0.05;  // the most valuable by value, but lost
  f.p_alive[e] = 1e-9;  // the largest upside, but lost
  const Tiering t = f.Tier(0.2, 0.2);
  EXPECT_EQ(t.KeyReason(a), "");
  EXPECT_EQ(t.KeyReason(e), "");
  EXPECT_EQ(t.KeyReason(c), "value");  // the next live one by value takes the place
  EXPECT_TRUE(t.lost_upside[e]);
  EXPECT_FALSE(t.lost_upside[a]);  // lost, but no upside known
  EXPECT_EQ(f.in.ids[t.ranked[0]], "A");  // the ranking itself is by value, lost or not
}

TEST(TiersStage, WithoutPotentialsNoUpsideKeyAccounts) {
  Fixture f;
  const Tiering t = f.Tier(0.2, 0.5);
  for (uint8_t flag : t.key_upside) {
    EXPECT_EQ(flag, 0);
  }
}

TEST(TiersStage, RfmScoresAreQuintilesOfRecencyOccasionsAndMeanOrder) {
  Fixture f;
  const Tiering t = f.Tier();
  const size_t a = f.in.RowOf("A"), d = f.in.RowOf("D"), e = f.in.RowOf("E"), c = f.in.RowOf("C");
  for (size_t i = 0; i < 6; ++i) {
    for (uint8_t s : {t.r_score[i], t.f_score[i], t.m_score[i]}) {
      EXPECT_TRUE(s >= 1 && s <= 5);
    }
  }
  EXPECT_GT(t.r_score[a], t.r_score[e]);  // A bought on the last day, E in early 2024
  EXPECT_GT(t.f_score[a], t.f_score[d]);  // 7 occasions against 1
  EXPECT_GT(t.m_score[c], t.m_score[d]);  // 305 a visit against 20
}

}  // namespace
}  // namespace winnow::project
