#include "project/stages/account_views.h"

#include <string_view>
#include <unordered_map>

#include "project/stages/headline.h"
#include "value/account_view.h"

namespace winnow::project {

nlohmann::ordered_json TopAccountViews(const AccountViewsInput& input) {
  const Computed& c = *&input.computed;
  const AccountLinks& L = *c.accounts;
  const value::AccountTable& accounts = L.accounts;
  const Rollup& U = *c.rollup;
  const Tiering& T = *c.tiering;
  const AlertList& A = *c.alerts;
  const value::CustomerValues& V = c.scores->values;
  nlohmann::ordered_json views = nlohmann::ordered_json::array();
  const size_t m = accounts.size(), n = L.account_of.size();
  if (m == 0 || U.top_parents.empty()) return views;

  // The chosen parents and every account of their subtrees: an account is in one when walking up
  // from it meets a chosen parent (each account's answer kept, so the walk is done once).
  // (Ids are looked up among the few that are asked for, not by a map of every account.)
  std::unordered_map<std::string_view, size_t> wanted;  // id -> its place among the chosen
  for (const results::AccountRow& row : U.top_parents) {
    if (wanted.size() == input.top) break;
    wanted.emplace(row.account_id, wanted.size());
  }
  std::vector<uint32_t> chosen(wanted.size());
  std::vector<int8_t> inside(m, -1);  // -1 unknown, 0 no, 1 yes
  for (uint32_t a = 0; a < m; ++a) {
    const auto found = wanted.find(accounts.id[a]);
    if (found != wanted.end()) chosen[found->second] = a, inside[a] = 1;
  }
  std::vector<uint32_t> path;
  for (uint32_t a = 0; a < m; ++a) {
    uint32_t b = a;
    path.clear();
    while (inside[b] < 0 && L.tree.parent[b] >= 0) path.push_back(b), b = static_cast<uint32_t>(L.tree.parent[b]);
    const int8_t answer = inside[b] < 0 ? 0 : inside[b];
    if (inside[b] < 0) inside[b] = answer;
    for (uint32_t p : path) inside[p] = answer;
  }

  // The subtrees' accounts, renumbered 0 .. in order.
  std::vector<uint32_t> node_of(m, kNoRow), account_rows;
  for (uint32_t a = 0; a < m; ++a) {
    if (inside[a] == 1) node_of[a] = static_cast<uint32_t>(account_rows.size()), account_rows.push_back(a);
  }
  std::vector<int64_t> parent(account_rows.size(), value::kNoAccount);
  for (size_t k = 0; k < account_rows.size(); ++k) {
    const int64_t p = L.tree.parent[account_rows[k]];
    if (p >= 0 && node_of[static_cast<size_t>(p)] != kNoRow) parent[k] = node_of[static_cast<size_t>(p)];
  }

  // Their customers, with the columns of customers.csv the views show.
  std::vector<uint32_t> customer_rows;
  std::vector<uint32_t> customer_of(n, kNoRow);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t a = L.account_of[i];
    if (a != kNoRow && node_of[a] != kNoRow) {
      customer_of[i] = static_cast<uint32_t>(customer_rows.size());
      customer_rows.push_back(i);
    }
  }
  const size_t k_customers = customer_rows.size();
  std::vector<std::string> ids(k_customers), names(k_customers), types(k_customers), tiers(k_customers),
      keys(k_customers), alert_groups(k_customers);
  std::vector<int64_t> customer_node(k_customers);
  std::vector<double> value(k_customers), clv(k_customers), p_alive(k_customers);
  for (size_t k = 0; k < k_customers; ++k) {
    const uint32_t i = customer_rows[k];
    ids[k] = c.ingested->ids[i];
    names[k] = L.Field(accounts.name, i);
    types[k] = L.Field(accounts.type, i);
    tiers[k] = c.TierName(i);
    keys[k] = T.KeyReason(i);
    const segment::Alert* alert = A.Of(i);
    alert_groups[k] = alert == nullptr ? "" : segment::GroupName(alert->group);
    customer_node[k] = node_of[L.account_of[i]];
    value[k] = c.referrals->value[i];
    clv[k] = V.clv[i];
    p_alive[k] = V.p_alive[i];
  }

  // Their alerts.
  std::vector<uint32_t> alert_rows;
  for (uint32_t k = 0; k < A.alerts.size(); ++k) {
    if (customer_of[A.alerts[k].row] != kNoRow) alert_rows.push_back(k);
  }
  std::vector<int64_t> alert_customer(alert_rows.size());
  std::vector<std::string> alert_group(alert_rows.size());
  std::vector<double> alert_rank(alert_rows.size()), alert_risk(alert_rows.size()), alert_win_back(alert_rows.size());
  for (size_t r = 0; r < alert_rows.size(); ++r) {
    const segment::Alert& a = A.alerts[alert_rows[r]];
    const bool lost = a.group == segment::AlertGroup::kLost;
    alert_customer[r] = customer_of[a.row];
    alert_group[r] = segment::GroupName(a.group);
    alert_rank[r] = static_cast<double>(lost ? alert_rows[r] - A.at_risk + 1 : alert_rows[r] + 1);
    alert_risk[r] = a.value_at_risk;
    alert_win_back[r] = lost ? a.win_back_value : 0;
  }

  // Their purchases up to the observation end, grouped by customer.
  const std::vector<uint32_t>& log_customer = *input.customer_of_log_row;
  const io::TransactionLog& log = c.ingested->log;
  std::vector<uint64_t> start(k_customers + 1, 0);
  for (uint32_t row : log_customer) {
    if (row != kNoRow && customer_of[row] != kNoRow) ++start[customer_of[row] + 1];
  }
  for (size_t k = 0; k < k_customers; ++k) start[k + 1] += start[k];
  std::vector<core::Day> day(start[k_customers]);
  std::vector<double> amount(start[k_customers], 0.0);
  {
    std::vector<uint64_t> fill(start.begin(), start.end() - 1);
    for (size_t r = 0; r < log_customer.size(); ++r) {
      const uint32_t row = log_customer[r];
      if (row == kNoRow || customer_of[row] == kNoRow) continue;
      const uint64_t at = fill[customer_of[row]]++;
      day[at] = log.day[r];
      if (log.has_amount) amount[at] = log.amount[r];
    }
  }

  value::AccountViewInput in;
  in.accounts = account_rows.size();
  in.account_id = [&](size_t k) { return std::string_view(accounts.id[account_rows[k]]); };
  in.account_name = [&](size_t k) { return std::string_view(accounts.name[account_rows[k]]); };
  in.account_type = [&](size_t k) { return std::string_view(accounts.type[account_rows[k]]); };
  in.account_parent = parent;
  in.account_row = [&](size_t k) { return results::AccountRowJson(U.Row(L, account_rows[k])); };
  in.customer_id = ids;
  in.customer_name = names;
  in.customer_type = types;
  in.tier = tiers;
  in.key_account = keys;
  in.alert = alert_groups;
  in.customer_account = customer_node;
  in.value = value;
  in.clv = clv;
  in.p_alive = p_alive;
  in.tier_names = c.tier_names;
  in.alert_customer = alert_customer;
  in.alert_group = alert_group;
  in.alert_rank = alert_rank;
  in.alert_value_at_risk = alert_risk;
  in.alert_win_back_value = alert_win_back;
  in.alert_row = [&](size_t r) { return results::AlertRowJson(AlertRowOf(c, alert_rows[r], input.lookahead_days)); };
  in.purchase_start = start;
  in.purchase_day = day;
  in.purchase_amount = amount;
  in.observation_end = c.ingested->period.observation_end;

  // The experts working at the subtrees' accounts.
  std::vector<int64_t> expert_node;
  std::vector<std::string> expert_id, expert_name, expert_specialty, expert_tier;
  std::vector<double> expert_score;
  if (c.experts != nullptr && c.experts->present) {
    in.has_experts = true;
    const ExpertList& E = *c.experts;
    std::unordered_map<std::string_view, int64_t> node_of_id;  // the experts' accounts in the subtrees
    for (const expert::Expert& x : E.tables.experts) {
      if (!x.customer_id.empty()) node_of_id.emplace(x.customer_id, value::kNoAccount);
    }
    for (uint32_t a : account_rows) {
      const auto found = node_of_id.find(accounts.id[a]);
      if (found != node_of_id.end()) found->second = node_of[a];
    }
    for (uint32_t e = 0; e < E.tables.experts.size(); ++e) {
      const auto found = node_of_id.find(E.tables.experts[e].customer_id);
      if (found == node_of_id.end() || found->second == value::kNoAccount) continue;
      expert_node.push_back(found->second);
      expert_id.push_back(E.tables.experts[e].id);
      expert_name.push_back(E.tables.experts[e].name);
      expert_specialty.push_back(E.tables.experts[e].specialty);
      expert_tier.push_back(E.scores[e].tier);
      expert_score.push_back(E.scores[e].total);
    }
    in.expert_account = expert_node;
    in.expert_id = expert_id;
    in.expert_name = expert_name;
    in.expert_specialty = expert_specialty;
    in.expert_tier = expert_tier;
    in.expert_total_score = expert_score;
  }

  // The effort plan's rows of their customers.
  std::vector<int64_t> plan_customer;
  std::vector<std::string> plan_rep;
  std::vector<double> plan_contacts, plan_gain, plan_current;
  if (c.plan != nullptr && c.plan->planned) {
    in.has_plan = true;
    for (const PlanRow& row : c.plan->rows) {
      if (customer_of[row.customer] == kNoRow) continue;
      plan_customer.push_back(customer_of[row.customer]);
      plan_rep.push_back(c.plan->reps[row.rep].id);
      plan_contacts.push_back(row.contacts);
      plan_gain.push_back(row.expected_gain);
      plan_current.push_back(row.current);
    }
    in.plan_customer = plan_customer;
    in.plan_rep = plan_rep;
    in.plan_contacts = plan_contacts;
    in.plan_expected_gain = plan_gain;
    in.plan_current_contacts = plan_current;
  }

  const value::AccountViews index(std::move(in));
  for (uint32_t a : chosen) views.push_back(index.View(node_of[a]));
  return views;
}

}  // namespace winnow::project
