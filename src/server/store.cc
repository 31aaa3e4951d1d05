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
#include <initializer_list>
#include <span>

#include "core/error.h"
#include "core/utf8.h"
#include "io/csv_table.h"
#include "plan/work_order.h"
#include "project/config.h"
#include "project/run.h"
#include "results/columns.h"
#include "results/results.h"
#include "model/model_file.h"
#include "model/registry.h"
#include "summary/summary.h"

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

std::string Money(double v) { return results::FormatMoney(v); }

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
  if (positions != nullptr) key += fmt::format("sub={}-{};", subtree_begin, subtree_end);
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
    if (keep && q.positions != nullptr) {
      const uint32_t p = r < q.positions->size() ? (*q.positions)[r] : AccountTree::kNoPosition;
      keep = p != AccountTree::kNoPosition && p >= q.subtree_begin && p < q.subtree_end;
    }
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
  const bool plain = q.equals.empty() && q.number_equals.empty() && q.non_empty.empty() && q.search.empty() &&
                     q.sort_column < 0 && q.positions == nullptr;
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
  for (size_t r = 0; r < data->customers.rows(); ++r) {
    data->customer_row.emplace(data->customers.Text(id_column, r), static_cast<uint32_t>(r));
  }

  // Histories from the log, by row of customers in date order (customers without a row, e.g.
  // with returns only, have no detail).
  io::TransactionLog log = project::ReadProjectLog(config);
  const size_t n = data->customers.rows();
  std::vector<int64_t> row_of_id(log.ids.size(), -1);
  for (uint32_t id = 0; id < log.ids.size(); ++id) {
    const auto found = data->customer_row.find(std::string(log.ids.Get(id)));
    if (found != data->customer_row.end()) row_of_id[id] = found->second;
  }
  data->history_start.assign(n + 1, 0);
  for (uint32_t c : log.customer) {
    if (row_of_id[c] >= 0) ++data->history_start[static_cast<size_t>(row_of_id[c]) + 1];
  }
  for (size_t r = 0; r < n; ++r) data->history_start[r + 1] += data->history_start[r];
  std::vector<std::pair<core::Day, double>> purchases(data->history_start[n]);
  std::vector<uint64_t> fill(data->history_start.begin(), data->history_start.end() - 1);
  for (size_t k = 0; k < log.rows(); ++k) {
    const int64_t r = row_of_id[log.customer[k]];
    if (r >= 0) purchases[fill[static_cast<size_t>(r)]++] = {log.day[k], log.has_amount ? log.amount[k] : 0.0};
  }
  for (size_t r = 0; r < n; ++r) {
    std::stable_sort(purchases.begin() + static_cast<int64_t>(data->history_start[r]),
                     purchases.begin() + static_cast<int64_t>(data->history_start[r + 1]),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  data->purchase_day.resize(purchases.size());
  data->purchase_amount.resize(purchases.size());
  for (size_t k = 0; k < purchases.size(); ++k) {
    data->purchase_day[k] = purchases[k].first;
    data->purchase_amount[k] = purchases[k].second;
  }

  // The fitted purchase model, for the P(alive) path (none: the path is null).
  const std::filesystem::path model_path = std::filesystem::path(data->out_dir) / "model.json";
  if (std::filesystem::exists(model_path)) {
    try {
      const model::SavedModel saved = model::ReadModelJson(model_path.string());
      if (model::FindModel(saved.fit.model).purchase_predictor != nullptr) {
        data->predictor = model::MakePredictor(saved);
        data->unit_days = summary::UnitDays(summary::ParseTimeUnit(saved.time_unit));
      }
    } catch (const Error&) {
      data->predictor = nullptr;  // an older or foreign model file: no path, the rest still served
    }
  }
  IndexProject(data.get());
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

namespace {

// The customers' ranking value (customers.csv value); -1 when it is not a number column.
int ValueColumn(const Table& t) {
  const int c = t.Column(Field("value"));
  return c >= 0 && !t.IsText(c) ? c : -1;
}

// A column as a span for the views: the table's own, or `fallback` when it is missing or of the
// other kind.
std::span<const std::string> TextSpan(const Table& t, std::string_view name, const std::vector<std::string>& fallback) {
  const int c = t.Column(name);
  if (c >= 0 && t.IsText(c)) return t.TextColumn(c);
  return std::span<const std::string>(fallback.data(), t.rows());
}
std::span<const double> NumberSpan(const Table& t, int c, const std::vector<double>& fallback) {
  if (c >= 0 && !t.IsText(c)) return t.NumberColumn(c);
  return std::span<const double>(fallback.data(), t.rows());
}
std::span<const double> NumberSpan(const Table& t, std::string_view name, const std::vector<double>& fallback) {
  return NumberSpan(t, t.Column(name), fallback);
}

}  // namespace

void IndexProject(ProjectData* data) {
  ProjectData& d = *data;
  const Table& customers = d.customers;
  const int id_column = customers.Column("customer_id");
  if (id_column < 0 || !customers.IsText(id_column)) {
    throw Error(ErrorKind::kInput, "customers.csv: customer_id is missing");
  }
  const size_t n = customers.rows();
  for (auto [index, table] : {std::pair{&d.customer_index, &d.customers}, {&d.account_index, &d.accounts},
                              {&d.alert_index, &d.alerts}, {&d.reference_index, &d.reference}}) {
    if (!*index) *index = std::make_unique<TableIndex>(table);
  }
  if (d.customer_row.empty()) {
    d.customer_row.reserve(n);
    for (size_t r = 0; r < n; ++r) d.customer_row.emplace(customers.Text(id_column, r), static_cast<uint32_t>(r));
  }
  const int value_column = ValueColumn(customers);
  d.value_before.assign(n, 0);
  d.total_value = 0;
  for (size_t r = 0; r < n; ++r) {
    d.value_before[r] = d.total_value;
    if (value_column >= 0) d.total_value += std::max(0.0, customers.Number(value_column, r));
  }
  if (!d.observation_end && d.results.is_object()) {
    const auto model = d.results.find("model");
    if (model != d.results.end() && model->is_object() && model->contains("observation_end") &&
        (*model)["observation_end"].is_string()) {
      core::Day day = 0;
      const std::string text = (*model)["observation_end"].get<std::string>();
      if (core::DateParser::Iso().Parse(text, &day) == core::DateStatus::kOk) d.observation_end = day;
    }
  }

  // The nodes: accounts.csv's rows, then the customers that are not among them.
  AccountTree& t = d.tree;
  t = AccountTree{};
  const Table& accounts = d.accounts;
  const int account_id = accounts.Column("account_id");
  // Stand-ins for the columns the views read that a table lacks (tests, older outputs): as long
  // as the longest such table, and empty when every column is there.
  {
    size_t text_rows = 0, number_rows = 0;
    auto need = [](const Table& table, std::initializer_list<std::string_view> names, bool text, size_t* rows) {
      for (std::string_view name : names) {
        const int c = table.Column(name);
        if (c < 0 || table.IsText(c) != text) *rows = std::max(*rows, table.rows());
      }
    };
    need(customers, {"name", "type", "tier", "key_account", "alert"}, true, &text_rows);
    need(customers, {"clv", "p_alive"}, false, &number_rows);
    if (ValueColumn(customers) < 0) number_rows = std::max(number_rows, n);
    need(d.alerts, {"group"}, true, &text_rows);
    need(d.alerts, {"rank", "value_at_risk", "win_back_value"}, false, &number_rows);
    if (d.expert_index) {
      need(d.experts, {"expert_id", "name", "specialty", "tier"}, true, &text_rows);
      need(d.experts, {"total_score"}, false, &number_rows);
    }
    if (d.plan_index) {
      need(d.plan, {"rep_id"}, true, &text_rows);
      need(d.plan, {"contacts", "expected_gain", "current_contacts"}, false, &number_rows);
    }
    t.blank.assign(text_rows, std::string());
    t.missing.assign(number_rows, NAN);
  }
  auto text_column = [](const Table& table, std::string_view name) {
    const int c = table.Column(name);
    return c >= 0 && table.IsText(c) ? c : -1;
  };
  std::unordered_map<std::string_view, uint32_t> account_node;  // id -> node, while indexing
  if (account_id >= 0 && accounts.IsText(account_id)) {
    t.account_nodes = static_cast<uint32_t>(accounts.rows());
    t.account_text[0] = account_id;
    t.account_text[1] = text_column(accounts, "name");
    t.account_text[2] = text_column(accounts, "type");
    for (size_t r = 0; r < accounts.rows(); ++r) {
      account_node.emplace(accounts.Text(account_id, r), static_cast<uint32_t>(r));
    }
  }
  t.customer_text[0] = id_column;
  t.customer_text[1] = text_column(customers, "name");
  t.customer_text[2] = text_column(customers, "type");
  t.customer_node.assign(n, value::kNoAccount);
  for (size_t r = 0; r < n; ++r) {
    const auto found = account_node.find(customers.Text(id_column, r));
    if (found != account_node.end()) {
      t.customer_node[r] = found->second;
    } else {
      t.customer_node[r] = t.account_nodes + t.node_customer.size();
      t.node_customer.push_back(static_cast<uint32_t>(r));
    }
  }
  const size_t nodes = t.account_nodes + t.node_customer.size();
  auto node_of = [&](std::string_view id) -> int64_t {
    if (id.empty()) return value::kNoAccount;
    const auto account = account_node.find(id);
    if (account != account_node.end()) return account->second;
    const auto customer = d.customer_row.find(std::string(id));
    return customer == d.customer_row.end() ? value::kNoAccount : t.customer_node[customer->second];
  };
  t.parent.assign(nodes, value::kNoAccount);
  const int account_parent = text_column(accounts, "parent_id"), customer_parent = text_column(customers, "parent_id");
  for (size_t a = 0; a < nodes; ++a) {
    int64_t parent = value::kNoAccount;
    if (a < t.account_nodes) {
      if (account_parent >= 0) parent = node_of(accounts.Text(account_parent, a));
    } else if (customer_parent >= 0) {
      parent = node_of(customers.Text(customer_parent, t.node_customer[a - t.account_nodes]));
    }
    if (parent != static_cast<int64_t>(a)) t.parent[a] = parent;
  }

  // The customers.csv row of each row of another table (by its customer_id), -1 when unknown.
  auto customers_of = [&](const Table& table) {
    std::vector<int64_t> out(table.rows(), -1);
    const int c = text_column(table, "customer_id");
    for (size_t r = 0; c >= 0 && r < table.rows(); ++r) {
      const auto found = d.customer_row.find(table.Text(c, r));
      if (found != d.customer_row.end()) out[r] = found->second;
    }
    return out;
  };
  const Table& alerts = d.alerts;
  t.alert_customer = customers_of(alerts);
  const int group = alerts.Column("group");
  if (group < 0 || !alerts.IsText(group)) t.alert_group.assign(alerts.rows(), "at_risk");  // before issue 14
  const bool has_experts = d.expert_index != nullptr;
  if (has_experts) {
    t.expert_node.assign(d.experts.rows(), value::kNoAccount);
    const int c = text_column(d.experts, "customer_id");
    for (size_t r = 0; c >= 0 && r < d.experts.rows(); ++r) t.expert_node[r] = node_of(d.experts.Text(c, r));
  }
  const bool has_plan = d.plan_index != nullptr;
  if (has_plan) {
    t.plan_customer = customers_of(d.plan);
  }

  value::AccountViewInput in;
  in.accounts = nodes;
  in.account_id = [data](size_t a) { return NodeText(*data, static_cast<uint32_t>(a), 0); };
  in.account_name = [data](size_t a) { return NodeText(*data, static_cast<uint32_t>(a), 1); };
  in.account_type = [data](size_t a) { return NodeText(*data, static_cast<uint32_t>(a), 2); };
  in.account_parent = t.parent;
  in.account_row = [data](size_t a) { return AccountRowJson(*data, static_cast<uint32_t>(a)); };
  in.customer_id = customers.TextColumn(id_column);
  in.customer_name = TextSpan(customers, "name", t.blank);
  in.customer_type = TextSpan(customers, "type", t.blank);
  in.tier = TextSpan(customers, "tier", t.blank);
  in.key_account = TextSpan(customers, "key_account", t.blank);
  in.alert = TextSpan(customers, "alert", t.blank);
  in.customer_account = t.customer_node;
  in.value = NumberSpan(customers, value_column, t.missing);
  in.clv = NumberSpan(customers, "clv", t.missing);
  in.p_alive = NumberSpan(customers, "p_alive", t.missing);
  const nlohmann::json settings = d.results.is_object() ? d.results.value("settings", nlohmann::json::object())
                                                        : nlohmann::json::object();
  d.tier_names.clear();
  if (settings.contains("tier_names") && settings["tier_names"].is_array()) {
    for (const auto& name : settings["tier_names"]) {
      if (name.is_string()) d.tier_names.push_back(name.get<std::string>());
    }
  }
  in.tier_names = d.tier_names;
  in.alert_customer = t.alert_customer;
  in.alert_group =
      t.alert_group.empty() ? TextSpan(alerts, "group", t.blank) : std::span<const std::string>(t.alert_group);
  in.alert_rank = NumberSpan(alerts, "rank", t.missing);
  in.alert_value_at_risk = NumberSpan(alerts, "value_at_risk", t.missing);
  in.alert_win_back_value = NumberSpan(alerts, "win_back_value", t.missing);
  in.alert_row = [data](size_t r) { return data->alerts.RowJson(r); };
  if (!d.history_start.empty()) {
    in.purchase_start = d.history_start;
    in.purchase_day = d.purchase_day;
    in.purchase_amount = d.purchase_amount;
  }
  core::Day end = d.observation_end.value_or(0);
  if (!d.observation_end) {
    for (core::Day day : d.purchase_day) end = std::max(end, day);
  }
  in.observation_end = end;
  in.has_experts = has_experts;
  if (has_experts) {
    const Table& e = d.experts;
    in.expert_account = t.expert_node;
    in.expert_id = TextSpan(e, "expert_id", t.blank);
    in.expert_name = TextSpan(e, "name", t.blank);
    in.expert_specialty = TextSpan(e, "specialty", t.blank);
    in.expert_tier = TextSpan(e, "tier", t.blank);
    in.expert_total_score = NumberSpan(e, "total_score", t.missing);
  }
  in.has_plan = has_plan;
  if (has_plan) {
    const Table& p = d.plan;
    in.plan_customer = t.plan_customer;
    in.plan_rep = TextSpan(p, "rep_id", t.blank);
    in.plan_contacts = NumberSpan(p, "contacts", t.missing);
    in.plan_expected_gain = NumberSpan(p, "expected_gain", t.missing);
    in.plan_current_contacts = NumberSpan(p, "current_contacts", t.missing);
  }
  t.views = std::make_unique<value::AccountViews>(std::move(in));

  auto positions = [&](auto node_of_row, size_t count) {
    std::vector<uint32_t> out(count, AccountTree::kNoPosition);
    for (size_t r = 0; r < count; ++r) {
      const int64_t node = node_of_row(r);
      if (node >= 0) out[r] = t.views->Position(static_cast<uint32_t>(node));
    }
    return out;
  };
  t.customer_position = positions([&](size_t r) { return t.customer_node[r]; }, n);
  t.account_position = positions([&](size_t r) { return r < t.account_nodes ? int64_t(r) : int64_t{-1}; },
                                 accounts.rows());
  t.alert_position = positions(
      [&](size_t r) {
        const int64_t c = t.alert_customer[r];
        return c < 0 ? int64_t{-1} : t.customer_node[static_cast<size_t>(c)];
      },
      alerts.rows());
}

std::string_view NodeText(const ProjectData& d, uint32_t node, int what) {
  const AccountTree& t = d.tree;
  if (node < t.account_nodes) {
    const int c = t.account_text[what];
    return c < 0 ? std::string_view() : std::string_view(d.accounts.Text(c, node));
  }
  const int c = t.customer_text[what];
  return c < 0 ? std::string_view() : std::string_view(d.customers.Text(c, t.node_customer[node - t.account_nodes]));
}

nlohmann::ordered_json AccountRowJson(const ProjectData& d, uint32_t node) {
  const AccountTree& t = d.tree;
  if (node < t.account_nodes) return d.accounts.RowJson(node);
  // A buying customer without children: its own row in the columns of accounts.csv, the sums of
  // its one-node subtree, the rest from its customers.csv row.
  const auto row = d.customer_row.find(std::string(NodeText(d, node, 0)));
  const nlohmann::ordered_json customer_row =
      row == d.customer_row.end() ? nlohmann::ordered_json(nullptr) : d.customers.RowJson(row->second);
  const value::SubtreeTotals& sums = t.views->Totals(node);
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  const std::vector<std::string> names =
      d.accounts.columns().empty() ? results::kAccountsCsv.Names() : d.accounts.columns();
  for (const std::string& name : names) {
    if (name == "account_id") {
      j[name] = NodeText(d, node, 0);
    } else if (name == "level") {
      j[name] = t.views->Depth(node);
    } else if (name == "children") {
      j[name] = t.views->Children(node);
    } else if (name == "customers") {
      j[name] = sums.customers;
    } else if (name == "alerts") {
      j[name] = sums.at_risk;
    } else if (name == "lost") {
      j[name] = sums.lost;
    } else if (name == "value_at_risk") {
      j[name] = sums.value_at_risk;
    } else if (!customer_row.is_null()) {
      j[name] = customer_row.contains(name) ? customer_row[name] : nlohmann::ordered_json(nullptr);
    } else {
      j[name] = nullptr;
    }
  }
  return j;
}

std::vector<AlivePoint> AlivePath(const model::PurchasePredictor& predictor, double unit_days,
                                  const std::vector<core::Day>& days, core::Day observation_end) {
  std::vector<AlivePoint> path;
  if (days.empty()) return path;
  const core::Day first = days.front();
  auto units = [&](core::Day day) { return static_cast<double>(day - first) / unit_days; };
  for (size_t k = 0; k < days.size(); ++k) {
    const double x = static_cast<double>(k), t_x = units(days[k]);
    const core::Day silence_end = k + 1 < days.size() ? days[k + 1] : observation_end + 1;
    // Just after the purchase, then every 7 days while no purchase has come.
    for (core::Day day = days[k]; day < silence_end; day += 7) {
      path.push_back({day, predictor.ProbabilityAlive(x, t_x, units(day))});
    }
    if (k + 1 == days.size() && path.back().day < observation_end) {
      path.push_back({observation_end, predictor.ProbabilityAlive(x, t_x, units(observation_end))});
    }
  }
  return path;
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
