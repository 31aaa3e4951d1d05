#include "server/http.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>

#include "core/date.h"
#include "core/utf8.h"
#include "results/columns.h"
#include "summary/summary_writer.h"

namespace winnow::server {

using Json = nlohmann::ordered_json;

namespace {

// A request that cannot be answered, as status and JSON error.
struct HttpError {
  int status;
  std::string kind, message;
  Headers headers = {};
};

// Invalid UTF-8 (e.g. from a customers table) becomes U+FFFD instead of an exception.
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// At most `bytes` bytes of `text`, not cutting a UTF-8 sequence.
std::string Excerpt(std::string_view text, size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool TokenMatches(const std::string& header, const std::string& token) {
  const std::string expected = "Bearer " + token;
  // Constant time in the token's length: no early exit on the first difference.
  unsigned char diff = header.size() == expected.size() ? 0 : 1;
  for (size_t k = 0; k < expected.size(); ++k) {
    diff |= static_cast<unsigned char>(expected[k] ^ (k < header.size() ? header[k] : 0));
  }
  return diff == 0;
}

// The decoded query of a request: names and values in the order sent.
class Query {
 public:
  explicit Query(std::string_view text) {
    size_t start = 0;
    while (start <= text.size()) {
      const size_t amp = std::min(text.find('&', start), text.size());
      const std::string_view part = text.substr(start, amp - start);
      start = amp + 1;
      if (part.empty()) continue;
      if (params_.size() == kMaxQueryParameters) {
        throw HttpError{400, "input", fmt::format("at most {} query parameters", kMaxQueryParameters)};
      }
      const size_t eq = part.find('=');
      std::string name, value;
      if (!PercentDecode(part.substr(0, eq), true, name) ||
          (eq != std::string_view::npos && !PercentDecode(part.substr(eq + 1), true, value))) {
        throw HttpError{400, "input",
                        "the query is not valid: percent-escapes must be %XX and decode to UTF-8 text without "
                        "control characters"};
      }
      params_.emplace_back(std::move(name), std::move(value));
    }
  }
  bool Has(std::string_view name) const { return Find(name) != nullptr; }
  const std::string& Get(std::string_view name) const {
    static const std::string kEmpty;
    const std::string* v = Find(name);
    return v != nullptr ? *v : kEmpty;
  }
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

 private:
  const std::string* Find(std::string_view name) const {
    for (const auto& [n, v] : params_) {
      if (n == name) return &v;
    }
    return nullptr;
  }
  std::vector<std::pair<std::string, std::string>> params_;
};

uint64_t PositiveParam(const Query& query, const char* name, uint64_t fallback, uint64_t max) {
  if (!query.Has(name)) return fallback;
  const std::string& text = query.Get(name);
  uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 1 || v > max) {
    throw HttpError{400, "input",
                    fmt::format("{}=\"{}\": expected a whole number from 1 to {}", name, Excerpt(text, 40), max)};
  }
  return v;
}

// The columns q= searches in a table: its declared search columns, or, for a table that declares
// none, its id columns and its name.
std::vector<std::string> SearchColumns(const results::OutputTable& declared) {
  if (!declared.search.empty()) return declared.Search();
  std::vector<std::string> names;
  for (const results::Column& c : declared.columns) {
    if (c.type == results::ColumnType::kText && (c.unit == results::Unit::kId || c.name == "name")) {
      names.emplace_back(c.name);
    }
  }
  return names;
}

// One list of the API: a table, its declaration and, for the tables whose rows sit in the
// account tree, the positions of their nodes (parent_id= then filters by subtree).
struct ListSpec {
  const Table& table;
  const TableIndex& index;
  const results::OutputTable& declared;
  const std::vector<uint32_t>* positions = nullptr;
};

// Reads the list parameters of a request against a table, as its declaration allows
// (results/columns.h): its filters are the columns that may be filtered by equality, its flags the
// columns a "=1" parameter requires to be non-empty, its search columns those q= looks into.
// parent_id=X on a table in the account tree keeps the rows in the subtree of X (children,
// grandchildren, ...; parent_id= with no value: the rows at the top, by equality).
ListQuery ParseList(const Query& query, const ListSpec& list, const ProjectData& d) {
  const Table& table = list.table;
  const results::OutputTable& declared = list.declared;
  const std::vector<std::string> filters = declared.Filters(), flags = declared.Flags();
  const std::vector<std::string> search_columns = SearchColumns(declared);
  ListQuery q;
  std::vector<std::string> allowed = {"page", "per_page", "sort", "order", "q", "format"};
  allowed.insert(allowed.end(), filters.begin(), filters.end());
  allowed.insert(allowed.end(), flags.begin(), flags.end());
  if (list.positions != nullptr && std::find(allowed.begin(), allowed.end(), "parent_id") == allowed.end()) {
    allowed.emplace_back("parent_id");
  }
  for (const auto& [name, value] : query.params()) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw HttpError{400, "input", fmt::format("unknown parameter \"{}\"; the parameters are {}", Excerpt(name, 40),
                                                fmt::join(allowed, ", "))};
    }
  }
  const bool subtree = list.positions != nullptr && query.Has("parent_id") && !query.Get("parent_id").empty();
  if (subtree) {
    q.positions = list.positions;
    const auto node = d.tree.views ? d.tree.views->Find(query.Get("parent_id")) : std::nullopt;
    if (node) {  // its descendants; an unknown id keeps nothing
      q.subtree_begin = d.tree.views->Position(*node) + 1;
      q.subtree_end = d.tree.views->End(*node);
    }
  }
  for (const auto& name : filters) {
    const int column = table.Column(name);
    if (!query.Has(name) || column < 0 || (subtree && name == "parent_id")) continue;
    const std::string& value = query.Get(name);
    if (table.IsText(column)) {
      q.equals.emplace_back(column, value);
    } else {
      double number = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || ptr != value.data() + value.size()) {
        throw HttpError{400, "input", fmt::format("{}=\"{}\": expected a number", name, Excerpt(value, 40))};
      }
      q.number_equals.emplace_back(column, number);
    }
  }
  if (!subtree && query.Has("parent_id") && std::find(filters.begin(), filters.end(), "parent_id") == filters.end()) {
    throw HttpError{400, "input", "parent_id=: expected an account id (this list has no parent_id column)"};
  }
  for (const auto& name : flags) {
    if (!query.Has(name)) continue;
    const std::string& v = query.Get(name);
    if (v != "1" && v != "0") {
      throw HttpError{400, "input", fmt::format("{}=\"{}\": expected 1 or 0", name, Excerpt(v, 40))};
    }
    if (v == "1" && table.Column(name) >= 0) q.non_empty.push_back(table.Column(name));
  }
  if (query.Has("q")) {
    const std::string& text = query.Get("q");
    if (text.size() > 200) throw HttpError{400, "input", "q: at most 200 characters"};
    q.search = Lower(text);
    for (const auto& c : search_columns) {
      if (table.Column(c) >= 0 && table.IsText(table.Column(c))) q.search_columns.push_back(table.Column(c));
    }
  }
  if (query.Has("sort")) {
    const std::string& sort = query.Get("sort");
    q.sort_column = declared.Index(sort) >= 0 ? table.Column(sort) : -1;
    if (q.sort_column < 0) {
      throw HttpError{400, "input", fmt::format("sort=\"{}\": not a column; the columns are {}", Excerpt(sort, 40),
                                                fmt::join(declared.Names(), ", "))};
    }
  }
  if (query.Has("order")) {
    const std::string& order = query.Get("order");
    if (order != "asc" && order != "desc") {
      throw HttpError{400, "input", fmt::format("order=\"{}\": expected asc or desc", Excerpt(order, 40))};
    }
    q.descending = order == "desc";
    if (q.sort_column < 0) throw HttpError{400, "input", "order needs sort"};
  }
  if (query.Has("format") && query.Get("format") != "json" && query.Get("format") != "csv") {
    throw HttpError{400, "input", fmt::format("format=\"{}\": expected json or csv", Excerpt(query.Get("format"), 40))};
  }
  q.page = PositiveParam(query, "page", 1, 1000000000);
  q.per_page = PositiveParam(query, "per_page", 50, 500);
  return q;
}

// A page of a list as JSON text, rows serialized straight from the typed columns.
std::string PageJson(const Table& table, const TableIndex& index, const ListQuery& q, const Query& query) {
  const ListResult result = index.Run(q);
  std::string out = fmt::format("{{\"total\":{},\"page\":{},\"per_page\":{},\"pages\":{},\"sort\":", result.total, q.page,
                                q.per_page, (result.total + q.per_page - 1) / q.per_page);
  if (query.Has("sort")) {
    AppendJsonString(out, query.Get("sort"));
  } else {
    out += "null";
  }
  out += q.descending ? ",\"order\":\"desc\",\"rows\":[" : ",\"order\":\"asc\",\"rows\":[";
  for (size_t k = 0; k < result.rows.size(); ++k) {
    if (k > 0) out.push_back(',');
    table.AppendRowJson(out, result.rows[k]);
  }
  out += "]}";
  return out;
}

// The whole filtered and sorted list (every page) as CSV: the table's header line, then the
// rows, cells as the CSV files of out/ write them (text quoted as RFC 4180 when needed, numbers
// as the shortest decimal that reads back to the same double, whole numbers of integer columns
// as digits, missing values empty).
std::string ListCsv(const ListSpec& list, ListQuery q) {
  const Table& table = list.table;
  q.page = 1;
  q.per_page = std::max<uint64_t>(1, table.rows());
  const ListResult result = list.index.Run(q);
  std::string out;
  std::vector<bool> integer(table.columns().size(), false);
  for (size_t k = 0; k < table.columns().size(); ++k) {
    if (k > 0) out.push_back(',');
    summary::AppendCsvField(out, table.columns()[k]);
    const int declared = list.declared.Index(table.columns()[k]);
    integer[k] = declared >= 0 &&
                 list.declared.columns[static_cast<size_t>(declared)].type == results::ColumnType::kInteger;
  }
  out.push_back('\n');
  char buffer[32];
  for (uint32_t row : result.rows) {
    for (size_t k = 0; k < table.columns().size(); ++k) {
      if (k > 0) out.push_back(',');
      const int column = static_cast<int>(k);
      if (table.IsText(column)) {
        summary::AppendCsvField(out, ValidUtf8(table.Text(column, row)));
        continue;
      }
      const double v = table.Number(column, row);
      if (!std::isfinite(v)) continue;
      if (integer[k] && v == std::trunc(v) && std::fabs(v) < 9e15) {
        out.append(buffer, fmt::format_to(buffer, "{}", static_cast<int64_t>(v)));
      } else {
        out.append(buffer, fmt::format_to(buffer, "{}", v));
      }
    }
    out.push_back('\n');
  }
  return out;
}

// A list request: a page of JSON, or with format=csv the whole list as a CSV download.
HttpResponse ListResponse(const Query& query, const ListSpec& list, const ProjectData& d) {
  const ListQuery q = ParseList(query, list, d);
  if (query.Get("format") != "csv") {
    HttpResponse r;
    r.content_type = "application/json";
    r.body = PageJson(list.table, list.index, q, query);
    return r;
  }
  HttpResponse r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = ListCsv(list, q);
  const std::string_view file = list.declared.file;
  r.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file));
  return r;
}

HttpResponse JsonText(std::string body) {
  HttpResponse r;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Json Section(const nlohmann::json& results, const char* name) {
  const auto found = results.is_object() ? results.find(name) : results.end();
  return found != results.end() ? Json(*found) : Json(nullptr);
}

// The customer's purchase occasions up to the observation end: the days whose purchases net
// above zero (a day of returns only is none), as the summary counts them.
std::vector<core::Day> OccasionDays(const ProjectData& d, uint32_t row, core::Day end) {
  std::vector<core::Day> days;
  if (row + 1 >= d.history_start.size()) return days;
  for (uint64_t k = d.history_start[row]; k < d.history_start[row + 1];) {
    const core::Day day = d.purchase_day[k];
    double net = 0;
    bool returns = false;
    for (; k < d.history_start[row + 1] && d.purchase_day[k] == day; ++k) {
      net += d.purchase_amount[k];
      returns = returns || d.purchase_amount[k] < 0;
    }
    if (day <= end && (net > 0 || (net == 0 && !returns))) days.push_back(day);
  }
  return days;
}

HttpResponse Customer(const ProjectData& d, const std::string& id) {
  const auto found = d.customer_row.find(id);
  if (found == d.customer_row.end()) throw HttpError{404, "not_found", fmt::format("no customer \"{}\"", Excerpt(id, 80))};
  const uint32_t row = found->second;
  Json j;
  j["customer"] = d.customers.RowJson(row);
  Json history = Json::array();
  if (row + 1 < d.history_start.size()) {
    for (uint64_t k = d.history_start[row]; k < d.history_start[row + 1]; ++k) {
      history.push_back({{"date", core::FormatDay(d.purchase_day[k])}, {"amount", d.purchase_amount[k]}});
    }
  }
  j["history"] = std::move(history);
  j["reasons"] = Reasons(d, row);
  // The experts who work at this account (experts.csv customer_id), in the table's order.
  Json experts = Json::array();
  const auto at_account = d.account_experts.find(id);
  if (at_account != d.account_experts.end()) {
    for (uint32_t r : at_account->second) experts.push_back(d.experts.RowJson(r));
  }
  j["experts"] = std::move(experts);
  // P(alive) over time from the fitted model, to the observation end.
  j["observation_end"] = d.observation_end ? Json(core::FormatDay(*d.observation_end)) : Json(nullptr);
  if (d.predictor && d.observation_end) {
    Json path = Json::array();
    for (const AlivePoint& p : AlivePath(*d.predictor, d.unit_days, OccasionDays(d, row, *d.observation_end),
                                         *d.observation_end)) {
      path.push_back(Json{{"date", core::FormatDay(p.day)}, {"p_alive", p.p_alive}});
    }
    j["alive_path"] = std::move(path);
  } else {
    j["alive_path"] = nullptr;
  }
  // The expected next order: the last purchase plus the expected gap (before the observation
  // end when the customer is overdue).
  j["next_order"] = nullptr;
  const int last = d.customers.Column("last_purchase"), gap = d.customers.Column("expected_gap_days");
  if (last >= 0 && gap >= 0 && d.customers.IsText(last) && !d.customers.IsText(gap)) {
    core::Day day = 0;
    const double days = d.customers.Number(gap, row);
    if (core::DateParser::Iso().Parse(d.customers.Text(last, row), &day) == core::DateStatus::kOk &&
        std::isfinite(days) && days >= 0 && days < 1e6) {
      j["next_order"] = core::FormatDay(day + static_cast<core::Day>(std::llround(days)));
    }
  }
  return JsonText(Dump(j));
}

// The Account 360 of an account, or of a customer (an account of the tree too).
HttpResponse Account(const ProjectData& d, const std::string& id) {
  const auto node = d.tree.views ? d.tree.views->Find(id) : std::nullopt;
  if (!node) throw HttpError{404, "not_found", fmt::format("no account \"{}\"", Excerpt(id, 80))};
  return JsonText(Dump(d.tree.views->View(*node)));
}

void NeedExperts(const ProjectData& d) {
  if (!d.expert_index) {
    throw HttpError{404, "not_found",
                    "this project has no experts: out/experts.csv is written by `winnow run` when winnow.toml names "
                    "an experts table (experts.experts)"};
  }
}

// An expert's row and network neighbours (expert_network.csv, both directions), strongest first,
// ties by id.
HttpResponse Expert(const ProjectData& d, const std::string& id) {
  NeedExperts(d);
  const auto found = d.expert_row.find(id);
  if (found == d.expert_row.end()) throw HttpError{404, "not_found", fmt::format("no expert \"{}\"", Excerpt(id, 80))};
  Json j;
  j["expert"] = d.experts.RowJson(found->second);
  struct Neighbour {
    std::string id;
    double weight;
  };
  std::vector<Neighbour> neighbours;
  const auto edges = d.expert_edges.find(id);
  if (edges != d.expert_edges.end()) {
    const Table& net = d.expert_network;
    const int source = net.Column(results::kExpertNetworkCsv.Name("source"));
    const int target = net.Column(results::kExpertNetworkCsv.Name("target"));
    const int weight = net.Column(results::kExpertNetworkCsv.Name("weight"));
    for (uint32_t r : edges->second) {
      const std::string& other = net.Text(source, r) == id ? net.Text(target, r) : net.Text(source, r);
      neighbours.push_back({other, weight >= 0 && !net.IsText(weight) ? net.Number(weight, r) : NAN});
    }
  }
  auto key = [](double w) { return std::isnan(w) ? -INFINITY : w; };
  std::sort(neighbours.begin(), neighbours.end(), [&](const Neighbour& a, const Neighbour& b) {
    return key(a.weight) != key(b.weight) ? key(a.weight) > key(b.weight) : a.id < b.id;
  });
  const int name = d.experts.Column(results::kExpertsCsv.Name("name"));
  const int tier = d.experts.Column(results::kExpertsCsv.Name("tier"));
  Json list = Json::array();
  for (const Neighbour& n : neighbours) {
    Json item{{"expert_id", n.id}, {"name", nullptr}, {"tier", nullptr}, {"weight", nullptr}};
    if (!std::isnan(n.weight)) item["weight"] = n.weight;
    const auto row = d.expert_row.find(n.id);
    if (row != d.expert_row.end()) {
      if (name >= 0) item["name"] = d.experts.Text(name, row->second);
      if (tier >= 0) item["tier"] = d.experts.Text(tier, row->second);
    }
    list.push_back(std::move(item));
  }
  j["neighbours"] = std::move(list);
  return JsonText(Dump(j));
}

// A list with its index, or with an index for this request when the data has none (a project
// built by hand without IndexProject).
HttpResponse List(const Query& query, const ProjectData& d, const Table& table,
                  const std::unique_ptr<TableIndex>& index, const results::OutputTable& declared,
                  const std::vector<uint32_t>* positions = nullptr) {
  if (index) return ListResponse(query, {table, *index, declared, positions}, d);
  const TableIndex local(&table);
  return ListResponse(query, {table, local, declared, positions}, d);
}

// The answer to an allowed GET of a decoded path.
HttpResponse Route(const std::string& path, const Query& query, const HttpRequest& request, const Site& site,
                   const ProjectData& d) {
  if (path == "/") {
    HttpResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = site.dashboard_html;
    AddSecurityHeaders(r, site.dashboard_csp);
    return r;
  }
  if (path == "/favicon.ico") {
    HttpResponse r;
    r.status = 204;
    return r;
  }
  if (path.rfind("/api/", 0) != 0) throw HttpError{404, "not_found", fmt::format("no such path: {}", Excerpt(path, 100))};
  // Without the token: the health check (no customer data unless the token is sent) and the
  // API's description.
  const bool authorized = site.token.empty() || TokenMatches(request.authorization, site.token);
  if (path == "/api/health") {
    Json health{{"status", "ok"},
                {"version", WINNOW_VERSION},
                {"loaded_at", d.loaded_at},
                {"results_loaded_at", d.loaded_at}};  // the dashboard's name of loaded_at
    if (authorized) health["customers"] = d.customers.rows();
    return JsonText(Dump(health));
  }
  if (path == "/api/openapi.json") {
    HttpResponse r;
    r.content_type = "application/json";
    r.body = std::string(OpenApiJson());
    return r;
  }
  if (!authorized) {
    throw HttpError{401, "auth", "this server needs a bearer token: Authorization: Bearer <token>",
                    {{"WWW-Authenticate", "Bearer"}}};
  }
  auto no_parameters = [&] {
    if (!query.params().empty()) {
      throw HttpError{400, "input", fmt::format("unknown parameter \"{}\": {} takes none",
                                                Excerpt(query.params()[0].first, 40), path)};
    }
  };
  if (path == "/api/results") return JsonText(d.results_text);
  if (path == "/api/model") return JsonText(Dump(Section(d.results, "model")));
  if (path == "/api/customers") {
    return List(query, d, d.customers, d.customer_index, results::kCustomersCsv, &d.tree.customer_position);
  }
  constexpr std::string_view kCustomerPrefix = "/api/customers/";
  if (path.size() > kCustomerPrefix.size() && path.compare(0, kCustomerPrefix.size(), kCustomerPrefix) == 0 &&
      path.find('/', kCustomerPrefix.size()) == std::string::npos) {
    no_parameters();
    return Customer(d, path.substr(kCustomerPrefix.size()));
  }
  if (path == "/api/alerts") {
    return List(query, d, d.alerts, d.alert_index, results::kAlertsCsv, &d.tree.alert_position);
  }
  if (path == "/api/accounts") {
    return List(query, d, d.accounts, d.account_index, results::kAccountsCsv, &d.tree.account_position);
  }
  constexpr std::string_view kAccountPrefix = "/api/accounts/";
  if (path.size() > kAccountPrefix.size() && path.compare(0, kAccountPrefix.size(), kAccountPrefix) == 0 &&
      path.find('/', kAccountPrefix.size()) == std::string::npos) {
    no_parameters();
    return Account(d, path.substr(kAccountPrefix.size()));
  }
  if (path == "/api/plan") {
    if (!d.plan_index) {
      throw HttpError{404, "not_found",
                      "this project has no effort plan: out/plan.csv is written by `winnow run` when winnow.toml "
                      "names a reps table (plan.reps)"};
    }
    return List(query, d, d.plan, d.plan_index, results::kPlanCsv);
  }
  if (path == "/api/experts") {
    NeedExperts(d);
    return List(query, d, d.experts, d.expert_index, results::kExpertsCsv);
  }
  constexpr std::string_view kExpertPrefix = "/api/experts/";
  if (path.size() > kExpertPrefix.size() && path.compare(0, kExpertPrefix.size(), kExpertPrefix) == 0 &&
      path.find('/', kExpertPrefix.size()) == std::string::npos) {
    no_parameters();
    return Expert(d, path.substr(kExpertPrefix.size()));
  }
  if (path == "/api/reference") {
    return List(query, d, d.reference, d.reference_index, results::kReferenceCustomersCsv);
  }
  throw HttpError{404, "not_found", fmt::format("no such path: {}", Excerpt(path, 100))};
}

HttpResponse Answer(const HttpRequest& request, const Site& site, const ProjectData& data) {
  if (!site.allowed_hosts.empty() && request.has_host &&
      std::find(site.allowed_hosts.begin(), site.allowed_hosts.end(), Lower(request.host)) == site.allowed_hosts.end()) {
    // DNS rebinding: a page of another site whose name now points to 127.0.0.1.
    throw HttpError{403, "host",
                    fmt::format("Host \"{}\" is not this server; use http://{}/", Excerpt(ValidUtf8(request.host), 100),
                                site.allowed_hosts.front())};
  }
  if (request.method != "GET" && request.method != "HEAD") {
    throw HttpError{405, "input",
                    fmt::format("{} is not supported: the API only reads (GET, HEAD)",
                                Excerpt(ValidUtf8(request.method), 20)),
                    {{"Allow", "GET, HEAD"}}};
  }
  const std::string_view target = request.target;
  if (target.size() > kMaxTargetBytes) {
    throw HttpError{414, "input", fmt::format("the request target is longer than {} bytes", kMaxTargetBytes)};
  }
  if (target.empty() || target[0] != '/') throw HttpError{400, "input", "the request target must start with /"};
  if (target.find('#') != std::string_view::npos) {
    throw HttpError{400, "input", "the request target holds a fragment (#), which a client never sends"};
  }
  const size_t question = target.find('?');
  std::string path;
  if (!PercentDecode(target.substr(0, question), false, path)) {
    throw HttpError{400, "input",
                    "the path is not valid: percent-escapes must be %XX and decode to UTF-8 text without control "
                    "characters"};
  }
  const Query query(question == std::string_view::npos ? std::string_view() : target.substr(question + 1));
  return Route(path, query, request, site, data);
}

}  // namespace

bool PercentDecode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      const int hi = i + 1 < in.size() ? HexDigit(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? HexDigit(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  for (char c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  }
  return core::FindInvalidUtf8(out) == std::string_view::npos;
}

void AddSecurityHeaders(HttpResponse& response, std::string_view csp) {
  for (const auto& [name, value] : response.headers) {
    if (name == "Content-Security-Policy") return;  // already added
  }
  response.headers.emplace_back("Content-Security-Policy",
                                csp.empty() ? "default-src 'none'; frame-ancestors 'none'" : std::string(csp));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cache-Control", "no-store");
}

HttpResponse ErrorResponse(int status, std::string_view kind, std::string_view message) {
  HttpResponse r = JsonText(Dump(Json{{"error", {{"kind", kind}, {"message", message}}}}));
  r.status = status;
  AddSecurityHeaders(r);
  return r;
}

HttpResponse Respond(const HttpRequest& request, const Site& site, const ProjectData& data) {
  HttpResponse r;
  try {
    r = Answer(request, site, data);
  } catch (const HttpError& e) {
    r = ErrorResponse(e.status, e.kind, e.message);
    r.headers.insert(r.headers.end(), e.headers.begin(), e.headers.end());
  } catch (const std::exception& e) {
    if (site.log) {
      site.log(ValidUtf8(fmt::format("internal error answering {} {}: {}", Excerpt(request.method, 20),
                                     Excerpt(request.target, 200), e.what())));
    }
    r = ErrorResponse(500, "internal", "internal error; the server's log says more");
  }
  AddSecurityHeaders(r);
  return r;
}

std::string PageCsp(std::string_view html) {
  auto hash = [&](std::string_view open, std::string_view close) -> std::string {
    const size_t start = html.rfind(open);
    if (start == std::string_view::npos) return "";
    const size_t begin = start + open.size();
    const size_t end = html.find(close, begin);
    if (end == std::string_view::npos) return "";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(html.data() + begin, end - begin, digest, &length, EVP_sha256(), nullptr);
    std::string base64(4 * ((length + 2) / 3) + 1, '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), digest, static_cast<int>(length));
    base64.resize(static_cast<size_t>(written));
    return " 'sha256-" + base64 + "'";
  };
  // Styles: 'unsafe-inline', as the charts and tables set style attributes (a hash would disable
  // it); scripts only by hash, so injected markup cannot run code.
  return "default-src 'none'; script-src" + hash("<script>", "</script>") + "; style-src 'unsafe-inline'" +
         "; img-src data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

std::vector<std::string> LoopbackHosts(const std::string& host, int port) {
  std::vector<std::string> hosts;
  auto add = [&](std::string name) {
    name = Lower(name) + ":" + std::to_string(port);
    if (std::find(hosts.begin(), hosts.end(), name) == hosts.end()) hosts.push_back(std::move(name));
  };
  add("localhost");
  add(host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host);
  add("127.0.0.1");
  add("[::1]");
  // The same names without the port (a client may leave it out): a page of another site that
  // reaches this server by rebinding its own name still sends that name, so these are safe.
  const size_t with_port = hosts.size();
  for (size_t k = 0; k < with_port; ++k) {
    std::string name = hosts[k].substr(0, hosts[k].rfind(':'));
    if (std::find(hosts.begin(), hosts.end(), name) == hosts.end()) hosts.push_back(std::move(name));
  }
  return hosts;
}

}  // namespace winnow::server
