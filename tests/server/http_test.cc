// The request path of `winnow serve` without the network (server/http.h): decoding, the Host
// and method checks, errors that never carry exception text, and data with invalid UTF-8.
#include "server/http.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "model/model_file.h"
#include "model/predict.h"

namespace winnow::server {
namespace {

using Json = nlohmann::json;

// A project of two customers in memory; the second one's name is not valid UTF-8.
std::unique_ptr<ProjectData> SmallProject() {
  auto d = std::make_unique<ProjectData>();
  d->results = Json::parse(R"({"model": {"chosen": "bg_nbd"}, "settings": {"tier_names": ["A", "B"],
                               "tier_cuts": [0.8]}})");
  d->results_text = d->results.dump();
  const std::vector<std::string> names = {"customer_id", "name", "tier", "key_account", "alert", "value", "clv"};
  const std::vector<std::string> text = {"customer_id", "name", "tier", "key_account", "alert"};
  d->customers = Table::FromRows(names, text, {{"C1", "Alpha", "A", "", "", "100", "90"},
                                               {"C2", "Bad \xff\xfe name \xc0\xaf", "B", "", "", "10", "9"}});
  d->accounts = Table::FromRows({"account_id", "name", "level"}, {"account_id", "name"}, {{"A1", "Acme", "0"}});
  d->alerts = Table::FromRows({"customer_id", "name", "reason", "value_at_risk"}, {"customer_id", "name", "reason"}, {});
  d->reference = Table::FromRows({"segment", "customer_id"}, {"segment", "customer_id"}, {{"top", "C1"}});
  d->customer_index = std::make_unique<TableIndex>(&d->customers);
  d->account_index = std::make_unique<TableIndex>(&d->accounts);
  d->alert_index = std::make_unique<TableIndex>(&d->alerts);
  d->customer_row = {{"C1", 0}, {"C2", 1}};
  d->value_before = {0, 100};
  d->total_value = 110;
  IndexProject(d.get());
  return d;
}

class HttpTest : public ::testing::Test {
 protected:
  HttpTest() : data_(SmallProject()) {
    site_.dashboard_html = "<!doctype html><style>body{}</style><script>go()</script>";
    site_.dashboard_csp = PageCsp(site_.dashboard_html);
    site_.allowed_hosts = LoopbackHosts("127.0.0.1", 8080);
    site_.log = [this](const std::string& line) { log_.push_back(line); };
  }
  HttpResponse Get(const std::string& target, const std::string& method = "GET", const std::string& host = "127.0.0.1:8080") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.has_host = true;
    r.host = host;
    r.authorization = authorization_;
    return Respond(r, site_, *data_);
  }
  static std::string Header(const HttpResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "<none>";
  }
  static std::string Message(const HttpResponse& r) { return Json::parse(r.body)["error"]["message"]; }

  std::unique_ptr<ProjectData> data_;
  Site site_;
  std::string authorization_;
  std::vector<std::string> log_;
};

TEST(PercentDecode, DecodesAndRejectsInvalidUtf8AndControls) {
  std::string out;
  EXPECT_TRUE(PercentDecode("a%20b+c%C3%A9", true, out));
  EXPECT_EQ(out, "a b c\xC3\xA9");
  EXPECT_TRUE(PercentDecode("a+b", false, out));
  EXPECT_EQ(out, "a+b");
  for (const char* bad : {"%ff", "%c0%af", "%e0%80%af", "%ed%a0%80", "%f4%90%80%80", "%C3", "%", "%4", "%zz", "%00",
                          "a%0Ab", "%7f", "\xff", "\xc0\xaf"}) {
    EXPECT_FALSE(PercentDecode(bad, true, out)) << bad;
  }
}

TEST_F(HttpTest, InvalidUtf8InPathOrQueryIs400WithoutToken) {
  site_.token = "s3cret-token-0123456789";
  for (const char* target : {"/%ff", "/%c0%af", "/favicon.ico%ff", "/api/customers/%ff", "/api/customers?sort=%ff",
                             "/api/customers?%ff=1", "/api/customers?q=%"}) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(Json::parse(r.body)["error"]["kind"], "input") << target;
  }
  EXPECT_EQ(Message(Get("/%ff")),
            "the path is not valid: percent-escapes must be %XX and decode to UTF-8 text without control characters");
  EXPECT_EQ(Message(Get("/api/customers?sort=%ff")),
            "the query is not valid: percent-escapes must be %XX and decode to UTF-8 text without control characters");
}

TEST_F(HttpTest, InvalidUtf8InPathOrQueryIs400WithToken) {
  site_.token = "s3cret-token-0123456789";
  authorization_ = "Bearer s3cret-token-0123456789";
  for (const char* target : {"/api/customers/%ff", "/api/customers?sort=%ff", "/api/customers?%ff=1"}) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 400) << target;
    for (const auto& [name, value] : r.headers) EXPECT_EQ(value.find("exception"), std::string::npos) << name;
  }
  EXPECT_EQ(Get("/api/customers/C1").status, 200);
}

TEST_F(HttpTest, InvalidUtf8InTheDataIsShownAsReplacementCharacters) {
  const HttpResponse list = Get("/api/customers?sort=name&order=asc");
  ASSERT_EQ(list.status, 200) << list.body;
  const Json rows = Json::parse(list.body)["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1]["name"], "Bad \xEF\xBF\xBD\xEF\xBF\xBD name \xEF\xBF\xBD\xEF\xBF\xBD");
  const HttpResponse one = Get("/api/customers/C2");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(Json::parse(one.body)["customer"]["name"], "Bad \xEF\xBF\xBD\xEF\xBF\xBD name \xEF\xBF\xBD\xEF\xBF\xBD");
  // A search cut inside a UTF-8 sequence of the data still gives valid JSON.
  EXPECT_EQ(Get("/api/customers?q=bad").status, 200);
}

TEST_F(HttpTest, ExceptionTextIsLoggedNeverSent) {
  data_->results["settings"]["tier_names"] = Json::array({1, 2});  // not strings: Reasons throws
  const HttpResponse r = Get("/api/customers/C1");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":{"kind":"internal","message":"internal error; the server's log says more"}})");
  for (const auto& [name, value] : r.headers) EXPECT_EQ(value.find("json"), std::string::npos) << name;
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("internal error answering GET /api/customers/C1: [json.exception.type_error"), std::string::npos)
      << log_[0];
}

TEST_F(HttpTest, HostMustNameThisServerOnLoopback) {
  for (const char* host : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080", "127.0.0.1", "localhost"}) {
    EXPECT_EQ(Get("/api/health", "GET", host).status, 200) << host;
  }
  for (const char* host : {"evil.example.com", "evil.example.com:8080", "127.0.0.1:80", "localhost:8081", "", "\xff"}) {
    const HttpResponse r = Get("/api/health", "GET", host);
    EXPECT_EQ(r.status, 403) << host;
    EXPECT_EQ(Json::parse(r.body)["error"]["kind"], "host");
  }
  EXPECT_EQ(Message(Get("/", "GET", "evil.example.com")),
            "Host \"evil.example.com\" is not this server; use http://localhost:8080/");
  EXPECT_EQ(LoopbackHosts("::1", 9),
            (std::vector<std::string>{"localhost:9", "[::1]:9", "127.0.0.1:9", "localhost", "[::1]", "127.0.0.1"}));
}

TEST_F(HttpTest, OnlyGetAndHeadAreAllowed) {
  for (const char* method : {"OPTIONS", "TRACE", "CONNECT", "PROPFIND", "POST", "PUT", "DELETE", "PATCH", "BREW"}) {
    const HttpResponse r = Get("/api/health", method);
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(Header(r, "Allow"), "GET, HEAD") << method;
  }
  EXPECT_EQ(Message(Get("/", "PROPFIND")), "PROPFIND is not supported: the API only reads (GET, HEAD)");
  EXPECT_EQ(Get("/api/health", "HEAD").status, 200);
}

TEST_F(HttpTest, SecurityHeadersOnEveryResponse) {
  for (const HttpResponse& r : {Get("/"), Get("/api/health"), Get("/nothing"), Get("/%ff"), Get("/", "TRACE"),
                                Get("/", "GET", "evil.example.com"), ErrorResponse(431, "input", "too large")}) {
    EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff") << r.status;
    EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY") << r.status;
    EXPECT_EQ(Header(r, "Referrer-Policy"), "no-referrer") << r.status;
    EXPECT_NE(Header(r, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << r.status;
  }
  EXPECT_EQ(Header(Get("/api/health"), "Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
  // The page's inline script by its SHA-256 (printf 'go()' | openssl dgst -sha256 -binary | base64).
  EXPECT_EQ(Header(Get("/"), "Content-Security-Policy"),
            "default-src 'none'; script-src 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='; style-src "
            "'unsafe-inline'; img-src data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'");
}

TEST_F(HttpTest, TargetLimits) {
  EXPECT_EQ(Get("/api/customers?q=" + std::string(5000, 'a')).status, 414);
  EXPECT_EQ(Message(Get("/api/health#frag")), "the request target holds a fragment (#), which a client never sends");
  std::string many = "/api/customers?";
  for (int k = 0; k < 40; ++k) many += "page=1&";
  EXPECT_EQ(Message(Get(many)), "at most 32 query parameters");
  EXPECT_EQ(Get("*", "GET").status, 400);
  EXPECT_EQ(Get("http://evil.example.com/", "GET").status, 400);
}


// The lists' parameters are the filters and flags declared with the tables (results/columns.h),
// listed in the declared order.
TEST_F(HttpTest, ListParametersAreTheDeclaredFiltersAndFlags) {
  EXPECT_EQ(Message(Get("/api/customers?nope=1")),
            "unknown parameter \"nope\"; the parameters are page, per_page, sort, order, q, format, tier, type, "
            "region, owner, parent_id, key_account, alert");
  EXPECT_EQ(Message(Get("/api/alerts?nope=1")),
            "unknown parameter \"nope\"; the parameters are page, per_page, sort, order, q, format, tier, type, "
            "region, owner, reason, group, trend, new, parent_id");
  EXPECT_EQ(Message(Get("/api/accounts?nope=1")),
            "unknown parameter \"nope\"; the parameters are page, per_page, sort, order, q, format, type, region, "
            "owner, parent_id, level");
  EXPECT_EQ(Json::parse(Get("/api/customers?tier=B").body)["total"], 1);
  EXPECT_EQ(Json::parse(Get("/api/accounts?level=0").body)["total"], 1);
  EXPECT_EQ(Json::parse(Get("/api/customers?q=alp").body)["rows"][0]["customer_id"], "C1");
}

// Sorting takes a declared column of the list's file; any other name is a 400 that lists them.
TEST_F(HttpTest, SortTakesTheDeclaredColumns) {
  EXPECT_EQ(Json::parse(Get("/api/customers?sort=value&order=asc").body)["rows"][0]["customer_id"], "C2");
  const std::string message = Message(Get("/api/accounts?sort=total_value"));
  EXPECT_EQ(message,
            "sort=\"total_value\": not a column; the columns are account_id, name, type, region, owner, parent_id, "
            "level, children, customers, clv, referral_value, value, annual_revenue, potential, share_of_wallet, "
            "upside, value_at_risk, alerts, lost");
}

// The effort plan: /api/plan is a 404 that says why when the project has no plan.csv, and
// otherwise a list like the others, in the order to work it: planned customers by expected gain
// per contact, then the others by the gain of one more contact.
TEST_F(HttpTest, PlanIsA404WithoutAPlan) {
  const HttpResponse r = Get("/api/plan?rep_id=r1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Json::parse(r.body)["error"]["kind"], "not_found");
  EXPECT_EQ(Message(r),
            "this project has no effort plan: out/plan.csv is written by `winnow run` when winnow.toml names a reps "
            "table (plan.reps)");
}

TEST_F(HttpTest, PlanListsARepsCustomersInTheOrderToWorkThem) {
  const std::vector<std::string> names = {"customer_id", "rep_id", "channel", "contacts", "expected_gain",
                                          "current_contacts", "reason", "tier", "stake", "next_contact_gain",
                                          "even_contacts"};
  const std::vector<std::string> text = {"customer_id", "rep_id", "channel", "reason", "tier"};
  // Gain per contact: C1 100/2 = 50, C2 90/1 = 90, C3 none (next 7), C4 120/4 = 30, C5 none (next 9),
  // C6 45/1 = 45 (rep r2).
  data_->plan = Table::FromRows(names, text,
                                {{"C1", "r1", "visit", "2", "100", "1.5", "high stake", "A", "400", "20", "1"},
                                 {"C2", "r1", "visit", "1", "90", "", "high stake", "A", "300", "10", "1"},
                                 {"C3", "r1", "visit", "0", "0", "1", "served less: low stake", "B", "20", "7", "1"},
                                 {"C4", "r1", "visit", "4", "120", "2", "at its maximum", "A", "600", "0", "1"},
                                 {"C5", "r1", "visit", "0", "0", "0.5", "served less: low stake", "C", "30", "9", "1"},
                                 {"C6", "r2", "call", "1", "45", "3", "key account minimum", "B", "200", "12", "2"}});
  data_->plan.Reorder(WorkOrder(data_->plan));
  data_->plan_index = std::make_unique<TableIndex>(&data_->plan);
  auto ids = [&](const std::string& target) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    const Json body = Json::parse(r.body);
    std::vector<std::string> out;
    for (const auto& row : body["rows"]) out.push_back(row["customer_id"]);
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(ids("/api/plan"), (Names{"C2", "C1", "C6", "C4", "C5", "C3"}));
  EXPECT_EQ(ids("/api/plan?rep_id=r1"), (Names{"C2", "C1", "C4", "C5", "C3"}));
  EXPECT_EQ(ids("/api/plan?rep_id=r1&per_page=2&page=2"), (Names{"C4", "C5"}));
  EXPECT_EQ(ids("/api/plan?rep_id=r9"), Names{});
  EXPECT_EQ(ids("/api/plan?channel=call"), Names{"C6"});
  EXPECT_EQ(ids("/api/plan?rep_id=r1&tier=A&sort=expected_gain&order=asc"), (Names{"C2", "C1", "C4"}));
  EXPECT_EQ(ids("/api/plan?q=served+less"), (Names{"C5", "C3"}));
  EXPECT_EQ(ids("/api/plan?q=c6"), Names{"C6"});
  const Json first = Json::parse(Get("/api/plan?rep_id=r1&per_page=1").body);
  EXPECT_EQ(first["total"], 5);
  EXPECT_EQ(first["pages"], 5);
  EXPECT_EQ(first["rows"][0], Json::parse(R"({"customer_id": "C2", "rep_id": "r1", "channel": "visit", "contacts": 1,
      "expected_gain": 90, "current_contacts": null, "reason": "high stake", "tier": "A", "stake": 300,
      "next_contact_gain": 10, "even_contacts": 1})"));
  EXPECT_EQ(Message(Get("/api/plan?owner=r1")),
            "unknown parameter \"owner\"; the parameters are page, per_page, sort, order, q, format, rep_id, tier, "
            "channel");
  EXPECT_NE(Message(Get("/api/plan?sort=order"))
                .find("sort=\"order\": not a column; the columns are customer_id, rep_id"),
            std::string::npos);
}

TEST(WorkOrder, NeedsTheContactsAndGains) {
  const Table t = Table::FromRows({"customer_id", "rep_id"}, {"customer_id", "rep_id"}, {{"C1", "r1"}});
  try {
    WorkOrder(t);
    ADD_FAILURE() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.kind(), core::ErrorKind::kInput);
    EXPECT_EQ(e.message(), "plan.csv: customer_id, contacts or expected_gain is missing");
  }
}

// ---- Issue 14: the account tree, subtree filters, the Account 360, CSV export, sort and search
// on every list, the P(alive) path, the health check and the OpenAPI document without the token.

core::Day Day(int y, unsigned m, unsigned d) { return core::DaysFromCivil(y, m, d); }

// NAT ─┬─ CH ─┬─ H1
//      │      └─ H2 (at risk)
//      └─ PG ─── P1 (lost)
// X (a customer at the top)
std::unique_ptr<ProjectData> TreeProject() {
  auto d = std::make_unique<ProjectData>();
  d->results = Json::parse(R"({"model": {"observation_end": "2026-09-30"},
                               "settings": {"tier_names": ["A", "B", "C"], "tier_cuts": [0.5, 0.9]}})");
  d->results_text = d->results.dump();
  d->customers = Table::FromRows(
      {"customer_id", "name", "type", "parent_id", "tier", "key_account", "value", "clv", "p_alive",
       "last_purchase", "expected_gap_days", "alert"},
      {"customer_id", "name", "type", "parent_id", "tier", "key_account", "last_purchase", "alert"},
      {{"X", "Apotheke X", "pharmacy", "", "A", "value", "200", "200", "0.95", "2026-09-10", "7", ""},
       {"H1", "Hospital 1", "hospital", "CH", "A", "value", "100", "90", "0.9", "2026-09-01", "10.4", ""},
       {"H2", "Klinik, S\xc3\xbc" "d", "hospital", "CH", "B", "", "30", "30", "0.2", "2026-05-01", "20", "at_risk"},
       {"P1", "Praxis \"Dr. A\"", "practice", "PG", "B", "", "20", "20", "0.05", "2025-01-01", "", "lost"}});
  d->accounts = Table::FromRows(
      {"account_id", "name", "type", "parent_id", "level", "children", "customers", "clv", "value", "value_at_risk",
       "alerts", "lost"},
      {"account_id", "name", "type", "parent_id"},
      {{"NAT", "National", "national_group", "", "0", "2", "3", "140", "150", "30", "1", "1"},
       {"CH", "Chain", "hospital_chain", "NAT", "1", "2", "2", "120", "130", "30", "1", "0"},
       {"PG", "Group", "purchasing_group", "NAT", "1", "1", "1", "20", "20", "0", "0", "1"}});
  d->alerts = Table::FromRows(
      {"rank", "customer_id", "name", "tier", "group", "reason", "value", "value_at_risk", "win_back_value"},
      {"customer_id", "name", "tier", "group", "reason"},
      {{"1", "H2", "Klinik, S\xc3\xbc" "d", "B", "at_risk", "overdue", "30", "30", ""},
       {"1", "P1", "Praxis \"Dr. A\"", "B", "lost", "low_p_alive", "20", "0", "20"}});
  d->reference = Table::FromRows({"segment", "rank", "customer_id", "name", "p_alive"},
                                 {"segment", "customer_id", "name"},
                                 {{"hospital", "1", "H1", "Hospital 1", "0.9"},
                                  {"hospital", "2", "H2", "Klinik", "0.2"},
                                  {"practice", "1", "P1", "Praxis", "0.05"}});
  d->experts = Table::FromRows({"expert_id", "name", "specialty", "customer_id", "total_score", "tier"},
                               {"expert_id", "name", "specialty", "customer_id", "tier"},
                               {{"E1", "Dr. One", "onc", "H1", "80", "national"},
                                {"E2", "Dr. Two", "card", "X", "60", "local"}});
  d->expert_index = std::make_unique<TableIndex>(&d->experts);
  d->plan = Table::FromRows({"customer_id", "rep_id", "contacts", "expected_gain", "current_contacts", "reason"},
                            {"customer_id", "rep_id", "reason"},
                            {{"H1", "rep01", "3", "30", "2", "big"}, {"X", "rep02", "1", "5", "", "small"}});
  d->plan_index = std::make_unique<TableIndex>(&d->plan);
  // Histories by customer row: X one purchase; H1 three, with a silence of two months and one of
  // six; H2 and P1 one each.
  d->history_start = {0, 1, 4, 5, 6};
  d->purchase_day = {Day(2026, 9, 10), Day(2026, 1, 1), Day(2026, 3, 1), Day(2026, 9, 1), Day(2026, 5, 1),
                     Day(2025, 1, 1)};
  d->purchase_amount = {50, 100, 120, 80, 30, 20};
  // BG/NBD at the published CDNOW estimates (Fader, Hardie & Lee 2005), in weeks.
  model::SavedModel saved;
  saved.fit.model = "bgnbd";
  saved.fit.param_names = {"r", "alpha", "a", "b"};
  saved.fit.params = {0.243, 4.414, 0.793, 2.426};
  saved.time_unit = "week";
  d->predictor = model::MakePredictor(saved);
  d->unit_days = 7;
  IndexProject(d.get());
  return d;
}

class TreeTest : public HttpTest {
 protected:
  TreeTest() { data_ = TreeProject(); }
  Json GetJson(const std::string& target) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.content_type, "application/json") << target;
    return Json::parse(r.body);
  }
  std::vector<std::string> Ids(const std::string& target, const std::string& key = "customer_id") {
    std::vector<std::string> ids;
    const Json list = GetJson(target);
    for (const auto& row : list["rows"]) ids.push_back(row[key]);
    return ids;
  }
};

using Names = std::vector<std::string>;

TEST_F(TreeTest, AccountViewSumsTheSubtree) {
  const Json nat = GetJson("/api/accounts/NAT");
  EXPECT_EQ(nat["account"]["account_id"], "NAT");
  EXPECT_EQ(nat["account"]["value"], 150);
  EXPECT_EQ(nat["path"], Json::array());
  EXPECT_EQ(nat["tiers"], Json::parse(R"([{"tier": "A", "customers": 1, "value": 100.0},
                                           {"tier": "B", "customers": 2, "value": 50.0},
                                           {"tier": "C", "customers": 0, "value": 0.0}])"));
  EXPECT_EQ(nat["alerts"]["at_risk"], 1);
  EXPECT_EQ(nat["alerts"]["lost"], 1);
  EXPECT_EQ(nat["alerts"]["value_at_risk"], 30.0);
  EXPECT_EQ(nat["alerts"]["win_back_value"], 20.0);
  ASSERT_EQ(nat["alerts"]["top"].size(), 2u);
  EXPECT_EQ(nat["alerts"]["top"][0]["customer_id"], "H2");  // the alerts.csv row, all columns
  EXPECT_EQ(nat["alerts"]["top"][1]["group"], "lost");
  EXPECT_EQ(nat["children"]["count"], 2);
  EXPECT_EQ(nat["children"]["top"][0]["id"], "CH");
  EXPECT_EQ(nat["children"]["top"][0]["value"], 130.0);
  EXPECT_EQ(nat["children"]["top"][1]["id"], "PG");
  Names top;
  for (const auto& c : nat["top_customers"]) top.push_back(c["customer_id"]);
  EXPECT_EQ(top, (Names{"H1", "H2", "P1"}));
  EXPECT_EQ(nat["history"]["months"][23], "2026-09");
  EXPECT_EQ(nat["history"]["revenue"][23], 80.0);   // H1 on 2026-09-01; X is not in NAT
  EXPECT_EQ(nat["history"]["months"][15], "2026-01");
  EXPECT_EQ(nat["history"]["revenue"][15], 100.0);  // H1's first purchase
  EXPECT_EQ(nat["history"]["orders"][15], 1);
  EXPECT_EQ(nat["history"]["months"][3], "2025-01");
  EXPECT_EQ(nat["history"]["revenue"][3], 20.0);  // P1's
  EXPECT_EQ(nat["experts"]["count"], 1);
  EXPECT_EQ(nat["experts"]["top"][0]["expert_id"], "E1");
  EXPECT_EQ(nat["plan"]["contacts"], 3);
  EXPECT_EQ(nat["plan"]["reps"][0]["rep_id"], "rep01");
  // A buying customer is an account too: its row in accounts.csv's columns, and its path.
  const Json h1 = GetJson("/api/accounts/H1");
  EXPECT_EQ(h1["account"], Json::parse(R"({"account_id": "H1", "name": "Hospital 1", "type": "hospital",
      "parent_id": "CH", "level": 2, "children": 0, "customers": 1, "clv": 90, "value": 100, "value_at_risk": 0.0,
      "alerts": 0, "lost": 0})"));
  EXPECT_EQ(h1["path"], Json::parse(R"([{"account_id": "NAT", "name": "National", "type": "national_group"},
                                         {"account_id": "CH", "name": "Chain", "type": "hospital_chain"}])"));
  const HttpResponse unknown = Get("/api/accounts/NOPE");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Message(unknown), "no account \"NOPE\"");
  EXPECT_EQ(Get("/api/accounts/NAT?x=1").status, 400);
}

TEST_F(TreeTest, ParentIdMatchesTheWholeSubtree) {
  EXPECT_EQ(Ids("/api/customers?parent_id=NAT&sort=value&order=desc"), (Names{"H1", "H2", "P1"}));
  EXPECT_EQ(Ids("/api/customers?parent_id=CH&sort=clv&order=desc"), (Names{"H1", "H2"}));
  EXPECT_EQ(Ids("/api/customers?parent_id=H1"), Names{});
  EXPECT_EQ(Ids("/api/customers?parent_id=NOPE"), Names{});
  EXPECT_EQ(Ids("/api/customers?parent_id="), Names{"X"});  // empty: the customers at the top
  EXPECT_EQ(Ids("/api/customers?parent_id=NAT&tier=B&sort=clv&order=desc"), (Names{"H2", "P1"}));
  EXPECT_EQ(Ids("/api/alerts?parent_id=NAT"), (Names{"H2", "P1"}));  // alerts.csv has no parent_id
  EXPECT_EQ(Ids("/api/alerts?parent_id=PG"), Names{"P1"});
  EXPECT_EQ(Message(Get("/api/alerts?parent_id=")),
            "parent_id=: expected an account id (this list has no parent_id column)");
  EXPECT_EQ(Ids("/api/accounts?parent_id=NAT", "account_id"), (Names{"CH", "PG"}));
  EXPECT_EQ(Ids("/api/accounts?parent_id=CH", "account_id"), Names{});
  EXPECT_EQ(GetJson("/api/customers?parent_id=NAT&per_page=2")["total"], 3);
}

TEST_F(TreeTest, HealthAndTheApiDescriptionNeedNoToken) {
  site_.token = "s3cret-token-0123456789";
  const Json health = GetJson("/api/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["version"], WINNOW_VERSION);
  EXPECT_FALSE(health["loaded_at"].is_null());
  EXPECT_FALSE(health.contains("customers"));  // no customer data without the token
  const Json openapi = GetJson("/api/openapi.json");
  EXPECT_EQ(openapi["openapi"].get<std::string>().substr(0, 2), "3.");
  EXPECT_TRUE(openapi["paths"].is_object());
  EXPECT_EQ(Get("/").status, 200);
  for (const char* target : {"/api/customers", "/api/accounts/NAT", "/api/alerts?format=csv", "/api/results",
                             "/api/reference", "/api/customers/H1"}) {
    EXPECT_EQ(Get(target).status, 401) << target;
  }
  authorization_ = "Bearer s3cret-token-0123456789";
  EXPECT_EQ(GetJson("/api/health")["customers"], 4);
  EXPECT_EQ(Get("/api/accounts/NAT").status, 200);
}

TEST_F(TreeTest, CsvExportIsTheWholeFilteredSortedList) {
  const HttpResponse r = Get("/api/customers?format=csv&sort=clv&order=asc&per_page=1&page=2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(Header(r, "Content-Disposition"), "attachment; filename=\"customers.csv\"");
  EXPECT_EQ(r.body,
            "customer_id,name,type,parent_id,tier,key_account,value,clv,p_alive,last_purchase,expected_gap_days,alert\n"
            "P1,\"Praxis \"\"Dr. A\"\"\",practice,PG,B,,20,20,0.05,2025-01-01,,lost\n"
            "H2,\"Klinik, S\xc3\xbc" "d\",hospital,CH,B,,30,30,0.2,2026-05-01,20,at_risk\n"
            "H1,Hospital 1,hospital,CH,A,value,100,90,0.9,2026-09-01,10.4,\n"
            "X,Apotheke X,pharmacy,,A,value,200,200,0.95,2026-09-10,7,\n");
  const HttpResponse alerts = Get("/api/alerts?format=csv&q=praxis");
  EXPECT_EQ(Header(alerts, "Content-Disposition"), "attachment; filename=\"alerts.csv\"");
  EXPECT_EQ(alerts.body,
            "rank,customer_id,name,tier,group,reason,value,value_at_risk,win_back_value\n"
            "1,P1,\"Praxis \"\"Dr. A\"\"\",B,lost,low_p_alive,20,0,20\n");
  EXPECT_EQ(Get("/api/accounts?format=csv&parent_id=NAT").body,
            "account_id,name,type,parent_id,level,children,customers,clv,value,value_at_risk,alerts,lost\n"
            "CH,Chain,hospital_chain,NAT,1,2,2,120,130,30,1,0\n"
            "PG,Group,purchasing_group,NAT,1,1,1,20,20,0,0,1\n");
  EXPECT_EQ(Header(Get("/api/plan?format=csv"), "Content-Disposition"), "attachment; filename=\"plan.csv\"");
  EXPECT_EQ(Header(Get("/api/experts?format=csv"), "Content-Disposition"), "attachment; filename=\"experts.csv\"");
  EXPECT_EQ(Get("/api/reference?format=csv&sort=p_alive&order=asc").body,
            "segment,rank,customer_id,name,p_alive\npractice,1,P1,Praxis,0.05\nhospital,2,H2,Klinik,0.2\n"
            "hospital,1,H1,Hospital 1,0.9\n");
  EXPECT_EQ(Message(Get("/api/customers?format=xml")), "format=\"xml\": expected json or csv");
  EXPECT_EQ(GetJson("/api/customers?format=json")["total"], 4);
}

TEST_F(TreeTest, EveryListSortsAndSearches) {
  EXPECT_EQ(Ids("/api/customers?q=klinik"), Names{"H2"});
  EXPECT_EQ(Ids("/api/customers?sort=name&order=asc"), (Names{"X", "H1", "H2", "P1"}));  // Apotheke, Hospital, ...
  EXPECT_EQ(Ids("/api/alerts?sort=value&order=asc"), (Names{"P1", "H2"}));
  EXPECT_EQ(Ids("/api/alerts?q=h2"), Names{"H2"});
  EXPECT_EQ(Ids("/api/alerts?group=lost"), Names{"P1"});
  EXPECT_EQ(Ids("/api/alerts?group=at_risk&parent_id=CH&format=json"), Names{"H2"});
  EXPECT_EQ(Ids("/api/accounts?sort=value&order=asc", "account_id"), (Names{"PG", "CH", "NAT"}));
  EXPECT_EQ(Ids("/api/accounts?q=chain", "account_id"), Names{"CH"});
  EXPECT_EQ(Ids("/api/plan?sort=expected_gain&order=asc"), (Names{"X", "H1"}));
  EXPECT_EQ(Ids("/api/plan?q=big"), Names{"H1"});
  EXPECT_EQ(Ids("/api/experts?sort=total_score&order=asc", "expert_id"), (Names{"E2", "E1"}));
  EXPECT_EQ(Ids("/api/experts?q=two", "expert_id"), Names{"E2"});
  // The reference customers: a list like the others (paged; q= on their id and name).
  const Json reference = GetJson("/api/reference?sort=p_alive&order=desc&per_page=2");
  EXPECT_EQ(reference["total"], 3);
  EXPECT_EQ(reference["rows"][0]["customer_id"], "H1");
  EXPECT_EQ(Ids("/api/reference?q=praxis"), Names{"P1"});
  EXPECT_EQ(Ids("/api/reference?q=h2"), Names{"H2"});
  EXPECT_EQ(Message(Get("/api/reference?sort=nope")).substr(0, 33), "sort=\"nope\": not a column; the co");
}

TEST_F(TreeTest, AlivePathFallsThroughASilenceAndJumpsAtAPurchase) {
  const Json c = GetJson("/api/customers/H1");
  EXPECT_EQ(c["observation_end"], "2026-09-30");
  EXPECT_EQ(c["next_order"], "2026-09-11");  // 2026-09-01 + 10.4 days, rounded
  EXPECT_EQ(GetJson("/api/customers/H2")["next_order"], "2026-05-21");  // overdue: before the end
  EXPECT_TRUE(GetJson("/api/customers/P1")["next_order"].is_null());    // no expected gap
  const Json path = c["alive_path"];
  ASSERT_GT(path.size(), 10u);
  EXPECT_EQ(path.front()["date"], "2026-01-01");
  EXPECT_EQ(path.front()["p_alive"], 1.0);  // BG/NBD: alive just after the first purchase
  EXPECT_EQ(path.back()["date"], "2026-09-30");
  size_t second = 0, third = 0;
  for (size_t k = 0; k < path.size(); ++k) {
    if (path[k]["date"] == "2026-03-01") second = k;
    if (path[k]["date"] == "2026-09-01") third = k;
  }
  ASSERT_GT(second, 0u);
  ASSERT_GT(third, second);
  // Every 7 days through each silence. BG/NBD's P(alive) is 1 before the first repeat purchase
  // (x = 0: no dropout yet); after one it is 1 / (1 + a / (b + x - 1)) at t_x = T (FHL2005, eq.
  // 13), then falls through the silence, and rises at the next purchase.
  EXPECT_EQ(path[1]["date"], "2026-01-08");
  for (size_t k = 0; k < second; ++k) EXPECT_EQ(path[k]["p_alive"], 1.0) << k;
  EXPECT_NEAR(path[second]["p_alive"].get<double>(), 1 / (1 + 0.793 / 2.426), 1e-12);
  EXPECT_EQ(path[second + 1]["date"], "2026-03-08");
  for (size_t k = second + 1; k < third; ++k) {
    EXPECT_LT(path[k]["p_alive"].get<double>(), path[k - 1]["p_alive"].get<double>()) << k;
  }
  EXPECT_GT(path[third]["p_alive"].get<double>(), path[third - 1]["p_alive"].get<double>() + 0.2);
  EXPECT_NEAR(path[third]["p_alive"].get<double>(), 1 / (1 + 0.793 / 3.426), 1e-12);
  for (size_t k = third + 1; k < path.size(); ++k) {
    EXPECT_LT(path[k]["p_alive"].get<double>(), path[k - 1]["p_alive"].get<double>()) << k;
  }
  // Without a model: no path.
  data_->predictor = nullptr;
  EXPECT_TRUE(GetJson("/api/customers/H1")["alive_path"].is_null());
}

}  // namespace
}  // namespace winnow::server
