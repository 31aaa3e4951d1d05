#include "server/server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>

#include <charconv>
#include <chrono>
#include <cmath>

#include "core/error.h"
#include "report/report.h"
#include "report/web_assets.h"

namespace winnow::server {

using core::Error;
using core::ErrorKind;
using Json = nlohmann::ordered_json;

namespace {

// A request that cannot be answered, as status and JSON error.
struct HttpError {
  int status;
  std::string kind, message;
};

void SendError(httplib::Response& res, const HttpError& e) {
  res.status = e.status;
  res.set_content(Json{{"error", {{"kind", e.kind}, {"message", e.message}}}}.dump(), "application/json");
}

void SendJson(httplib::Response& res, const Json& j) { res.set_content(j.dump(), "application/json"); }

bool TokenMatches(const std::string& header, const std::string& token) {
  const std::string expected = "Bearer " + token;
  // Constant time in the token's length: no early exit on the first difference.
  unsigned char diff = header.size() == expected.size() ? 0 : 1;
  for (size_t k = 0; k < expected.size(); ++k) {
    diff |= static_cast<unsigned char>(expected[k] ^ (k < header.size() ? header[k] : 0));
  }
  return diff == 0;
}

uint64_t PositiveParam(const httplib::Request& req, const char* name, uint64_t fallback, uint64_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 1 || v > max) {
    throw HttpError{400, "input", fmt::format("{}=\"{}\": expected a whole number from 1 to {}", name, text.substr(0, 40), max)};
  }
  return v;
}

// Reads the list parameters of a request against a table. `filters` are the text columns that
// may be filtered by equality, `flags` the columns a "=1" parameter requires to be non-empty.
ListQuery ParseList(const httplib::Request& req, const Table& table, const std::vector<std::string>& filters,
                    const std::vector<std::string>& flags, const std::vector<std::string>& search_columns) {
  ListQuery q;
  std::vector<std::string> allowed = {"page", "per_page", "sort", "order", "q"};
  allowed.insert(allowed.end(), filters.begin(), filters.end());
  allowed.insert(allowed.end(), flags.begin(), flags.end());
  for (const auto& [name, value] : req.params) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw HttpError{400, "input", fmt::format("unknown parameter \"{}\"; the parameters are {}", name.substr(0, 40),
                                                fmt::join(allowed, ", "))};
    }
  }
  for (const auto& name : filters) {
    const int column = table.Column(name);
    if (!req.has_param(name.c_str()) || column < 0) continue;
    const std::string value = req.get_param_value(name.c_str());
    if (table.IsText(column)) {
      q.equals.emplace_back(column, value);
    } else {
      double number = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || ptr != value.data() + value.size()) {
        throw HttpError{400, "input", fmt::format("{}=\"{}\": expected a number", name, value.substr(0, 40))};
      }
      q.number_equals.emplace_back(column, number);
    }
  }
  for (const auto& name : flags) {
    if (!req.has_param(name.c_str())) continue;
    const std::string v = req.get_param_value(name.c_str());
    if (v != "1" && v != "0") throw HttpError{400, "input", fmt::format("{}=\"{}\": expected 1 or 0", name, v.substr(0, 40))};
    if (v == "1") q.non_empty.push_back(table.Column(name));
  }
  if (req.has_param("q")) {
    std::string text = req.get_param_value("q");
    if (text.size() > 200) throw HttpError{400, "input", "q: at most 200 characters"};
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    q.search = text;
    for (const auto& c : search_columns) {
      if (table.Column(c) >= 0) q.search_columns.push_back(table.Column(c));
    }
  }
  if (req.has_param("sort")) {
    const std::string sort = req.get_param_value("sort");
    q.sort_column = table.Column(sort);
    if (q.sort_column < 0) {
      throw HttpError{400, "input", fmt::format("sort=\"{}\": not a column; the columns are {}", sort.substr(0, 40),
                                                fmt::join(table.columns(), ", "))};
    }
  }
  if (req.has_param("order")) {
    const std::string order = req.get_param_value("order");
    if (order != "asc" && order != "desc") throw HttpError{400, "input", fmt::format("order=\"{}\": expected asc or desc", order.substr(0, 40))};
    q.descending = order == "desc";
    if (q.sort_column < 0) throw HttpError{400, "input", "order needs sort"};
  }
  q.page = PositiveParam(req, "page", 1, 1000000000);
  q.per_page = PositiveParam(req, "per_page", 50, 500);
  return q;
}

// A page of a list as JSON text, rows serialized straight from the typed columns.
std::string PageJson(const Table& table, const TableIndex& index, const ListQuery& q, const httplib::Request& req) {
  const ListResult result = index.Run(q);
  std::string out = fmt::format("{{\"total\":{},\"page\":{},\"per_page\":{},\"pages\":{},\"sort\":", result.total, q.page,
                                q.per_page, (result.total + q.per_page - 1) / q.per_page);
  if (req.has_param("sort")) {
    AppendJsonString(out, req.get_param_value("sort"));
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

}  // namespace

bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

Server::Server(ServeOptions options) : options_(std::move(options)), http_(std::make_unique<httplib::Server>()) {
  if (!IsLoopback(options_.host) && options_.token.empty()) {
    throw Error(ErrorKind::kUsage, fmt::format("--host {}: serving beyond this machine needs a token", options_.host))
        .Hint("set WINNOW_TOKEN or --token-file; the dashboard then asks for it");
  }
  data_ = LoadProject(options_.dir);
  dashboard_html_ = report::HaveWebAssets()
                        ? report::DashboardHtml()
                        : "<!doctype html><title>winnow</title><p>This winnow was built without the web bundle: the "
                          "JSON API is under /api/.</p>\n";
  last_check_ = std::chrono::steady_clock::now().time_since_epoch().count();
  const size_t threads = std::max<size_t>(1, options_.threads);
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_payload_max_length(64 * 1024);
  // A connection holds a worker thread while it is kept alive: after 20 requests it is closed,
  // so that more connections than threads take turns (measured in bench/serve.sh: p99 25 ms at
  // 50 connections against 400-600 ms with 100 or 1000).
  http_->set_keep_alive_max_count(20);
  http_->set_tcp_nodelay(true);  // small JSON answers: no 40 ms delayed-ACK stalls
  Routes();
  if (options_.port == 0) {
    port_ = http_->bind_to_any_port(options_.host);
  } else {
    port_ = http_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    throw Error(ErrorKind::kIo, fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                                            options_.host, options_.port));
  }
}

Server::~Server() {
  Stop();
  if (reload_thread_.joinable()) reload_thread_.join();
}

void Server::Run() { http_->listen_after_bind(); }

void Server::Stop() { http_->stop(); }

std::shared_ptr<const ProjectData> Server::data() const {
  std::lock_guard<std::mutex> lock(data_mutex_);
  return data_;
}

void Server::MaybeReload() {
  const int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
  const int64_t last = last_check_.load();
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(options_.reload_seconds))
                            .count();
  int64_t expected = last;
  if (now - last < interval || !last_check_.compare_exchange_strong(expected, now)) return;
  const auto current = data();
  const int64_t mtime = ResultsMtime(current->out_dir);
  if (mtime == 0 || mtime == current->results_mtime || reloading_.exchange(true)) return;
  if (reload_thread_.joinable()) reload_thread_.join();
  reload_thread_ = std::thread([this] {
    try {
      auto fresh = LoadProject(options_.dir);
      {
        std::lock_guard<std::mutex> lock(data_mutex_);
        data_ = std::move(fresh);
      }
      if (options_.log) options_.log("reloaded the results of a new run");
    } catch (const std::exception& e) {
      // A run may still be writing; the next check tries again.
      if (options_.log) options_.log(std::string("reload failed, keeping the previous results: ") + e.what());
    }
    reloading_ = false;
  });
}

void Server::Routes() {
  httplib::Server& s = *http_;
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    MaybeReload();
    if (req.path.rfind("/api/", 0) == 0 && !options_.token.empty() &&
        !TokenMatches(req.get_header_value("Authorization"), options_.token)) {
      res.set_header("WWW-Authenticate", "Bearer");
      SendError(res, {401, "auth", "this server needs a bearer token: Authorization: Bearer <token>"});
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (options_.log) options_.log(fmt::format("{} {} {}", req.method, req.path, res.status));
  });
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404) {
      SendError(res, {404, "not_found", fmt::format("no such path: {}", req.path.substr(0, 100))});
    } else if (res.status == 413) {
      SendError(res, {413, "input", "request too large"});
    } else if (res.status >= 400 && res.status < 500) {
      SendError(res, {res.status, "input", "bad request"});
    } else {
      SendError(res, {res.status, "internal", "internal error"});
    }
  });
  auto text_route = [this](std::function<std::string(const ProjectData&, const httplib::Request&)> handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      try {
        const auto current = data();
        res.set_content(handler(*current, req), "application/json");
      } catch (const HttpError& e) {
        SendError(res, e);
      } catch (const std::exception& e) {
        SendError(res, {500, "internal", e.what()});
      }
    };
  };
  auto json_route = [this](std::function<Json(const ProjectData&, const httplib::Request&)> handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      try {
        const auto current = data();
        SendJson(res, handler(*current, req));
      } catch (const HttpError& e) {
        SendError(res, e);
      } catch (const std::exception& e) {
        SendError(res, {500, "internal", e.what()});
      }
    };
  };
  s.Get("/", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(dashboard_html_, "text/html; charset=utf-8");
  });
  s.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
  s.Get("/api/health", json_route([](const ProjectData& d, const httplib::Request&) {
          return Json{{"status", "ok"},
                      {"version", WINNOW_VERSION},
                      {"results_loaded_at", d.loaded_at},
                      {"customers", d.customers.rows()}};
        }));
  s.Get("/api/results", [this](const httplib::Request&, httplib::Response& res) {
    const auto current = data();
    res.set_content(current->results_text, "application/json");
  });
  s.Get("/api/model", json_route([](const ProjectData& d, const httplib::Request&) { return Json(d.results["model"]); }));
  s.Get("/api/customers", text_route([](const ProjectData& d, const httplib::Request& req) {
          const ListQuery q = ParseList(req, d.customers, {"tier", "type", "region", "owner", "parent_id"},
                                        {"key_account", "alert"}, {"customer_id", "name"});
          return PageJson(d.customers, *d.customer_index, q, req);
        }));
  s.Get(R"(/api/customers/([^/]+))", json_route([](const ProjectData& d, const httplib::Request& req) {
          const std::string id = req.matches[1];
          const auto found = d.customer_row.find(id);
          if (found == d.customer_row.end()) {
            throw HttpError{404, "not_found", fmt::format("no customer \"{}\"", id.substr(0, 80))};
          }
          Json j;
          j["customer"] = d.customers.RowJson(found->second);
          Json history = Json::array();
          const uint32_t log_id = d.log_ids.Find(id);
          if (log_id != io::IdTable::kNotFound) {
            for (uint64_t k = d.history_start[log_id]; k < d.history_start[log_id + 1]; ++k) {
              history.push_back({{"date", core::FormatDay(d.purchases[k].day)}, {"amount", d.purchases[k].amount}});
            }
          }
          j["history"] = std::move(history);
          j["reasons"] = Reasons(d, found->second);
          return j;
        }));
  s.Get("/api/alerts", text_route([](const ProjectData& d, const httplib::Request& req) {
          const ListQuery q = ParseList(req, d.alerts, {"tier", "type", "region", "owner", "reason"}, {},
                                        {"customer_id", "name"});
          return PageJson(d.alerts, *d.alert_index, q, req);
        }));
  s.Get("/api/accounts", text_route([](const ProjectData& d, const httplib::Request& req) {
          ListQuery q = ParseList(req, d.accounts, {"type", "region", "owner", "parent_id", "level"}, {},
                                  {"account_id", "name"});
          return PageJson(d.accounts, *d.account_index, q, req);
        }));
  s.Get("/api/reference", json_route([](const ProjectData& d, const httplib::Request&) {
          Json rows = Json::array();
          for (size_t r = 0; r < d.reference.rows(); ++r) rows.push_back(d.reference.RowJson(r));
          return Json{{"rows", rows}};
        }));
  auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Allow", "GET");
    SendError(res, {405, "input", fmt::format("{} is not supported: the API only reads (GET)", req.method)});
  };
  s.Post(".*", not_allowed);
  s.Put(".*", not_allowed);
  s.Delete(".*", not_allowed);
  s.Patch(".*", not_allowed);
}

}  // namespace winnow::server
