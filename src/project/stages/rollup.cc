#include "project/stages/rollup.h"

#include <cmath>
#include <limits>

#include "segment/tiers.h"

namespace winnow::project {

results::AccountRow Rollup::Row(const AccountLinks& links, uint32_t a) const {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const value::AccountTable& accounts = links.accounts;
  results::AccountRow row;
  row.account_id = accounts.id[a];
  row.name = accounts.name[a];
  row.type = accounts.type[a];
  row.region = accounts.region[a];
  row.owner = accounts.owner[a];
  row.parent_id = accounts.parent_id[a];
  row.level = links.tree.depth[a];
  row.children = links.tree.children[a];
  row.customers = static_cast<uint64_t>(customers[a]);
  row.value = value[a];
  row.clv = clv[a];
  row.referral_value = referral_value[a];
  row.annual_revenue = annual_revenue[a];
  row.potential = potential[a];
  row.share_of_wallet = std::isfinite(potential[a]) && potential[a] > 0 ? annual_revenue[a] / potential[a] : kNaN;
  row.upside = std::isfinite(potential[a]) ? potential[a] - annual_revenue[a] : kNaN;
  row.value_at_risk = value_at_risk[a];
  row.alerts = static_cast<uint64_t>(alerts[a]);
  row.lost = static_cast<uint64_t>(lost[a]);
  return row;
}

Rollup RollUpAccounts(const RollupInput& input) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const AccountLinks& links = *input.accounts;
  const value::AccountTable& accounts = links.accounts;
  const value::AccountTree& tree = links.tree;
  const AlertList& alerts = *input.alerts;
  const size_t n = links.account_of.size(), m = accounts.size();
  std::vector<double> own_clv(m, 0), own_ref(m, 0), own_total(m, 0), own_rev(m, 0), own_risk(m, 0), own_buyers(m, 0),
      own_alerts(m, 0), own_lost(m, 0);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t a = links.account_of[i];
    if (a == kNoRow) continue;
    const segment::Alert* alert = alerts.Of(i);
    own_clv[a] = (*input.clv)[i];
    own_ref[a] = (*input.referral_value)[i];
    own_total[a] = (*input.value)[i];
    own_rev[a] = (*input.annual_revenue)[i];
    own_risk[a] = alert == nullptr ? 0 : alert->value_at_risk;
    own_alerts[a] = alert != nullptr && alert->group == segment::AlertGroup::kAtRisk;
    own_lost[a] = alert != nullptr && alert->group == segment::AlertGroup::kLost;
    own_buyers[a] = 1;
  }
  Rollup out;
  out.clv = value::RollUp(tree, own_clv);
  out.referral_value = value::RollUp(tree, own_ref);
  out.value = value::RollUp(tree, own_total);
  out.annual_revenue = value::RollUp(tree, own_rev);
  out.value_at_risk = value::RollUp(tree, own_risk);
  out.customers = value::RollUp(tree, own_buyers);
  out.alerts = value::RollUp(tree, own_alerts);
  out.lost = value::RollUp(tree, own_lost);
  out.potential.assign(m, kNaN);
  std::vector<double> child_sum(m, 0);
  std::vector<uint8_t> child_known(m, 0);
  for (uint32_t a : tree.order) {
    out.potential[a] =
        std::isfinite(accounts.potential[a]) ? accounts.potential[a] : (child_known[a] ? child_sum[a] : kNaN);
    if (tree.parent[a] >= 0 && std::isfinite(out.potential[a])) {
      child_sum[tree.parent[a]] += out.potential[a];
      child_known[tree.parent[a]] = 1;
    }
  }
  const std::vector<uint32_t> order = segment::RankByValue(out.value);
  // accounts.csv lists the parents (with their subtree's values) and the accounts without
  // purchases (prospects, with their upside); a buying customer's own row is in customers.csv.
  std::vector<uint8_t> buying(m, 0);
  for (size_t i = 0; i < n; ++i) {
    if (links.account_of[i] != kNoRow) buying[links.account_of[i]] = 1;
  }
  for (uint32_t a : order) {
    if (tree.children[a] > 0 || !buying[a]) out.listed.push_back(a);
  }
  for (uint32_t a : order) {
    if (out.top_parents.size() == 50) break;
    if (tree.children[a] > 0) out.top_parents.push_back(out.Row(links, a));
  }
  std::vector<double> upside(m, 0);
  for (size_t a = 0; a < m; ++a) {
    if (std::isfinite(out.potential[a]) && tree.children[a] == 0) upside[a] = out.potential[a] - out.annual_revenue[a];
  }
  for (uint32_t a : segment::RankByValue(upside)) {
    if (out.top_upside.size() == 50 || !(upside[a] > 0)) break;
    out.top_upside.push_back(out.Row(links, a));
  }
  return out;
}

}  // namespace winnow::project
