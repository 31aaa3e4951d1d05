// Stage 12, roll-up: the customers' values summed up the account tree.
#include "project/stages/rollup.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace winnow::project {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Accounts: 0 Top (chain) > 1 Mid (group) > {2 A, 3 B}; Top > 4 C; 5 P a prospect at the top.
// Customers (rows): 0 = A, 1 = B, 2 = C, 3 = a customer without an account.
AccountLinks Links() {
  AccountLinks links;
  value::AccountTable& t = links.accounts;
  t.id = {"Top", "Mid", "A", "B", "C", "P"};
  t.name = {"Top chain", "Mid group", "Alpha", "Beta", "Gamma", "Prospect"};
  t.type = t.region = t.owner = std::vector<std::string>(6);
  t.parent_id = {"", "Top", "Mid", "Mid", "Top", ""};
  t.potential = {kNaN, kNaN, 1000, kNaN, 500, 80};
  t.line = {2, 3, 4, 5, 6, 7};
  links.tree = value::BuildAccountTree(t);
  links.account_of = {2, 3, 4, kNoRow};
  return links;
}

TEST(RollupStage, SumsUpTheTreeAndListsParentsAndProspects) {
  const AccountLinks links = Links();
  AlertList alerts;
  alerts.alerts = {segment::Alert{1, segment::AlertGroup::kAtRisk, true, false, 0, 30, 0},
                   segment::Alert{0, segment::AlertGroup::kLost, true, true, 9, 0, 70}};
  alerts.alert_index = {1, 0, kNoRow, kNoRow};
  const std::vector<double> clv = {100, 40, 10, 1}, ref = {5, 0, 1, 0}, total = {105, 40, 11, 1},
                            revenue = {400, 50, 600, 9};
  const Rollup u = RollUpAccounts({&links, &alerts, &clv, &ref, &total, &revenue});
  EXPECT_EQ(u.clv, std::vector<double>({150, 140, 100, 40, 10, 0}));
  EXPECT_EQ(u.value, std::vector<double>({156, 145, 105, 40, 11, 0}));
  EXPECT_EQ(u.referral_value, std::vector<double>({6, 5, 5, 0, 1, 0}));
  EXPECT_EQ(u.annual_revenue, std::vector<double>({1050, 450, 400, 50, 600, 0}));
  EXPECT_EQ(u.customers, std::vector<double>({3, 2, 1, 1, 1, 0}));
  EXPECT_EQ(u.alerts, std::vector<double>({1, 1, 0, 1, 0, 0}));
  EXPECT_EQ(u.value_at_risk, std::vector<double>({30, 30, 0, 30, 0, 0}));
  EXPECT_EQ(u.lost, std::vector<double>({1, 1, 1, 0, 0, 0}));  // the lost one counts apart, with no value to save
  // Potentials: Mid has none of its own, so A's 1000 (B has none); Top: Mid's 1000 + C's 500.
  EXPECT_DOUBLE_EQ(u.potential[1], 1000);
  EXPECT_DOUBLE_EQ(u.potential[0], 1500);
  EXPECT_TRUE(std::isnan(u.potential[3]));
  // Listed: parents and accounts without purchases, by total value.
  EXPECT_EQ(u.listed, std::vector<uint32_t>({0, 1, 5}));
  ASSERT_EQ(u.top_parents.size(), 2u);
  EXPECT_EQ(u.top_parents[0].account_id, "Top");
  EXPECT_EQ(u.top_parents[0].children, 2u);
  EXPECT_DOUBLE_EQ(u.top_parents[0].upside, 1500 - 1050);
  EXPECT_DOUBLE_EQ(u.top_parents[0].share_of_wallet, 1050.0 / 1500);
  EXPECT_EQ(u.top_parents[1].level, 1u);
  // By upside, leaves only: A 600, P 80 (C's is negative).
  ASSERT_EQ(u.top_upside.size(), 2u);
  EXPECT_EQ(u.top_upside[0].account_id, "A");
  EXPECT_DOUBLE_EQ(u.top_upside[0].upside, 600);
  EXPECT_EQ(u.top_upside[1].account_id, "P");
}

TEST(RollupStage, NoAccountsNoRows) {
  AccountLinks links;
  links.account_of = {kNoRow, kNoRow};
  AlertList alerts;
  alerts.alert_index = {kNoRow, kNoRow};
  const std::vector<double> v = {1, 2};
  const Rollup u = RollUpAccounts({&links, &alerts, &v, &v, &v, &v});
  EXPECT_TRUE(u.listed.empty());
  EXPECT_TRUE(u.top_parents.empty());
  EXPECT_TRUE(u.top_upside.empty());
}

}  // namespace
}  // namespace winnow::project
