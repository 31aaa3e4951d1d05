// The Account 360: one account of the hierarchy (a purchasing group, a chain, a hospital, or a
// buying customer) with its whole subtree (children, grandchildren, ...): its value per tier,
// its alerts, its direct children, its top customers, the purchase history per calendar month,
// its experts and the effort plan for it. The object is the body of `GET /api/accounts/{id}` and
// each entry of results.json's `account_views` (the shape: /work/ISSUE14.md, "Account 360 object").
//
// The inputs are plain columns, one entry per row of each table (std::span: the caller keeps
// them alive as long as the AccountViews), so that both callers can pass what they hold: the run
// stage its account table, tree and per-customer vectors; the server the columns of the CSV
// files it loaded. The accounts' texts come through functions, as the server's accounts are the
// rows of two tables (accounts.csv and customers.csv) that it does not copy.
//
// The run stage (results.json's account_views): the accounts are the rows of
// value::AccountTable (account_id = table.id[a], name, type; account_parent = tree.parent), the
// customers those of the summary (customer_account = account_of[i], kNoRow as kNoAccount), the
// alerts the rows of alerts.csv, the purchases the log's rows grouped by customer.
//
// Cost: the constructor indexes the tree once, O(accounts + customers + alerts + experts + plan
// rows): a preorder (Euler tour) of the accounts, in which every subtree is one contiguous range,
// the customers, alerts, experts and plan rows sorted by the position of their account in it,
// and the subtree sums the children list shows. View(a) then costs O(subtree size + the
// subtree's purchases), however large the whole tree.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"

namespace winnow::value {

inline constexpr int64_t kNoAccount = -1;

struct AccountViewInput {
  // ---- The accounts: every node of the account tree, one entry each. In the run stage the rows
  // of the account table (value::AccountTable: parents, buying customers, prospects); in the
  // server the rows of accounts.csv plus one node per customer of customers.csv that is not
  // already one of them.
  // The texts of account a (0 <= a < accounts). The views keep the ids as string_views (Find):
  // the texts must stay in place while the AccountViews lives.
  size_t accounts = 0;
  std::function<std::string_view(size_t account)> account_id, account_name, account_type;
  // The node's parent (an index into the accounts), kNoAccount at the top. Should form a forest
  // (value::BuildAccountTree checks that for the run; a cycle is cut, never followed forever).
  std::span<const int64_t> account_parent;
  // The account's own row as the view's "account" object (accounts.csv's columns).
  std::function<nlohmann::ordered_json(size_t account)> account_row;

  // ---- The customers: the buying customers (customers.csv rows), one entry each.
  std::span<const std::string> customer_id, customer_name, customer_type;
  std::span<const std::string> tier;         // value tier, one of tier_names (or anything else)
  std::span<const std::string> key_account;  // customers.csv key_account: "value", "upside", "value+upside" or ""
  std::span<const std::string> alert;        // customers.csv alert: the group, "at_risk", "lost" or ""
  // The customer's OWN node in the accounts (a customer is an account of the tree, a leaf or a
  // buying parent); kNoAccount for a customer outside the tree (it is then in no view).
  std::span<const int64_t> customer_account;
  std::span<const double> value, clv, p_alive;  // customers.csv value (what ranks), clv, p_alive
  // The tier names in order (settings.tier_names): "tiers" lists every one, also when empty.
  std::span<const std::string> tier_names;

  // ---- The alerts: alerts.csv rows, one entry each.
  std::span<const int64_t> alert_customer;  // index into the customers; kNoAccount when unknown
  std::span<const std::string> alert_group;  // "at_risk" or "lost"
  std::span<const double> alert_rank;        // rank within its group (1 ..)
  std::span<const double> alert_value_at_risk, alert_win_back_value;  // NaN counts as 0
  // The alert's row as in alerts.csv (all columns), for "alerts.top".
  std::function<nlohmann::ordered_json(size_t alert)> alert_row;

  // ---- The purchases of each customer: customer c's are the rows purchase_start[c] ..
  // purchase_start[c + 1] - 1 of purchase_day and purchase_amount (any order; negative amounts
  // are returns and lower the revenue). purchase_start has customers + 1 entries, or none when
  // there are no histories (then the history shows zeros).
  std::span<const uint64_t> purchase_start;
  std::span<const core::Day> purchase_day;
  std::span<const double> purchase_amount;
  core::Day observation_end = 0;  // the history's last month is this day's month

  // ---- The experts (experts.csv rows), when the project has them; has_experts false: "experts" is null.
  bool has_experts = false;
  std::span<const int64_t> expert_account;  // the node of experts.csv customer_id; kNoAccount when none
  std::span<const std::string> expert_id, expert_name, expert_specialty, expert_tier;
  std::span<const double> expert_total_score;

  // ---- The effort plan (plan.csv rows), when the project plans; has_plan false: "plan" is null.
  bool has_plan = false;
  std::span<const int64_t> plan_customer;  // index into the customers; kNoAccount when unknown
  std::span<const std::string> plan_rep;
  std::span<const double> plan_contacts, plan_expected_gain, plan_current_contacts;  // NaN counts as 0
};

// Sums over an account's subtree (itself included).
struct SubtreeTotals {
  uint64_t customers = 0;  // buying customers
  double value = 0;        // sum of their value
  double clv = 0;
  uint64_t at_risk = 0, lost = 0;  // alert rows by group
  double value_at_risk = 0;        // of the at_risk rows
  double win_back_value = 0;       // of the lost rows
};

class AccountViews {
 public:
  // Lists of the view: at most these many rows each.
  static constexpr size_t kTopAlerts = 10, kTopChildren = 20, kTopCustomers = 10, kTopExperts = 10;
  static constexpr int kHistoryMonths = 24;

  // Indexes the inputs (see the cost above). Throws std::invalid_argument when the columns of one
  // table differ in length or an index is out of range (a bug of the caller).
  explicit AccountViews(AccountViewInput input);

  size_t accounts() const { return in_.accounts; }
  // The node of an account id, or nullopt.
  std::optional<uint32_t> Find(std::string_view id) const;
  // The Account 360 object of a node.
  nlohmann::ordered_json View(uint32_t account) const;

  // Sums over the subtree of a node (itself included), computed once.
  const SubtreeTotals& Totals(uint32_t account) const { return totals_[account]; }
  uint32_t Depth(uint32_t account) const { return depth_[account]; }
  uint32_t Children(uint32_t account) const {
    return static_cast<uint32_t>(child_start_[account + 1] - child_start_[account]);
  }
  // The node's subtree is the preorder positions [Position(a), End(a)): a node b lies in it when
  // Position(a) <= Position(b) < End(a); its proper descendants from Position(a) + 1.
  uint32_t Position(uint32_t account) const { return position_[account]; }
  uint32_t End(uint32_t account) const { return end_[account]; }

 private:
  AccountViewInput in_;
  std::unordered_map<std::string_view, uint32_t> by_id_;
  std::vector<uint32_t> position_, end_, depth_;
  std::vector<uint32_t> preorder_;                       // nodes by position
  std::vector<uint64_t> child_start_;                    // children of a: child_[child_start_[a] ..]
  std::vector<uint32_t> child_;
  // Rows of each table sorted by the position of their node; *_start_[p] is the first row whose
  // node sits at position p or later (positions + 1 entries).
  std::vector<uint32_t> customer_by_pos_, alert_by_pos_, expert_by_pos_, plan_by_pos_;
  std::vector<uint64_t> customer_start_, alert_start_, expert_start_, plan_start_;
  std::vector<SubtreeTotals> totals_;
};

}  // namespace winnow::value
