// Stage 12 of the main job: the customers' values rolled up the account tree to their parents
// (purchasing groups, chains, ...; value/accounts.h RollUp), the potentials of parents without
// their own (the sum of their children's known ones), and the top parents and the top accounts by
// upside for results.json.
#pragma once

#include <cstdint>
#include <vector>

#include "project/stages/accounts.h"
#include "project/stages/alerts.h"
#include "results/results.h"

namespace winnow::project {

struct RollupInput {
  const AccountLinks* accounts = nullptr;
  const AlertList* alerts = nullptr;
  const std::vector<double>* clv = nullptr;             // per customer
  const std::vector<double>* referral_value = nullptr;  // per customer
  const std::vector<double>* value = nullptr;           // per customer: the ranking value
  const std::vector<double>* annual_revenue = nullptr;  // per customer
};

struct Rollup {
  // Per account row: the sums over its subtree (its own customer row included).
  // value_at_risk and alerts: of the at_risk alerts; lost: the lost (win-back) alerts.
  std::vector<double> clv, referral_value, value, annual_revenue, value_at_risk, customers, alerts, lost;
  std::vector<double> potential;  // own when given, else the sum of the children's known ones; NaN: none
  // accounts.csv's rows by value: the parents, and the accounts without purchases.
  std::vector<uint32_t> listed;
  std::vector<results::AccountRow> top_parents, top_upside;  // 50 at most each

  results::AccountRow Row(const AccountLinks& links, uint32_t account) const;
};

Rollup RollUpAccounts(const RollupInput& input);

}  // namespace winnow::project
