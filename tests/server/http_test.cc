// The request path of `winnow serve` without the network (server/http.h): decoding, the Host
// and method checks, errors that never carry exception text, and data with invalid UTF-8.
#include "server/http.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace winnow::server {
namespace {

using Json = nlohmann::json;

// A project of two customers in memory; the second one's name is not valid UTF-8.
std::unique_ptr<ProjectData> SmallProject() {
  auto d = std::make_unique<ProjectData>();
  d->results = Json::parse(R"({"model": {"chosen": "bg_nbd"}, "settings": {"tier_names": ["A", "B"],
                               "tier_cuts": [0.8]}})");
  d->results_text = d->results.dump();
  const std::vector<std::string> names = {"customer_id", "name", "tier", "key_account", "alert", "total_value", "clv"};
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
            "unknown parameter \"nope\"; the parameters are page, per_page, sort, order, q, tier, type, region, owner, "
            "parent_id, key_account, alert");
  EXPECT_EQ(Message(Get("/api/alerts?nope=1")),
            "unknown parameter \"nope\"; the parameters are page, per_page, sort, order, q, tier, type, region, owner, "
            "reason");
  EXPECT_EQ(Message(Get("/api/accounts?nope=1")),
            "unknown parameter \"nope\"; the parameters are page, per_page, sort, order, q, type, region, owner, "
            "parent_id, level");
  EXPECT_EQ(Json::parse(Get("/api/customers?tier=B").body)["total"], 1);
  EXPECT_EQ(Json::parse(Get("/api/accounts?level=0").body)["total"], 1);
  EXPECT_EQ(Json::parse(Get("/api/customers?q=alp").body)["rows"][0]["customer_id"], "C1");
}

// Sorting takes a declared column of the list's file; any other name is a 400 that lists them.
TEST_F(HttpTest, SortTakesTheDeclaredColumns) {
  EXPECT_EQ(Json::parse(Get("/api/customers?sort=total_value&order=asc").body)["rows"][0]["customer_id"], "C2");
  const std::string message = Message(Get("/api/accounts?sort=value"));
  EXPECT_EQ(message,
            "sort=\"value\": not a column; the columns are account_id, name, type, region, owner, parent_id, level, "
            "children, customers, clv, referral_value, total_value, annual_revenue, potential, share_of_wallet, "
            "upside, value_at_risk, alerts");
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
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids("/api/plan"), (Ids{"C2", "C1", "C6", "C4", "C5", "C3"}));
  EXPECT_EQ(ids("/api/plan?rep_id=r1"), (Ids{"C2", "C1", "C4", "C5", "C3"}));
  EXPECT_EQ(ids("/api/plan?rep_id=r1&per_page=2&page=2"), (Ids{"C4", "C5"}));
  EXPECT_EQ(ids("/api/plan?rep_id=r9"), Ids{});
  EXPECT_EQ(ids("/api/plan?channel=call"), Ids{"C6"});
  EXPECT_EQ(ids("/api/plan?rep_id=r1&tier=A&sort=expected_gain&order=asc"), (Ids{"C2", "C1", "C4"}));
  EXPECT_EQ(ids("/api/plan?q=served+less"), (Ids{"C5", "C3"}));
  EXPECT_EQ(ids("/api/plan?q=c6"), Ids{"C6"});
  const Json first = Json::parse(Get("/api/plan?rep_id=r1&per_page=1").body);
  EXPECT_EQ(first["total"], 5);
  EXPECT_EQ(first["pages"], 5);
  EXPECT_EQ(first["rows"][0], Json::parse(R"({"customer_id": "C2", "rep_id": "r1", "channel": "visit", "contacts": 1,
      "expected_gain": 90, "current_contacts": null, "reason": "high stake", "tier": "A", "stake": 300,
      "next_contact_gain": 10, "even_contacts": 1})"));
  EXPECT_EQ(Message(Get("/api/plan?owner=r1")),
            "unknown parameter \"owner\"; the parameters are page, per_page, sort, order, q, rep_id, tier, channel");
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

}  // namespace
}  // namespace winnow::server
