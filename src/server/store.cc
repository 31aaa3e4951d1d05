#include "server/store.h"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>

#include "core/error.h"
#include "core/utf8.h"
#include "io/csv_table.h"
#include "plan/work_order.h"
#include "project/config.h"
#include "project/run.h"
#include "results/columns.h"

namespace winnow::server {

using core::Error;
using core::ErrorKind;

namespace {

std::vector<std::string> HeaderOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, fmt::format("{}: cannot read; run `winnow run` first", path));
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= line.size()) {
    const size_t comma = std::min(line.find(',', start), line.size());
    names.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
  return names;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string NowIso() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

// A column of customers.csv by name, checked against its declaration at compile time.
consteval std::string_view Field(std::string_view name) { return results::kCustomersCsv.Name(name); }

std::string Money(double v) { return std::isfinite(v) ? fmt::format("{:.2f}", v) : "unknown"; }

}  // namespace

Table Table::Load(const std::string& path, const std::vector<std::string>& text_columns) {
  const std::vector<std::string> header = HeaderOf(path);
  const io::CsvTable csv = io::CsvTable::Read(path, header, text_columns, true);
  Table t;
  t.rows_ = csv.rows();
  for (const auto& name : header) {
    const bool text = std::find(text_columns.begin(), text_columns.end(), name) != text_columns.end();
    t.names_.push_back(name);
    t.is_text_.push_back(text);
    if (text) {
      t.index_.push_back(t.text_.size());
      t.text_.push_back(csv.Strings(name));
    } else {
      t.index_.push_back(t.numbers_.size());
      t.numbers_.push_back(csv.Numbers(name));
    }
  }
  return t;
}

Table Table::FromRows(const std::vector<std::string>& names, const std::vector<std::string>& text_columns,
                      const std::vector<std::vector<std::string>>& rows) {
  Table t;
  t.rows_ = rows.size();
  for (size_t k = 0; k < names.size(); ++k) {
    const bool text = std::find(text_columns.begin(), text_columns.end(), names[k]) != text_columns.end();
    t.names_.push_back(names[k]);
    t.is_text_.push_back(text);
    t.index_.push_back(text ? t.text_.size() : t.numbers_.size());
    if (text) {
      t.text_.emplace_back();
    } else {
      t.numbers_.emplace_back();
    }
    for (const auto& row : rows) {
      const std::string cell = k < row.size() ? row[k] : std::string();
      if (text) {
        t.text_.back().push_back(cell);
      } else {
        double v = NAN;
        const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        t.numbers_.back().push_back(ec == std::errc() && ptr == cell.data() + cell.size() ? v : NAN);
      }
    }
  }
  return t;
}

int Table::Column(std::string_view name) const {
  for (size_t k = 0; k < names_.size(); ++k) {
    if (names_[k] == name) return static_cast<int>(k);
  }
  return -1;
}

nlohmann::ordered_json Table::RowJson(size_t row) const {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (size_t k = 0; k < names_.size(); ++k) {
    if (is_text_[k]) {
      j[names_[k]] = text_[index_[k]][row];
    } else {
      const double v = numbers_[index_[k]][row];
      if (!std::isfinite(v)) {
        j[names_[k]] = nullptr;
      } else if (v == std::trunc(v) && std::fabs(v) < 9e15) {
        j[names_[k]] = static_cast<int64_t>(v);  // counts and levels read back as integers
      } else {
        j[names_[k]] = v;
      }
    }
  }
  return j;
}

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const size_t n = core::Utf8SequenceLength(text.substr(i));
      if (n == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text.data() + i, n);
        i += n;
      }
      continue;
    }
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
    ++i;
  }
  out.push_back('"');
}

void Table::AppendRowJson(std::string& out, size_t row) const {
  out.push_back('{');
  for (size_t k = 0; k < names_.size(); ++k) {
    if (k > 0) out.push_back(',');
    AppendJsonString(out, names_[k]);
    out.push_back(':');
    if (is_text_[k]) {
      AppendJsonString(out, text_[index_[k]][row]);
      continue;
    }
    const double v = numbers_[index_[k]][row];
    char buffer[32];
    if (!std::isfinite(v)) {
      out += "null";
    } else if (v == std::trunc(v) && std::fabs(v) < 9e15) {
      out.append(buffer, fmt::format_to(buffer, FMT_COMPILE("{}"), static_cast<int64_t>(v)));
    } else {
      out.append(buffer, fmt::format_to(buffer, FMT_COMPILE("{}"), v));
    }
  }
  out.push_back('}');
}

void Table::Reorder(const std::vector<uint32_t>& order) {
  for (auto& column : text_) {
    std::vector<std::string> moved(order.size());
    for (size_t k = 0; k < order.size(); ++k) moved[k] = std::move(column[order[k]]);
    column = std::move(moved);
  }
  for (auto& column : numbers_) {
    std::vector<double> moved(order.size());
    for (size_t k = 0; k < order.size(); ++k) moved[k] = column[order[k]];
    column = std::move(moved);
  }
}

std::vector<uint32_t> WorkOrder(const Table& plan) {
  const int id = plan.Column(results::kPlanCsv.Name("customer_id"));
  const int contacts = plan.Column(results::kPlanCsv.Name("contacts"));
  const int gain = plan.Column(results::kPlanCsv.Name("expected_gain"));
  const int next = plan.Column(results::kPlanCsv.Name("next_contact_gain"));
  if (id < 0 || contacts < 0 || gain < 0 || !plan.IsText(id) || plan.IsText(contacts) || plan.IsText(gain)) {
    throw Error(ErrorKind::kInput, "plan.csv: customer_id, contacts or expected_gain is missing");
  }
  auto key = [&](uint32_t r) {
    return plan::WorkOrderKey(plan.Number(contacts, r), plan.Number(gain, r),
                              next >= 0 && !plan.IsText(next) ? plan.Number(next, r) : NAN);
  };
  std::vector<std::pair<std::pair<int, double>, uint32_t>> keyed(plan.rows());
  for (size_t r = 0; r < plan.rows(); ++r) keyed[r] = {key(static_cast<uint32_t>(r)), static_cast<uint32_t>(r)};
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    return plan::WorkOrderLess(a.first, plan.Text(id, a.second), b.first, plan.Text(id, b.second));
  });
  std::vector<uint32_t> order(keyed.size());
  for (size_t k = 0; k < keyed.size(); ++k) order[k] = keyed[k].second;
  return order;
}

std::string ListQuery::Key() const {
  std::string key;
  for (const auto& [column, value] : equals) key += fmt::format("{}={};", column, value);
  for (const auto& [column, value] : number_equals) key += fmt::format("{}=#{};", column, value);
  for (int column : non_empty) key += fmt::format("{}!;", column);
  key += "q=" + search + ";s=" + std::to_string(sort_column) + (descending ? "d" : "a");
  return key;
}

std::shared_ptr<const std::vector<uint32_t>> TableIndex::Order(const ListQuery& q) const {
  const std::string key = q.Key();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = cache_.find(key);
    if (found != cache_.end()) return found->second;
  }
  const Table& t = *table_;
  std::vector<uint32_t> rows;
  for (size_t r = 0; r < t.rows(); ++r) {
    bool keep = true;
    for (const auto& [column, value] : q.equals) {
      if (t.Text(column, r) != value) {
        keep = false;
        break;
      }
    }
    for (const auto& [column, value] : q.number_equals) keep = keep && t.Number(column, r) == value;
    for (int column : q.non_empty) keep = keep && !t.Text(column, r).empty();
    if (keep && !q.search.empty()) {
      bool hit = false;
      for (int column : q.search_columns) hit = hit || Lower(t.Text(column, r)).find(q.search) != std::string::npos;
      keep = hit;
    }
    if (keep) rows.push_back(static_cast<uint32_t>(r));
  }
  if (q.sort_column >= 0) {
    const int c = q.sort_column;
    if (t.IsText(c)) {
      std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
        return q.descending ? t.Text(c, a) > t.Text(c, b) : t.Text(c, a) < t.Text(c, b);
      });
    } else {
      // Missing values (NaN) last in either order.
      std::vector<std::pair<double, uint32_t>> keyed(rows.size());
      for (size_t k = 0; k < rows.size(); ++k) {
        const double v = t.Number(c, rows[k]);
        keyed[k] = {std::isfinite(v) ? (q.descending ? -v : v) : INFINITY, rows[k]};
      }
      std::sort(keyed.begin(), keyed.end());
      for (size_t k = 0; k < rows.size(); ++k) rows[k] = keyed[k].second;
    }
  }
  auto order = std::make_shared<const std::vector<uint32_t>>(std::move(rows));
  std::lock_guard<std::mutex> lock(mutex_);
  if (cache_.size() >= 256) cache_.clear();
  cache_[key] = order;
  return order;
}

ListResult TableIndex::Run(const ListQuery& q) const {
  ListResult result;
  const bool plain = q.equals.empty() && q.number_equals.empty() && q.non_empty.empty() && q.search.empty() && q.sort_column < 0;
  const uint64_t first = (q.page - 1) * q.per_page;
  if (plain) {  // the table's own order: no index needed
    result.total = table_->rows();
    for (uint64_t r = first; r < std::min<uint64_t>(result.total, first + q.per_page); ++r) {
      result.rows.push_back(static_cast<uint32_t>(r));
    }
    return result;
  }
  const auto order = Order(q);
  result.total = order->size();
  for (uint64_t k = first; k < std::min<uint64_t>(result.total, first + q.per_page); ++k) result.rows.push_back((*order)[k]);
  return result;
}

int64_t ResultsMtime(const std::string& out_dir) {
  struct stat st {};
  const std::string path = (std::filesystem::path(out_dir) / "results.json").string();
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

namespace {

// The identity of the out/ folder: `winnow run` swaps in a whole new folder, so a load that saw
// the same folder before and after read every file of one run.
std::pair<dev_t, ino_t> FolderIdentity(const std::string& out_dir) {
  struct stat st {};
  if (::stat(out_dir.c_str(), &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

std::shared_ptr<const ProjectData> LoadProjectOnce(const std::string& dir, const project::ProjectConfig& config) {
  auto data = std::make_shared<ProjectData>();
  data->dir = dir;
  data->out_dir = config.Resolve(config.out_dir);
  data->results_mtime = ResultsMtime(data->out_dir);
  const std::string results_path = (std::filesystem::path(data->out_dir) / "results.json").string();
  {
    std::ifstream in(results_path, std::ios::binary);
    if (!in) throw Error(ErrorKind::kIo, fmt::format("{}: cannot read; run `winnow run {}` first", results_path, dir));
    data->results_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // Names from the customers table end up in the results: bad UTF-8 there is shown as U+FFFD
  // rather than refused by the JSON parser (and served as is by /api/results).
  if (core::FindInvalidUtf8(data->results_text) != std::string_view::npos) {
    data->results_text = core::ValidUtf8(data->results_text);
  }
  try {
    data->results = nlohmann::json::parse(data->results_text);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::kInput, fmt::format("{}: not a results document: {}", results_path, e.what()));
  }
  // Text and date columns are kept as text, the others as numbers (results/columns.h).
  auto table = [&](const results::OutputTable& declared) {
    return Table::Load((std::filesystem::path(data->out_dir) / declared.file).string(), declared.TextNames());
  };
  data->customers = table(results::kCustomersCsv);
  data->accounts = table(results::kAccountsCsv);
  data->alerts = table(results::kAlertsCsv);
  data->reference = table(results::kReferenceCustomersCsv);
  data->customer_index = std::make_unique<TableIndex>(&data->customers);
  data->account_index = std::make_unique<TableIndex>(&data->accounts);
  data->alert_index = std::make_unique<TableIndex>(&data->alerts);
  // The plan only when the project plans (plan.reps); its lists in the order to work them.
  const std::filesystem::path plan_path = std::filesystem::path(data->out_dir) / results::kPlanCsv.file;
  if (std::filesystem::exists(plan_path)) {
    data->plan = table(results::kPlanCsv);
    data->plan.Reorder(WorkOrder(data->plan));
    data->plan_index = std::make_unique<TableIndex>(&data->plan);
  }
  // The experts only when the project has experts (experts.experts); the network with them.
  const std::filesystem::path experts_path = std::filesystem::path(data->out_dir) / results::kExpertsCsv.file;
  if (std::filesystem::exists(experts_path)) {
    data->experts = table(results::kExpertsCsv);
    const int expert = data->experts.Column(results::kExpertsCsv.Name("expert_id"));
    const int account = data->experts.Column(results::kExpertsCsv.Name("customer_id"));
    if (expert < 0) throw Error(ErrorKind::kInput, fmt::format("{}: expert_id is missing", experts_path.string()));
    for (size_t r = 0; r < data->experts.rows(); ++r) {
      data->expert_row.emplace(data->experts.Text(expert, r), static_cast<uint32_t>(r));
      if (account >= 0 && !data->experts.Text(account, r).empty()) {
        data->account_experts[data->experts.Text(account, r)].push_back(static_cast<uint32_t>(r));
      }
    }
    data->expert_index = std::make_unique<TableIndex>(&data->experts);
    const std::filesystem::path network_path =
        std::filesystem::path(data->out_dir) / results::kExpertNetworkCsv.file;
    if (std::filesystem::exists(network_path)) {
      data->expert_network = table(results::kExpertNetworkCsv);
      const int source = data->expert_network.Column(results::kExpertNetworkCsv.Name("source"));
      const int target = data->expert_network.Column(results::kExpertNetworkCsv.Name("target"));
      if (source < 0 || target < 0) {
        throw Error(ErrorKind::kInput, fmt::format("{}: source or target is missing", network_path.string()));
      }
      // Each edge is listed under both of its ends (the network is undirected).
      for (size_t r = 0; r < data->expert_network.rows(); ++r) {
        data->expert_edges[data->expert_network.Text(source, r)].push_back(static_cast<uint32_t>(r));
        if (data->expert_network.Text(target, r) != data->expert_network.Text(source, r)) {
          data->expert_edges[data->expert_network.Text(target, r)].push_back(static_cast<uint32_t>(r));
        }
      }
    }
  }

  const int id_column = data->customers.Column(Field("customer_id"));
  const int value_column = data->customers.Column(Field("value"));
  if (id_column < 0 || value_column < 0) {
    throw Error(ErrorKind::kInput, fmt::format("{}/customers.csv: customer_id or value is missing", data->out_dir));
  }
  const size_t n = data->customers.rows();
  data->customer_row.reserve(n);
  data->value_before.resize(n);
  for (size_t r = 0; r < n; ++r) {
    data->customer_row.emplace(data->customers.Text(id_column, r), static_cast<uint32_t>(r));
    data->value_before[r] = data->total_value;
    data->total_value += std::max(0.0, data->customers.Number(value_column, r));
  }

  // Histories from the log, grouped by customer in date order.
  io::TransactionLog log = project::ReadProjectLog(config);
  const size_t ids = log.ids.size();
  data->history_start.assign(ids + 1, 0);
  for (uint32_t c : log.customer) ++data->history_start[c + 1];
  for (size_t c = 0; c < ids; ++c) data->history_start[c + 1] += data->history_start[c];
  data->purchases.resize(log.rows());
  std::vector<uint64_t> fill(data->history_start.begin(), data->history_start.end() - 1);
  for (size_t r = 0; r < log.rows(); ++r) {
    data->purchases[fill[log.customer[r]]++] = {log.day[r], log.has_amount ? log.amount[r] : 0.0};
  }
  for (size_t c = 0; c < ids; ++c) {
    std::sort(data->purchases.begin() + static_cast<int64_t>(data->history_start[c]),
              data->purchases.begin() + static_cast<int64_t>(data->history_start[c + 1]),
              [](const Purchase& a, const Purchase& b) { return a.day < b.day; });
  }
  data->log_ids = std::move(log.ids);
  data->loaded_at = NowIso();
  return data;
}

}  // namespace

std::shared_ptr<const ProjectData> LoadProject(const std::string& dir) {
  const project::ProjectConfig config = project::LoadProjectConfig(dir);
  const std::string out_dir = config.Resolve(config.out_dir);
  // A run that swaps out/ while it is read leaves a mix of two runs, or a file gone: read again
  // (a few times at most; a run takes far longer than a load of its outputs).
  for (int attempt = 1;; ++attempt) {
    const auto before = FolderIdentity(out_dir);
    try {
      auto data = LoadProjectOnce(dir, config);
      if (FolderIdentity(out_dir) == before || attempt == 3) return data;
    } catch (const Error&) {
      if (FolderIdentity(out_dir) == before || attempt == 3) throw;
    }
  }
}

nlohmann::ordered_json Reasons(const ProjectData& d, uint32_t row) {
  const Table& t = d.customers;
  const nlohmann::json settings = d.results.value("settings", nlohmann::json::object());
  const nlohmann::json key_settings = settings.value("key_accounts", nlohmann::json::object());
  const nlohmann::json alert_settings = settings.value("alerts", nlohmann::json::object());
  auto text = [&](std::string_view column) -> std::string {
    const int c = t.Column(column);
    return c < 0 ? std::string() : t.Text(c, row);
  };
  auto number = [&](std::string_view column) {
    const int c = t.Column(column);
    return c < 0 ? NAN : t.Number(c, row);
  };
  nlohmann::ordered_json reasons;
  const std::string tier = text(Field("tier"));
  const double share_before = d.total_value > 0 ? d.value_before[row] / d.total_value : 0;
  std::string cut_text;
  const nlohmann::json names = settings.value("tier_names", nlohmann::json::array());
  const nlohmann::json cuts = settings.value("tier_cuts", nlohmann::json::array());
  for (size_t k = 0; k < names.size(); ++k) {
    if (names[k].get<std::string>() != tier) continue;
    cut_text = k < cuts.size() ? fmt::format("the {} tier holds the top customers up to {:.0f} % of the total value",
                                             tier, 100 * cuts[k].get<double>())
                               : fmt::format("{} is the last tier: the customers after the other tiers' cuts", tier);
  }
  const bool with_referrals = settings.value("rank_by", std::string("clv")) == "clv+referral";
  reasons["tier"] = fmt::format("Tier {}: value {} ({}) ranks #{} of {}; the customers ranked above it hold {:.1f} % "
                                "of the value, and {}.",
                                tier, Money(number(Field("value"))),
                                with_referrals ? fmt::format("CLV {} + referral value {}", Money(number(Field("clv"))),
                                                             Money(number(Field("referral_value"))))
                                               : fmt::format("its CLV; referral value {} attributed to it beside it",
                                                             Money(number(Field("referral_value")))),
                                row + 1, t.rows(), 100 * share_before, cut_text);
  const std::string key = text(Field("key_account"));
  if (key.empty()) {
    reasons["key_account"] = nullptr;
  } else {
    std::vector<std::string> why;
    if (key.find("value") != std::string::npos) {
      why.push_back(fmt::format("its value is in the top {:.1f} % of customers",
                                100 * key_settings.value("top_value", 0.0)));
    }
    if (key.find("upside") != std::string::npos) {
      why.push_back(fmt::format("its upside (potential {} - predicted annual revenue {} = {}) is in the top {:.1f} %",
                                Money(number(Field("potential"))), Money(number(Field("annual_revenue"))),
                                Money(number(Field("upside"))),
                                100 * key_settings.value("top_upside", 0.0)));
    }
    reasons["key_account"] = fmt::format("Key account: {}.", fmt::format("{}", fmt::join(why, ", and ")));
  }
  const std::string alert = text(Field("alert"));
  if (alert.empty()) {
    reasons["alert"] = nullptr;
  } else {
    const nlohmann::json& a = alert_settings;
    std::vector<std::string> why;
    const double p_alive = number(Field("p_alive"));
    if (alert == "lost") {
      reasons["alert"] = fmt::format("Lost: P(alive) is {:.3f}, below {:.2f}, after {:.0f} days without a purchase; a "
                                     "win-back candidate (see its win-back value in the lost alerts).",
                                     p_alive, a.value("lost_below", 0.0), number(Field("days_since_last")));
      return reasons;
    }
    if (p_alive < a.value("p_alive_below", 0.0)) {
      why.push_back(fmt::format("P(alive) is {:.2f}, below {:.2f}", p_alive, a.value("p_alive_below", 0.0)));
    }
    if (number(Field("overdue_ratio")) > a.value("overdue_factor", 0.0)) {
      why.push_back(fmt::format("no purchase for {:.0f} days, {:.1f} times its expected gap of {:.1f} days (alert above "
                                "{:.1f})",
                                number(Field("days_since_last")), number(Field("overdue_ratio")),
                                number(Field("expected_gap_days")),
                                a.value("overdue_factor", 0.0)));
    }
    reasons["alert"] = fmt::format("At risk and recoverable: {}; value to save {}.", fmt::join(why, "; "),
                                   Money(number(Field("value_at_risk"))));
  }
  return reasons;
}

}  // namespace winnow::server
