// The Account 360 (value/account_view.h) on a small tree whose answers are worked out by hand:
// subtree sums, tiers, children order, alerts, top customers, the months of the history, the
// experts and the plan, and null for a project without experts or plan.
#include "value/account_view.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace winnow::value {
namespace {

using Json = nlohmann::ordered_json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

core::Day D(int y, unsigned m, unsigned d) { return core::DaysFromCivil(y, m, d); }

// NAT ─┬─ CH (buys: customer CH) ─┬─ H1 (customer)
//      │                          └─ H2 (customer)
//      └─ PG ─┬─ P1 (customer)
//             └─ PR (a prospect: no purchases)
// X (customer, a tree of its own)
struct SmallTree {
  std::vector<std::string> account_id = {"NAT", "CH", "H1", "H2", "PG", "P1", "X", "PR"};
  std::vector<std::string> account_name = {"National", "Chain", "Hospital 1", "Hospital 2", "Group", "Practice 1",
                                           "Pharmacy X", "Prospect"};
  std::vector<std::string> account_type = {"national_group", "hospital_chain", "hospital", "hospital",
                                           "purchasing_group", "practice", "pharmacy", "practice"};
  std::vector<int64_t> account_parent = {-1, 0, 1, 1, 0, 4, -1, 4};

  std::vector<std::string> customer_id = {"H1", "H2", "P1", "X", "CH"};
  std::vector<std::string> customer_name = {"Hospital 1", "Hospital 2", "Practice 1", "Pharmacy X", "Chain"};
  std::vector<std::string> customer_type = {"hospital", "hospital", "practice", "pharmacy", "hospital_chain"};
  std::vector<std::string> tier = {"A", "B", "B", "A", "C"};
  std::vector<std::string> key_account = {"value", "", "", "value+upside", ""};
  std::vector<std::string> alert = {"", "at_risk", "lost", "", "at_risk"};
  std::vector<int64_t> customer_account = {2, 3, 5, 6, 1};
  std::vector<double> value = {100, 30, 20, 200, 5};
  std::vector<double> clv = {90, 30, 20, 200, 5};
  std::vector<double> p_alive = {0.9, 0.2, 0.05, 0.95, 0.5};
  std::vector<std::string> tier_names = {"A", "B", "C"};

  std::vector<int64_t> alert_customer = {1, 4, 2};
  std::vector<std::string> alert_group = {"at_risk", "at_risk", "lost"};
  std::vector<double> alert_rank = {1, 2, 1};
  std::vector<double> alert_value_at_risk = {12, 3, 0};
  std::vector<double> alert_win_back_value = {kNaN, kNaN, 7};

  // H1: two rows on 2026-09-01 (one occasion) and one in 2025-01; H2: one before the 24 months,
  // one in the first month, one after the observation end; P1: a purchase and a later return;
  // X: outside NAT; CH: none.
  std::vector<uint64_t> purchase_start = {0, 3, 6, 8, 9, 9};
  std::vector<core::Day> purchase_day = {D(2026, 9, 1),  D(2026, 9, 1), D(2025, 1, 15), D(2024, 9, 30), D(2024, 10, 1),
                                         D(2026, 10, 1), D(2026, 9, 30), D(2026, 9, 29), D(2026, 9, 10)};
  std::vector<double> purchase_amount = {50, 25, 10, 999, 5, 100, -4, 6, 1000};

  std::vector<int64_t> expert_account = {1, 5, 6, -1};
  std::vector<std::string> expert_id = {"E1", "E2", "E3", "E4"};
  std::vector<std::string> expert_name = {"Dr. One", "Dr. Two", "Dr. Three", "Dr. Four"};
  std::vector<std::string> expert_specialty = {"onc", "card", "onc", "neuro"};
  std::vector<std::string> expert_tier = {"national", "regional", "local", "global"};
  std::vector<double> expert_total_score = {80, 90, 70, 99};

  std::vector<int64_t> plan_customer = {0, 1, 2, 3};
  std::vector<std::string> plan_rep = {"rep01", "rep02", "rep01", "rep02"};
  std::vector<double> plan_contacts = {3, 1, 0, 2};
  std::vector<double> plan_expected_gain = {30, 5, 0, 50};
  std::vector<double> plan_current_contacts = {2, kNaN, 1, 1};

  AccountViewInput Input(bool experts_and_plan = true) const {
    AccountViewInput in;
    in.accounts = account_id.size();
    in.account_id = [this](size_t a) { return std::string_view(account_id[a]); };
    in.account_name = [this](size_t a) { return std::string_view(account_name[a]); };
    in.account_type = [this](size_t a) { return std::string_view(account_type[a]); };
    in.account_parent = account_parent;
    in.account_row = [this](size_t a) { return Json{{"account_id", account_id[a]}}; };
    in.customer_id = customer_id;
    in.customer_name = customer_name;
    in.customer_type = customer_type;
    in.tier = tier;
    in.key_account = key_account;
    in.alert = alert;
    in.customer_account = customer_account;
    in.value = value;
    in.clv = clv;
    in.p_alive = p_alive;
    in.tier_names = tier_names;
    in.alert_customer = alert_customer;
    in.alert_group = alert_group;
    in.alert_rank = alert_rank;
    in.alert_value_at_risk = alert_value_at_risk;
    in.alert_win_back_value = alert_win_back_value;
    in.alert_row = [this](size_t r) { return Json{{"row", r}, {"customer_id", customer_id[alert_customer[r]]}}; };
    in.purchase_start = purchase_start;
    in.purchase_day = purchase_day;
    in.purchase_amount = purchase_amount;
    in.observation_end = D(2026, 9, 30);
    if (experts_and_plan) {
      in.has_experts = true;
      in.expert_account = expert_account;
      in.expert_id = expert_id;
      in.expert_name = expert_name;
      in.expert_specialty = expert_specialty;
      in.expert_tier = expert_tier;
      in.expert_total_score = expert_total_score;
      in.has_plan = true;
      in.plan_customer = plan_customer;
      in.plan_rep = plan_rep;
      in.plan_contacts = plan_contacts;
      in.plan_expected_gain = plan_expected_gain;
      in.plan_current_contacts = plan_current_contacts;
    }
    return in;
  }
};

TEST(AccountView, SumsTheWholeSubtree) {
  const SmallTree t;
  const AccountViews views(t.Input());
  const uint32_t nat = *views.Find("NAT");
  // NAT's customers: H1 (100), H2 (30), P1 (20), CH (5); X is a tree of its own.
  const SubtreeTotals& n = views.Totals(nat);
  EXPECT_EQ(n.customers, 4u);
  EXPECT_DOUBLE_EQ(n.value, 155);
  EXPECT_DOUBLE_EQ(n.clv, 145);
  EXPECT_EQ(n.at_risk, 2u);
  EXPECT_EQ(n.lost, 1u);
  EXPECT_DOUBLE_EQ(n.value_at_risk, 15);
  EXPECT_DOUBLE_EQ(n.win_back_value, 7);
  EXPECT_EQ(views.Totals(*views.Find("CH")).customers, 3u);
  EXPECT_DOUBLE_EQ(views.Totals(*views.Find("CH")).value, 135);
  EXPECT_EQ(views.Totals(*views.Find("PR")).customers, 0u);
  EXPECT_EQ(views.Depth(*views.Find("P1")), 2u);
  EXPECT_EQ(views.Children(nat), 2u);
  EXPECT_FALSE(views.Find("nobody").has_value());

  const Json v = views.View(nat);
  EXPECT_EQ(v["account"], (Json{{"account_id", "NAT"}}));
  EXPECT_EQ(v["path"], Json::array());
  EXPECT_EQ(v["tiers"], Json::parse(R"([{"tier": "A", "customers": 1, "value": 100.0},
                                         {"tier": "B", "customers": 2, "value": 50.0},
                                         {"tier": "C", "customers": 1, "value": 5.0}])"));
  EXPECT_EQ(v["alerts"]["at_risk"], 2);
  EXPECT_EQ(v["alerts"]["lost"], 1);
  EXPECT_EQ(v["alerts"]["value_at_risk"], 15.0);
  EXPECT_EQ(v["alerts"]["win_back_value"], 7.0);
  // at_risk by rank, then lost.
  EXPECT_EQ(v["alerts"]["top"], Json::parse(R"([{"row": 0, "customer_id": "H2"}, {"row": 1, "customer_id": "CH"},
                                                {"row": 2, "customer_id": "P1"}])"));
  // Direct children by value: CH's subtree (135) before PG's (20).
  EXPECT_EQ(v["children"]["count"], 2);
  EXPECT_EQ(v["children"]["top"], Json::parse(R"([
      {"id": "CH", "name": "Chain", "type": "hospital_chain", "kind": "account", "tier": "", "customers": 3,
       "value": 135.0, "alerts": 2},
      {"id": "PG", "name": "Group", "type": "purchasing_group", "kind": "account", "tier": "", "customers": 1,
       "value": 20.0, "alerts": 0}])"));
  ASSERT_EQ(v["top_customers"].size(), 4u);
  EXPECT_EQ(v["top_customers"][0], Json::parse(R"({"customer_id": "H1", "name": "Hospital 1", "type": "hospital",
      "tier": "A", "value": 100.0, "clv": 90.0, "p_alive": 0.9, "key_account": "value", "alert": ""})"));
  std::vector<std::string> order;
  for (const auto& c : v["top_customers"]) order.push_back(c["customer_id"]);
  EXPECT_EQ(order, (std::vector<std::string>{"H1", "H2", "P1", "CH"}));
}

TEST(AccountView, PathChildrenOfALeafAndTheChildrenOfAChain) {
  const SmallTree t;
  const AccountViews views(t.Input());
  const Json h2 = views.View(*views.Find("H2"));
  EXPECT_EQ(h2["path"], Json::parse(R"([{"account_id": "NAT", "name": "National", "type": "national_group"},
                                        {"account_id": "CH", "name": "Chain", "type": "hospital_chain"}])"));
  EXPECT_EQ(h2["children"], Json::parse(R"({"count": 0, "top": []})"));
  EXPECT_EQ(h2["tiers"], Json::parse(R"([{"tier": "A", "customers": 0, "value": 0.0},
                                         {"tier": "B", "customers": 1, "value": 30.0},
                                         {"tier": "C", "customers": 0, "value": 0.0}])"));
  // CH's children are customers with their tiers; CH's own purchases count in its subtree.
  const Json ch = views.View(*views.Find("CH"));
  EXPECT_EQ(ch["children"]["top"][0]["id"], "H1");
  EXPECT_EQ(ch["children"]["top"][0]["kind"], "customer");
  EXPECT_EQ(ch["children"]["top"][0]["tier"], "A");
  EXPECT_EQ(ch["children"]["top"][1]["id"], "H2");
  EXPECT_EQ(ch["children"]["top"][1]["alerts"], 1);
  EXPECT_EQ(ch["top_customers"].size(), 3u);
  // A prospect's children: none; PG lists its prospect as an account without customers.
  const Json pg = views.View(*views.Find("PG"));
  EXPECT_EQ(pg["children"]["top"][1], Json::parse(R"({"id": "PR", "name": "Prospect", "type": "practice",
      "kind": "account", "tier": "", "customers": 0, "value": 0.0, "alerts": 0})"));
  EXPECT_EQ(pg["children"]["top"][0]["kind"], "customer");
}

TEST(AccountView, HistoryHasTheTwentyFourMonthsUpToTheObservationEnd) {
  const SmallTree t;
  const AccountViews views(t.Input());
  const Json h = views.View(*views.Find("NAT"))["history"];
  ASSERT_EQ(h["months"].size(), 24u);
  EXPECT_EQ(h["months"][0], "2024-10");
  EXPECT_EQ(h["months"][3], "2025-01");
  EXPECT_EQ(h["months"][15], "2026-01");
  EXPECT_EQ(h["months"][23], "2026-09");
  std::vector<double> revenue(24, 0.0);
  std::vector<int> orders(24, 0);
  revenue[0] = 5;  // H2 on 2024-10-01; its 2024-09-30 and 2026-10-01 purchases are outside
  orders[0] = 1;
  revenue[3] = 10;  // H1 on 2025-01-15
  orders[3] = 1;
  revenue[23] = 75 + 6 - 4;  // H1's two rows of one day, P1's purchase and its return
  orders[23] = 2;            // H1's day and P1's purchase day (a return is no order)
  EXPECT_EQ(h["revenue"].get<std::vector<double>>(), revenue);
  EXPECT_EQ(h["orders"].get<std::vector<int>>(), orders);
  // X alone: its own purchase only.
  const Json x = views.View(*views.Find("X"))["history"];
  EXPECT_EQ(x["revenue"][22], 0.0);
  EXPECT_EQ(x["revenue"][23], 1000.0);
}

TEST(AccountView, ExpertsAndPlanOfTheSubtree) {
  const SmallTree t;
  const AccountViews views(t.Input());
  const Json nat = views.View(*views.Find("NAT"));
  // E2 (P1, 90) and E1 (CH, 80); E3 works at X, E4 nowhere.
  EXPECT_EQ(nat["experts"]["count"], 2);
  EXPECT_EQ(nat["experts"]["top"], Json::parse(R"([
      {"expert_id": "E2", "name": "Dr. Two", "specialty": "card", "tier": "regional", "total_score": 90.0,
       "customer_id": "P1"},
      {"expert_id": "E1", "name": "Dr. One", "specialty": "onc", "tier": "national", "total_score": 80.0,
       "customer_id": "CH"}])"));
  // H1 3 contacts (30), H2 1 (5), P1 none (current 1); X is outside.
  EXPECT_EQ(nat["plan"], Json::parse(R"({"customers": 2, "contacts": 4, "expected_gain": 35.0,
      "current_contacts": 3.0, "reps": [{"rep_id": "rep01", "contacts": 3, "expected_gain": 30.0},
                                        {"rep_id": "rep02", "contacts": 1, "expected_gain": 5.0}]})"));
  // A subtree without experts or plan rows in a project that has both: zeros, not null.
  const Json pr = views.View(*views.Find("PR"));
  EXPECT_EQ(pr["experts"], Json::parse(R"({"count": 0, "top": []})"));
  EXPECT_EQ(pr["plan"]["customers"], 0);
  EXPECT_EQ(pr["plan"]["reps"], Json::array());
}

TEST(AccountView, WithoutExpertsOrPlanTheyAreNull) {
  const SmallTree t;
  const AccountViews views(t.Input(false));
  const Json v = views.View(*views.Find("NAT"));
  EXPECT_TRUE(v["experts"].is_null());
  EXPECT_TRUE(v["plan"].is_null());
  // Without histories: 24 months of zeros.
  AccountViewInput in = t.Input(false);
  in.purchase_start = {};
  in.purchase_day = {};
  in.purchase_amount = {};
  const Json h = AccountViews(in).View(0)["history"];
  EXPECT_EQ(h["revenue"].get<std::vector<double>>(), std::vector<double>(24, 0.0));
}

TEST(AccountView, SubtreesAreContiguousPreorderRanges) {
  const SmallTree t;
  const AccountViews views(t.Input());
  auto inside = [&](const char* of, const char* node) {
    const uint32_t a = *views.Find(of), b = *views.Find(node);
    return views.Position(a) <= views.Position(b) && views.Position(b) < views.End(a);
  };
  for (const char* node : {"NAT", "CH", "H1", "H2", "PG", "P1", "PR"}) EXPECT_TRUE(inside("NAT", node)) << node;
  EXPECT_FALSE(inside("NAT", "X"));
  EXPECT_TRUE(inside("CH", "H2"));
  EXPECT_FALSE(inside("CH", "P1"));
  EXPECT_FALSE(inside("H1", "H2"));
  EXPECT_EQ(views.End(*views.Find("H1")) - views.Position(*views.Find("H1")), 1u);
}

TEST(AccountView, RefusesColumnsOfDifferentLengthsAndCyclesDoNotHang) {
  SmallTree t;
  t.value.pop_back();
  EXPECT_THROW(AccountViews{t.Input()}, std::invalid_argument);
  SmallTree cycle;
  cycle.account_parent = {1, 0, 1, 1, 0, 4, -1, 4};  // NAT and CH each other's parent
  const AccountViews views(cycle.Input());
  EXPECT_EQ(views.View(*views.Find("H1"))["path"].size(), 8u);  // bounded by the number of nodes
}

}  // namespace
}  // namespace winnow::value
