// Fuzz target: the request path of `winnow serve` (src/server/http.h: percent-decoding, the Host,
// method and token checks, routing, query parsing, the error JSON) over a small project in
// memory whose data holds invalid UTF-8.
// Input: one option byte (bit 0: the server has a token, bit 1: the request carries it, bits
// 2-3: GET, HEAD, OPTIONS or the first line as method), then lines: target, Host, Authorization.
// Invariants: Respond never throws; a decoded string is valid UTF-8 without control characters;
// every response carries the security headers; a JSON answer is valid JSON, a CSV answer valid
// UTF-8, a 500 is generic.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "fuzz/fuzz_util.h"
#include "server/http.h"
#include "server/store.h"

using namespace winnow;

namespace {

using winnow::fuzz::Check;

const server::ProjectData& Project() {
  static const server::ProjectData* data = [] {
    auto* d = new server::ProjectData();
    d->results = nlohmann::json::parse(
        R"({"model": {"chosen": "bg_nbd"}, "settings": {"tier_names": ["A", "B"], "tier_cuts": [0.8]}})");
    d->results_text = d->results.dump();
    const std::vector<std::string> text = {"customer_id", "name", "tier", "key_account", "alert", "parent_id"};
    d->customers = server::Table::FromRows(
        {"customer_id", "name", "tier", "key_account", "alert", "parent_id", "value", "clv", "p_alive"}, text,
        {{"C1", "Alpha", "A", "value", "", "", "100", "90", "0.9"},
         {"C2", "Bad \xff\xfe name \xc0\xaf", "B", "", "overdue", "C1", "10", "9", ""},
         {"\xc3\xa9t\xc3\xa9", "\xe2\x82\xac uro", "B", "", "", "", "1", "nan", "0.1"}});
    d->accounts = server::Table::FromRows({"account_id", "name", "level"}, {"account_id", "name"}, {{"A1", "Acme", "0"}});
    d->alerts = server::Table::FromRows({"customer_id", "name", "reason", "value_at_risk"},
                                        {"customer_id", "name", "reason"}, {{"C2", "Bad \xff", "overdue", "5"}});
    d->reference = server::Table::FromRows({"segment", "customer_id"}, {"segment", "customer_id"}, {{"top", "C1"}});
    d->plan = server::Table::FromRows(
        {"customer_id", "rep_id", "channel", "contacts", "expected_gain", "reason", "tier"},
                                      {"customer_id", "rep_id", "channel", "reason", "tier"},
                                      {{"C1", "r\xff" "1", "visit", "3", "30", "planned \xc0", "A"},
                                       {"C2", "r2", "visit", "0", "0", "", "B"}});
    d->plan.Reorder(server::WorkOrder(d->plan));
    d->plan_index = std::make_unique<server::TableIndex>(&d->plan);
    // Two experts at C1 (one name not UTF-8), one without an account; an edge to an unknown id.
    d->experts = server::Table::FromRows(
        {"expert_id", "name", "specialty", "country", "customer_id", "trials", "total_score", "tier", "rising_star",
         "explanation"},
        {"expert_id", "name", "specialty", "country", "customer_id", "tier", "rising_star", "explanation"},
        {{"E1", "Ada", "onc", "DE", "C1", "90", "70", "global", "", "principal investigator \xff"},
         {"E2", "B\xc0n", "onc", "AT", "C1", "nan", "", "local", "yes", ""},
         {"\xc3\xa9", "\xe2\x82\xac", "card", "", "", "0", "0", "local", "", ""}});
    d->expert_network = server::Table::FromRows({"source", "target", "weight"}, {"source", "target"},
                                                {{"E1", "E2", "2.5"}, {"E2", "E9", "nan"}, {"E1", "E1", "1"}});
    d->expert_index = std::make_unique<server::TableIndex>(&d->experts);
    d->expert_row = {{"E1", 0}, {"E2", 1}, {"\xc3\xa9", 2}};
    d->expert_edges = {{"E1", {0, 2}}, {"E2", {0, 1}}, {"E9", {1}}};
    d->account_experts = {{"C1", {0, 1}}};
    d->customer_index = std::make_unique<server::TableIndex>(&d->customers);
    d->account_index = std::make_unique<server::TableIndex>(&d->accounts);
    d->alert_index = std::make_unique<server::TableIndex>(&d->alerts);
    d->customer_row = {{"C1", 0}, {"C2", 1}, {"\xc3\xa9t\xc3\xa9", 2}};
    d->value_before = {0, 100, 110};
    d->total_value = 111;
    server::IndexProject(d);  // the account tree (C2 under C1), its views, the subtree filters
    return d;
  }();
  return *data;
}

bool HasHeader(const server::HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const unsigned options = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  auto line = [&rest]() {
    const size_t end = rest.find('\n');
    const std::string_view out = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    return std::string(out);
  };

  for (const bool plus : {false, true}) {
    std::string decoded;
    if (server::PercentDecode(rest, plus, decoded)) {
      Check(core::FindInvalidUtf8(decoded) == std::string_view::npos, "decoded text is not valid UTF-8");
      for (const char c : decoded) Check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F, "control character decoded");
    }
  }

  server::Site site;
  site.dashboard_html = "<!doctype html><style>body{}</style><script>go()</script>";
  site.dashboard_csp = server::PageCsp(site.dashboard_html);
  site.allowed_hosts = server::LoopbackHosts("127.0.0.1", 8080);
  if (options & 1) site.token = "fuzz-token-0123456789";
  server::HttpRequest request;
  static const char* const kMethods[] = {"GET", "HEAD", "OPTIONS", nullptr};
  request.method = kMethods[(options >> 2) & 3] != nullptr ? kMethods[(options >> 2) & 3] : line();
  request.target = line();
  request.has_host = !rest.empty();
  request.host = line();
  request.authorization = line();
  if (options & 2) request.authorization = "Bearer fuzz-token-0123456789";

  const server::HttpResponse response = server::Respond(request, site, Project());
  Check(response.status >= 200 && response.status < 600, "status out of range");
  Check(HasHeader(response, "X-Content-Type-Options") && HasHeader(response, "X-Frame-Options") &&
            HasHeader(response, "Content-Security-Policy") && HasHeader(response, "Referrer-Policy"),
        "a security header is missing");
  if (response.content_type == "application/json") {
    Check(nlohmann::json::accept(response.body), "a JSON answer is not valid JSON");
  }
  if (response.content_type == "text/csv; charset=utf-8") {
    Check(core::FindInvalidUtf8(response.body) == std::string_view::npos, "a CSV answer is not valid UTF-8");
  }
  if (response.status == 500) {
    Check(response.body == R"({"error":{"kind":"internal","message":"internal error; the server's log says more"}})",
          "a 500 says more than 'internal error'");
  }
  return 0;
}
