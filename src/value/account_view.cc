#include "value/account_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

namespace winnow::value {

using Json = nlohmann::ordered_json;

namespace {

double OrZero(double v) { return std::isfinite(v) ? v : 0.0; }

// A number as JSON: null when not finite.
Json Number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// Year and month of a day (H. Hinnant's civil_from_days).
std::pair<int, unsigned> YearMonth(core::Day day) {
  const int64_t z = static_cast<int64_t>(day) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int year = static_cast<int>(static_cast<int64_t>(yoe) + era * 400) + (month <= 2 ? 1 : 0);
  return {year, month};
}

int MonthIndex(core::Day day) {
  const auto [year, month] = YearMonth(day);
  return year * 12 + static_cast<int>(month) - 1;
}

void CheckSize(size_t size, size_t expected, const char* what) {
  if (size != expected) {
    throw std::invalid_argument(fmt::format("AccountViewInput: {} has {} entries, expected {}", what, size, expected));
  }
}

void CheckIndex(int64_t index, size_t size, const char* what) {
  if (index != kNoAccount && (index < 0 || static_cast<uint64_t>(index) >= size)) {
    throw std::invalid_argument(fmt::format("AccountViewInput: {} {} is out of range (size {})", what, index, size));
  }
}

// Rows grouped by the preorder position of their node: a counting sort that keeps the row order
// within a position. `node_of(row)` is the row's node or kNoAccount (left out).
template <typename NodeOf>
void Bucket(size_t rows, const std::vector<uint32_t>& position, NodeOf node_of, std::vector<uint32_t>* by_pos,
            std::vector<uint64_t>* start) {
  const size_t m = position.size();
  start->assign(m + 1, 0);
  for (size_t r = 0; r < rows; ++r) {
    const int64_t node = node_of(r);
    if (node != kNoAccount) ++(*start)[position[static_cast<size_t>(node)] + 1];
  }
  for (size_t p = 0; p < m; ++p) (*start)[p + 1] += (*start)[p];
  by_pos->resize((*start)[m]);
  std::vector<uint64_t> fill(start->begin(), start->end() - 1);
  for (size_t r = 0; r < rows; ++r) {
    const int64_t node = node_of(r);
    if (node != kNoAccount) (*by_pos)[fill[position[static_cast<size_t>(node)]]++] = static_cast<uint32_t>(r);
  }
}

}  // namespace

AccountViews::AccountViews(AccountViewInput input) : in_(std::move(input)) {
  const size_t m = in_.accounts, n = in_.customer_id.size(), alerts = in_.alert_customer.size();
  if (m > 0 && (!in_.account_id || !in_.account_name || !in_.account_type)) {
    throw std::invalid_argument("AccountViewInput: account_id, account_name and account_type are required");
  }
  CheckSize(in_.account_parent.size(), m, "account_parent");
  for (int64_t p : in_.account_parent) CheckIndex(p, m, "account_parent");
  for (auto* column : {&in_.customer_name, &in_.customer_type, &in_.tier, &in_.key_account, &in_.alert}) {
    CheckSize(column->size(), n, "a customer column");
  }
  for (auto* column : {&in_.value, &in_.clv, &in_.p_alive}) CheckSize(column->size(), n, "a customer number column");
  CheckSize(in_.customer_account.size(), n, "customer_account");
  for (int64_t a : in_.customer_account) CheckIndex(a, m, "customer_account");
  CheckSize(in_.alert_group.size(), alerts, "alert_group");
  for (auto* column : {&in_.alert_rank, &in_.alert_value_at_risk, &in_.alert_win_back_value}) {
    CheckSize(column->size(), alerts, "an alert number column");
  }
  for (int64_t c : in_.alert_customer) CheckIndex(c, n, "alert_customer");
  if (!in_.purchase_start.empty()) {
    CheckSize(in_.purchase_start.size(), n + 1, "purchase_start");
    CheckSize(in_.purchase_day.size(), in_.purchase_start.back(), "purchase_day");
    CheckSize(in_.purchase_amount.size(), in_.purchase_start.back(), "purchase_amount");
  }
  const size_t experts = in_.has_experts ? in_.expert_account.size() : 0;
  if (in_.has_experts) {
    for (auto* column : {&in_.expert_id, &in_.expert_name, &in_.expert_specialty, &in_.expert_tier}) {
      CheckSize(column->size(), experts, "an expert column");
    }
    CheckSize(in_.expert_total_score.size(), experts, "expert_total_score");
    for (int64_t a : in_.expert_account) CheckIndex(a, m, "expert_account");
  }
  const size_t plans = in_.has_plan ? in_.plan_customer.size() : 0;
  if (in_.has_plan) {
    CheckSize(in_.plan_rep.size(), plans, "plan_rep");
    for (auto* column : {&in_.plan_contacts, &in_.plan_expected_gain, &in_.plan_current_contacts}) {
      CheckSize(column->size(), plans, "a plan number column");
    }
    for (int64_t c : in_.plan_customer) CheckIndex(c, n, "plan_customer");
  }

  by_id_.reserve(m);
  for (size_t a = 0; a < m; ++a) by_id_.emplace(in_.account_id(a), static_cast<uint32_t>(a));

  // Children lists (in row order), then a preorder from each root.
  child_start_.assign(m + 1, 0);
  for (int64_t p : in_.account_parent) {
    if (p != kNoAccount) ++child_start_[static_cast<size_t>(p) + 1];
  }
  for (size_t a = 0; a < m; ++a) child_start_[a + 1] += child_start_[a];
  child_.resize(child_start_[m]);
  {
    std::vector<uint64_t> fill(child_start_.begin(), child_start_.end() - 1);
    for (size_t a = 0; a < m; ++a) {
      const int64_t p = in_.account_parent[a];
      if (p != kNoAccount) child_[fill[static_cast<size_t>(p)]++] = static_cast<uint32_t>(a);
    }
  }
  constexpr uint32_t kUnvisited = std::numeric_limits<uint32_t>::max();
  position_.assign(m, kUnvisited);
  end_.assign(m, 0);
  depth_.assign(m, 0);
  preorder_.reserve(m);
  std::vector<std::pair<uint32_t, uint64_t>> stack;  // node, next child
  auto visit_from = [&](uint32_t root, uint32_t depth) {
    position_[root] = static_cast<uint32_t>(preorder_.size());
    depth_[root] = depth;
    preorder_.push_back(root);
    stack.emplace_back(root, child_start_[root]);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next == child_start_[node + 1]) {
        end_[node] = static_cast<uint32_t>(preorder_.size());
        stack.pop_back();
        continue;
      }
      const uint32_t child = child_[next++];
      if (position_[child] != kUnvisited) continue;
      position_[child] = static_cast<uint32_t>(preorder_.size());
      depth_[child] = depth_[node] + 1;
      preorder_.push_back(child);
      stack.emplace_back(child, child_start_[child]);
    }
  };
  for (size_t a = 0; a < m; ++a) {
    if (in_.account_parent[a] == kNoAccount) visit_from(static_cast<uint32_t>(a), 0);
  }
  // Nodes on a cycle (not a forest: a caller's bug, but never a hang): each becomes a root.
  for (size_t a = 0; a < m; ++a) {
    if (position_[a] == kUnvisited) visit_from(static_cast<uint32_t>(a), 0);
  }

  Bucket(n, position_, [&](size_t c) { return in_.customer_account[c]; }, &customer_by_pos_, &customer_start_);
  auto alert_node = [&](size_t r) {
    const int64_t c = in_.alert_customer[r];
    return c == kNoAccount ? kNoAccount : in_.customer_account[static_cast<size_t>(c)];
  };
  Bucket(alerts, position_, alert_node, &alert_by_pos_, &alert_start_);
  Bucket(experts, position_, [&](size_t r) { return in_.expert_account[r]; }, &expert_by_pos_, &expert_start_);
  Bucket(
      plans, position_,
      [&](size_t r) {
        const int64_t c = in_.plan_customer[r];
        return c == kNoAccount ? kNoAccount : in_.customer_account[static_cast<size_t>(c)];
      },
      &plan_by_pos_, &plan_start_);

  // Subtree sums: each node's own, then added to its parent from the last position up.
  totals_.assign(m, SubtreeTotals{});
  for (size_t c = 0; c < n; ++c) {
    const int64_t a = in_.customer_account[c];
    if (a == kNoAccount) continue;
    SubtreeTotals& t = totals_[static_cast<size_t>(a)];
    ++t.customers;
    t.value += OrZero(in_.value[c]);
    t.clv += OrZero(in_.clv[c]);
  }
  for (size_t r = 0; r < alerts; ++r) {
    const int64_t a = alert_node(r);
    if (a == kNoAccount) continue;
    SubtreeTotals& t = totals_[static_cast<size_t>(a)];
    if (in_.alert_group[r] == "at_risk") {
      ++t.at_risk;
      t.value_at_risk += OrZero(in_.alert_value_at_risk[r]);
    } else if (in_.alert_group[r] == "lost") {
      ++t.lost;
      t.win_back_value += OrZero(in_.alert_win_back_value[r]);
    }
  }
  for (size_t p = m; p-- > 0;) {
    const uint32_t a = preorder_[p];
    const int64_t parent = in_.account_parent[a];
    // A parent on a cycle may sit after its child: only sums that flow up the preorder.
    if (parent == kNoAccount || position_[static_cast<size_t>(parent)] >= p) continue;
    SubtreeTotals& up = totals_[static_cast<size_t>(parent)];
    const SubtreeTotals& t = totals_[a];
    up.customers += t.customers;
    up.value += t.value;
    up.clv += t.clv;
    up.at_risk += t.at_risk;
    up.lost += t.lost;
    up.value_at_risk += t.value_at_risk;
    up.win_back_value += t.win_back_value;
  }
}

std::optional<uint32_t> AccountViews::Find(std::string_view id) const {
  const auto found = by_id_.find(id);
  if (found == by_id_.end()) return std::nullopt;
  return found->second;
}

Json AccountViews::View(uint32_t a) const {
  const uint32_t first = position_[a], last = end_[a];
  Json view = Json::object();
  view["account"] = in_.account_row ? in_.account_row(a) : Json(nullptr);

  // Ancestors, top first (at most as many steps as nodes, whatever the parents).
  Json path = Json::array();
  {
    std::vector<uint32_t> up;
    for (int64_t p = in_.account_parent[a]; p != kNoAccount && up.size() < accounts();
         p = in_.account_parent[static_cast<size_t>(p)]) {
      up.push_back(static_cast<uint32_t>(p));
    }
    for (auto it = up.rbegin(); it != up.rend(); ++it) {
      path.push_back(Json{{"account_id", in_.account_id(*it)}, {"name", in_.account_name(*it)},
                          {"type", in_.account_type(*it)}});
    }
  }
  view["path"] = std::move(path);

  // The subtree's customers: one contiguous slice of customer_by_pos_.
  const uint64_t c_first = customer_start_[first], c_last = customer_start_[last];
  {
    std::vector<std::pair<uint64_t, double>> per_tier(in_.tier_names.size(), {0, 0.0});
    std::vector<std::string_view> other_names;
    std::vector<std::pair<uint64_t, double>> other;
    for (uint64_t k = c_first; k < c_last; ++k) {
      const uint32_t c = customer_by_pos_[k];
      const std::string& tier = in_.tier[c];
      const auto named = std::find(in_.tier_names.begin(), in_.tier_names.end(), tier);
      std::pair<uint64_t, double>* slot = nullptr;
      if (named != in_.tier_names.end()) {
        slot = &per_tier[static_cast<size_t>(named - in_.tier_names.begin())];
      } else {
        const auto seen = std::find(other_names.begin(), other_names.end(), std::string_view(tier));
        if (seen == other_names.end()) {
          other_names.push_back(tier);
          other.emplace_back(0, 0.0);
          slot = &other.back();
        } else {
          slot = &other[static_cast<size_t>(seen - other_names.begin())];
        }
      }
      ++slot->first;
      slot->second += OrZero(in_.value[c]);
    }
    Json tiers = Json::array();
    for (size_t k = 0; k < in_.tier_names.size(); ++k) {
      tiers.push_back(
          Json{{"tier", in_.tier_names[k]}, {"customers", per_tier[k].first}, {"value", per_tier[k].second}});
    }
    for (size_t k = 0; k < other_names.size(); ++k) {
      tiers.push_back(
          Json{{"tier", std::string(other_names[k])}, {"customers", other[k].first}, {"value", other[k].second}});
    }
    view["tiers"] = std::move(tiers);
  }

  // Alerts: the totals, and the first rows: at_risk by rank, then lost by rank.
  {
    const SubtreeTotals& t = totals_[a];
    std::vector<uint32_t> rows(alert_by_pos_.begin() + static_cast<int64_t>(alert_start_[first]),
                               alert_by_pos_.begin() + static_cast<int64_t>(alert_start_[last]));
    auto key = [&](uint32_t r) {
      const std::string& group = in_.alert_group[r];
      const int order = group == "at_risk" ? 0 : group == "lost" ? 1 : 2;
      const double rank = in_.alert_rank[r];
      return std::tuple(order, std::isfinite(rank) ? rank : INFINITY, r);
    };
    const size_t shown = std::min(rows.size(), kTopAlerts);
    std::partial_sort(rows.begin(), rows.begin() + static_cast<int64_t>(shown), rows.end(),
                      [&](uint32_t x, uint32_t y) { return key(x) < key(y); });
    Json top = Json::array();
    for (size_t k = 0; k < shown; ++k) top.push_back(in_.alert_row ? in_.alert_row(rows[k]) : Json(nullptr));
    view["alerts"] = Json{{"at_risk", t.at_risk},
                          {"lost", t.lost},
                          {"value_at_risk", t.value_at_risk},
                          {"win_back_value", t.win_back_value},
                          {"top", std::move(top)}};
  }

  // Direct children by value (ties by id).
  {
    std::vector<uint32_t> children(child_.begin() + static_cast<int64_t>(child_start_[a]),
                                   child_.begin() + static_cast<int64_t>(child_start_[a + 1]));
    const size_t shown = std::min(children.size(), kTopChildren);
    std::partial_sort(children.begin(), children.begin() + static_cast<int64_t>(shown), children.end(),
                      [&](uint32_t x, uint32_t y) {
                        if (totals_[x].value != totals_[y].value) return totals_[x].value > totals_[y].value;
                        return in_.account_id(x) < in_.account_id(y);
                      });
    Json top = Json::array();
    for (size_t k = 0; k < shown; ++k) {
      const uint32_t child = children[k];
      // A buying customer without children is a "customer" with its tier; anything else an account.
      const uint64_t own = customer_start_[position_[child] + 1] - customer_start_[position_[child]];
      const bool customer = Children(child) == 0 && own > 0;
      const std::string tier = customer ? in_.tier[customer_by_pos_[customer_start_[position_[child]]]] : "";
      const SubtreeTotals& t = totals_[child];
      top.push_back(Json{{"id", in_.account_id(child)},
                         {"name", in_.account_name(child)},
                         {"type", in_.account_type(child)},
                         {"kind", customer ? "customer" : "account"},
                         {"tier", tier},
                         {"customers", t.customers},
                         {"value", t.value},
                         {"alerts", t.at_risk}});
    }
    view["children"] = Json{{"count", children.size()}, {"top", std::move(top)}};
  }

  // The subtree's top customers by value (ties by id).
  {
    std::vector<uint32_t> customers(customer_by_pos_.begin() + static_cast<int64_t>(c_first),
                                    customer_by_pos_.begin() + static_cast<int64_t>(c_last));
    auto value = [&](uint32_t c) { return std::isfinite(in_.value[c]) ? in_.value[c] : -INFINITY; };
    const size_t shown = std::min(customers.size(), kTopCustomers);
    std::partial_sort(customers.begin(), customers.begin() + static_cast<int64_t>(shown), customers.end(),
                      [&](uint32_t x, uint32_t y) {
                        if (value(x) != value(y)) return value(x) > value(y);
                        return in_.customer_id[x] < in_.customer_id[y];
                      });
    Json top = Json::array();
    for (size_t k = 0; k < shown; ++k) {
      const uint32_t c = customers[k];
      top.push_back(Json{{"customer_id", in_.customer_id[c]},
                         {"name", in_.customer_name[c]},
                         {"type", in_.customer_type[c]},
                         {"tier", in_.tier[c]},
                         {"value", Number(in_.value[c])},
                         {"clv", Number(in_.clv[c])},
                         {"p_alive", Number(in_.p_alive[c])},
                         {"key_account", in_.key_account[c]},
                         {"alert", in_.alert[c]}});
    }
    view["top_customers"] = std::move(top);
  }

  // Purchases per calendar month, the kHistoryMonths months up to the observation end's month.
  // orders: purchase occasions (a customer's days with a purchase, as the models count them).
  {
    const int end_month = MonthIndex(in_.observation_end);
    const int first_month = end_month - kHistoryMonths + 1;
    std::vector<double> revenue(kHistoryMonths, 0.0);
    std::vector<uint64_t> orders(kHistoryMonths, 0);
    if (!in_.purchase_start.empty()) {
      std::vector<core::Day> days;
      for (uint64_t k = c_first; k < c_last; ++k) {
        const uint32_t c = customer_by_pos_[k];
        days.clear();
        for (uint64_t p = in_.purchase_start[c]; p < in_.purchase_start[c + 1]; ++p) {
          const core::Day day = in_.purchase_day[p];
          if (day > in_.observation_end) continue;
          const int month = MonthIndex(day) - first_month;
          if (month < 0) continue;
          revenue[static_cast<size_t>(month)] += OrZero(in_.purchase_amount[p]);
          if (!(in_.purchase_amount[p] < 0)) days.push_back(day);
        }
        std::sort(days.begin(), days.end());
        days.erase(std::unique(days.begin(), days.end()), days.end());
        for (core::Day day : days) ++orders[static_cast<size_t>(MonthIndex(day) - first_month)];
      }
    }
    Json months = Json::array();
    for (int k = 0; k < kHistoryMonths; ++k) {
      const int index = first_month + k;
      months.push_back(fmt::format("{:04d}-{:02d}", index / 12, index % 12 + 1));
    }
    view["history"] = Json{{"months", std::move(months)}, {"revenue", revenue}, {"orders", orders}};
  }

  // Experts working at accounts of the subtree, by total score (ties by id).
  if (!in_.has_experts) {
    view["experts"] = nullptr;
  } else {
    std::vector<uint32_t> rows(expert_by_pos_.begin() + static_cast<int64_t>(expert_start_[first]),
                               expert_by_pos_.begin() + static_cast<int64_t>(expert_start_[last]));
    auto score = [&](uint32_t r) {
      return std::isfinite(in_.expert_total_score[r]) ? in_.expert_total_score[r] : -INFINITY;
    };
    const size_t shown = std::min(rows.size(), kTopExperts);
    std::partial_sort(rows.begin(), rows.begin() + static_cast<int64_t>(shown), rows.end(),
                      [&](uint32_t x, uint32_t y) {
                        if (score(x) != score(y)) return score(x) > score(y);
                        return in_.expert_id[x] < in_.expert_id[y];
                      });
    Json top = Json::array();
    for (size_t k = 0; k < shown; ++k) {
      const uint32_t r = rows[k];
      const int64_t node = in_.expert_account[r];
      top.push_back(Json{{"expert_id", in_.expert_id[r]},
                         {"name", in_.expert_name[r]},
                         {"specialty", in_.expert_specialty[r]},
                         {"tier", in_.expert_tier[r]},
                         {"total_score", Number(in_.expert_total_score[r])},
                         {"customer_id", in_.account_id(static_cast<size_t>(node))}});
    }
    view["experts"] = Json{{"count", rows.size()}, {"top", std::move(top)}};
  }

  // The effort plan of the subtree: sums, and per rep (most expected gain first, ties by id).
  if (!in_.has_plan) {
    view["plan"] = nullptr;
  } else {
    uint64_t customers = 0;
    double contacts = 0, gain = 0, current = 0;
    std::map<std::string_view, std::pair<double, double>> reps;  // contacts, expected gain
    for (uint64_t k = plan_start_[first]; k < plan_start_[last]; ++k) {
      const uint32_t r = plan_by_pos_[k];
      const double n = OrZero(in_.plan_contacts[r]), g = OrZero(in_.plan_expected_gain[r]);
      contacts += n;
      gain += g;
      current += OrZero(in_.plan_current_contacts[r]);
      if (n > 0) {
        ++customers;
        auto& rep = reps[in_.plan_rep[r]];
        rep.first += n;
        rep.second += g;
      }
    }
    std::vector<std::pair<std::string_view, std::pair<double, double>>> sorted(reps.begin(), reps.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& x, const auto& y) { return x.second.second > y.second.second; });
    Json list = Json::array();
    for (const auto& [rep, sums] : sorted) {
      list.push_back(
          Json{{"rep_id", std::string(rep)}, {"contacts", std::llround(sums.first)}, {"expected_gain", sums.second}});
    }
    view["plan"] = Json{{"customers", customers},
                        {"contacts", std::llround(contacts)},
                        {"expected_gain", gain},
                        {"current_contacts", current},
                        {"reps", std::move(list)}};
  }
  return view;
}

}  // namespace winnow::value
