#include "value/accounts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "core/error.h"
#include "io/byte_source.h"
#include "io/csv_table.h"
#include "io/number.h"
#include "io/transaction_reader.h"

namespace winnow::value {

using core::Error;
using core::ErrorKind;

AccountTable ReadAccountTable(const std::string& path, bool decimal_comma, const std::string& parent_column) {
  std::vector<std::string> columns = {"customer_id", "name", "type", "region", "owner", "parent_id", "potential"};
  if (!parent_column.empty() && std::find(columns.begin(), columns.end(), parent_column) == columns.end()) {
    columns.push_back(parent_column);
  }
  const io::CsvTable csv = io::CsvTable::Read(path, columns, columns);
  csv.Require({"customer_id"});
  AccountTable t;
  t.path = path;
  t.id = csv.Strings("customer_id");
  const size_t n = t.id.size();
  auto optional = [&](const char* column) {
    return csv.Has(column) ? csv.Strings(column) : std::vector<std::string>(n);
  };
  t.name = optional("name");
  t.type = optional("type");
  t.region = optional("region");
  t.owner = optional("owner");
  t.parent_id = optional("parent_id");
  if (csv.Has("parent_id")) t.parent_field = csv.FieldOf("parent_id");
  t.id_field = csv.FieldOf("customer_id");
  if (!parent_column.empty() && csv.Has(parent_column)) {
    t.has_parent_column = true;
    t.parent_column = csv.Strings(parent_column);
  }
  t.line.resize(n);
  for (size_t k = 0; k < n; ++k) t.line[k] = csv.Line(k);
  t.potential.assign(n, std::numeric_limits<double>::quiet_NaN());
  if (csv.Has("potential")) {
    const std::vector<std::string> text = csv.Strings("potential");
    const size_t field = csv.FieldOf("potential");
    for (size_t k = 0; k < n; ++k) {
      if (text[k].empty()) continue;
      double v = 0;
      if (io::ParseAmount(text[k], decimal_comma, &v) != io::NumberStatus::kOk || v < 0) {
        throw Error(ErrorKind::kInput, fmt::format("cannot read \"{}\" as a potential: expected a number >= 0 (annual "
                                                   "revenue) or an empty cell",
                                                   core::Printable(text[k])))
            .At(path, static_cast<int64_t>(t.line[k]), static_cast<int64_t>(field))
            .Field("potential");
      }
      t.potential[k] = v;
    }
  }
  std::unordered_map<std::string_view, size_t> seen;
  seen.reserve(n);
  const size_t id_field = csv.FieldOf("customer_id");
  for (size_t k = 0; k < n; ++k) {
    if (t.id[k].empty()) {
      throw Error(ErrorKind::kInput, "empty customer_id")
          .At(path, static_cast<int64_t>(t.line[k]), static_cast<int64_t>(id_field))
          .Field("customer_id");
    }
    const auto [it, inserted] = seen.emplace(t.id[k], k);
    if (!inserted) {
      throw Error(ErrorKind::kInput, fmt::format("customer \"{}\" is listed twice (first on line {})",
                                                 core::Printable(t.id[k]), t.line[it->second]))
          .At(path, static_cast<int64_t>(t.line[k]), static_cast<int64_t>(id_field))
          .Field("customer_id");
    }
  }
  return t;
}

namespace {

// A loose form of an id, for telling the user how the two spellings differ: the digits without
// leading zeros and without a decimal ".0" tail (so "C00017", "17" and "17.0" agree), else the
// text trimmed and in lower case.
std::string LooseId(std::string_view id) {
  while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) id.remove_prefix(1);
  while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) id.remove_suffix(1);
  const size_t point = id.find('.');
  if (point != std::string_view::npos && id.find_first_not_of('0', point + 1) == std::string_view::npos) {
    id = id.substr(0, point);
  }
  std::string digits;
  for (char c : id) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (!digits.empty()) {
    const size_t nonzero = digits.find_first_not_of('0');
    return nonzero == std::string::npos ? "0" : digits.substr(nonzero);
  }
  std::string lower(id);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string Quoted(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "\"" : ", \"") + core::Printable(id, 40) + "\"";
  return out;
}

}  // namespace

void CheckSharedIds(const AccountTable& table, const std::vector<std::string>& log_ids, const std::string& log_name) {
  const size_t n = table.size();
  std::unordered_map<std::string_view, size_t> row_of;
  row_of.reserve(n);
  for (size_t k = 0; k < n; ++k) row_of.emplace(table.id[k], k);
  std::vector<uint8_t> is_parent(n, 0), matched_row(n, 0);
  for (size_t k = 0; k < n; ++k) {
    const auto found = row_of.find(table.parent_id[k]);
    if (!table.parent_id[k].empty() && found != row_of.end()) is_parent[found->second] = 1;
  }
  uint64_t matched = 0;
  std::vector<std::string> log_examples;
  for (const auto& id : log_ids) {
    const auto found = row_of.find(id);
    if (found != row_of.end()) {
      ++matched;
      matched_row[found->second] = 1;
    } else if (log_examples.size() < 3) {
      log_examples.push_back(id);
    }
  }
  uint64_t leaves = 0;
  for (size_t k = 0; k < n; ++k) leaves += !is_parent[k];
  const uint64_t smaller = std::min<uint64_t>(leaves, log_ids.size());
  if (smaller == 0 || matched * 10 >= std::max<uint64_t>(1, smaller)) return;

  std::vector<std::string> table_examples;
  size_t first_unmatched = n;
  for (size_t k = 0; k < n && table_examples.size() < 3; ++k) {
    if (is_parent[k] || matched_row[k]) continue;
    if (first_unmatched == n) first_unmatched = k;
    table_examples.push_back(table.id[k]);
  }
  // Would a looser spelling match them?
  std::unordered_map<std::string, size_t> loose_row;
  loose_row.reserve(n);
  for (size_t k = 0; k < n; ++k) {
    if (!is_parent[k]) loose_row.emplace(LooseId(table.id[k]), k);
  }
  uint64_t loose_matched = 0;
  std::string loose_log, loose_table;
  for (const auto& id : log_ids) {
    const auto found = loose_row.find(LooseId(id));
    if (found == loose_row.end()) continue;
    ++loose_matched;
    if (loose_log.empty() && table.id[found->second] != id) {
      loose_log = id;
      loose_table = table.id[found->second];
    }
  }
  std::string hint = fmt::format("ids are matched exactly, as text: the table has {}; the log has {}",
                                 Quoted(table_examples), Quoted(log_examples));
  if (loose_matched > matched * 2 && !loose_log.empty()) {
    hint += fmt::format(". Read loosely (digits only, without leading zeros or a \".0\" tail, or ignoring case), {} "
                        "would match, e.g. \"{}\" in the log and \"{}\" in the table: write the ids the same way in both",
                        loose_matched, core::Printable(loose_log, 40), core::Printable(loose_table, 40));
  }
  const size_t row = first_unmatched == n ? 0 : first_unmatched;
  Error error(ErrorKind::kInput,
              fmt::format("only {} of the {} customers of {} are in this table ({} accounts without children): the two "
                          "spell their ids differently",
                          matched, log_ids.size(), log_name, leaves));
  error.At(table.path, n > 0 ? static_cast<int64_t>(table.line[row]) : 0, static_cast<int64_t>(table.id_field))
      .Field("customer_id");
  if (n > 0) error.Excerpt(io::ReadLineOf(table.path, table.line[row]));
  error.Hint(std::move(hint));
  throw error;
}

void AddParentLevel(AccountTable* table, const std::string& column, const std::vector<std::string>& parent_of,
                    const std::vector<std::string>& extra_ids, const std::vector<std::string>& extra_parent) {
  AccountTable& t = *table;
  const size_t n = t.size();
  std::unordered_map<std::string, size_t> id_row;
  id_row.reserve(n + extra_ids.size());
  for (size_t k = 0; k < n; ++k) id_row.emplace(t.id[k], k);
  auto add = [&](const std::string& id, const std::string& name, const std::string& type, const std::string& parent) {
    id_row.emplace(id, t.id.size());
    t.id.push_back(id);
    t.name.push_back(name);
    t.type.push_back(type);
    t.region.emplace_back();
    t.owner.emplace_back();
    t.parent_id.push_back(parent);
    t.potential.push_back(std::numeric_limits<double>::quiet_NaN());
    t.line.push_back(0);
    if (t.has_parent_column) t.parent_column.push_back(parent);
  };
  for (size_t k = 0; k < n; ++k) {
    if (t.parent_id[k].empty()) t.parent_id[k] = parent_of[k];
  }
  for (size_t k = 0; k < extra_ids.size(); ++k) add(extra_ids[k], "", "", extra_parent[k]);
  // The parents, in order of first use; a value that is already an account id is an error.
  const size_t accounts = t.size();
  for (size_t k = 0; k < accounts; ++k) {
    const std::string& value = k < n ? parent_of[k] : extra_parent[k - n];
    if (value.empty() || (k < n && t.parent_id[k] != value)) continue;
    const auto found = id_row.find(value);
    if (found != id_row.end()) {
      if (t.type[found->second] == column && t.line[found->second] == 0 && found->second >= accounts) continue;
      throw Error(ErrorKind::kInput,
                  fmt::format("{} \"{}\" is also a customer id, so it cannot name a parent account", column,
                              core::Printable(value)))
          .At(t.path)
          .Hint(fmt::format("input.parent_column takes a column whose values differ from the customer ids (a country, a "
                            "sales area); the customer is \"{}\"",
                            core::Printable(t.id[found->second])));
    }
    add(value, value, column, "");
  }
}

std::vector<std::string> AddParentLevelFrom(const io::TransactionLog& log, const std::vector<std::string>& customers,
                                            const std::string& column, AccountTable* table) {
  std::vector<std::string> notes;
  std::vector<std::string> parent_of(table->size()), extra_ids, extra_parent;
  std::unordered_map<std::string_view, size_t> listed;
  listed.reserve(table->size());
  for (size_t a = 0; a < table->size(); ++a) listed.emplace(table->id[a], a);
  if (table->has_parent_column) {
    parent_of = table->parent_column;
    for (const auto& id : customers) {
      if (listed.count(id) == 0) extra_ids.push_back(id), extra_parent.emplace_back();
    }
  } else if (!log.group.empty()) {
    uint64_t several = 0;
    const std::vector<uint32_t> group = io::GroupOfCustomers(log, &several);
    auto value_of = [&](std::string_view id) -> std::string {
      const uint32_t customer = log.ids.Find(id);
      if (customer == io::IdTable::kNotFound || group[customer] == io::TransactionLog::kNoGroup) return "";
      return log.group_names[group[customer]];
    };
    for (size_t a = 0; a < table->size(); ++a) parent_of[a] = value_of(table->id[a]);
    for (const auto& id : customers) {
      if (listed.count(id) == 0) extra_ids.push_back(id), extra_parent.push_back(value_of(id));
    }
    if (several > 0) {
      notes.push_back(fmt::format("{} customers have more than one {} in the log: each is placed under the first",
                                  several, column));
    }
  } else {
    Error error(ErrorKind::kInput, fmt::format("no column \"{}\" in the log{} for the parent level (input.parent_column)",
                                               core::Printable(column), table->path.empty() ? "" : " or in " + table->path));
    error.Hint("name a column of the log or of the customers table whose values are the parents, e.g. a country");
    throw error;
  }
  AddParentLevel(table, column, parent_of, extra_ids, extra_parent);
  return notes;
}

AccountTree BuildAccountTree(const AccountTable& t) {
  const size_t n = t.size();
  std::unordered_map<std::string_view, int64_t> index;
  index.reserve(n);
  for (size_t k = 0; k < n; ++k) index.emplace(t.id[k], static_cast<int64_t>(k));
  AccountTree tree;
  tree.parent.assign(n, -1);
  tree.children.assign(n, 0);
  for (size_t k = 0; k < n; ++k) {
    if (t.parent_id[k].empty()) continue;
    const auto found = index.find(t.parent_id[k]);
    if (found == index.end()) {
      std::vector<std::string> near;
      std::string hint;
      if (n <= 100000) {
        near.assign(t.id.begin(), t.id.end());
        hint = core::DidYouMean(t.parent_id[k], near);
      }
      Error error(ErrorKind::kInput, fmt::format("parent \"{}\" of customer \"{}\" is not a customer_id of this table",
                                                 core::Printable(t.parent_id[k]), core::Printable(t.id[k])));
      error.At(t.path, static_cast<int64_t>(t.line[k]), static_cast<int64_t>(t.parent_field)).Field("parent_id");
      error.Hint(hint.empty() ? "list every parent (purchasing group, chain) as a row of its own, or leave parent_id empty"
                              : fmt::format("did you mean \"{}\"?", hint));
      throw error;
    }
    if (found->second == static_cast<int64_t>(k)) {
      throw Error(ErrorKind::kInput, fmt::format("customer \"{}\" is its own parent", core::Printable(t.id[k])))
          .At(t.path, static_cast<int64_t>(t.line[k]), static_cast<int64_t>(t.parent_field))
          .Field("parent_id");
    }
    tree.parent[k] = found->second;
    ++tree.children[found->second];
  }
  // Depths by walking up with memoization; a walk that returns to a row on its own path is a cycle.
  constexpr uint32_t kUnknown = UINT32_MAX, kOnPath = UINT32_MAX - 1;
  tree.depth.assign(n, kUnknown);
  std::vector<size_t> path;
  for (size_t k = 0; k < n; ++k) {
    if (tree.depth[k] != kUnknown) continue;
    path.clear();
    int64_t row = static_cast<int64_t>(k);
    while (row >= 0 && tree.depth[row] == kUnknown) {
      tree.depth[row] = kOnPath;
      path.push_back(static_cast<size_t>(row));
      row = tree.parent[row];
    }
    if (row >= 0 && tree.depth[row] == kOnPath) {
      std::vector<std::string> chain;
      size_t start = 0;
      while (path[start] != static_cast<size_t>(row)) ++start;
      for (size_t j = start; j < path.size(); ++j) chain.push_back(t.id[path[j]]);
      chain.push_back(t.id[row]);
      throw Error(ErrorKind::kInput, fmt::format("the parents form a cycle: {}", fmt::join(chain, " -> ")))
          .At(t.path, static_cast<int64_t>(t.line[row]), static_cast<int64_t>(t.parent_field))
          .Field("parent_id");
    }
    uint32_t depth = row < 0 ? 0 : tree.depth[row] + 1;
    for (size_t j = path.size(); j-- > 0;) tree.depth[path[j]] = depth++;
  }
  // Deepest first: children before their parents.
  uint32_t max_depth = 0;
  for (uint32_t d : tree.depth) max_depth = std::max(max_depth, d);
  std::vector<size_t> start(max_depth + 2, 0);
  for (uint32_t d : tree.depth) ++start[max_depth - d + 1];
  for (size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
  tree.order.resize(n);
  for (size_t k = 0; k < n; ++k) tree.order[start[max_depth - tree.depth[k]]++] = static_cast<uint32_t>(k);
  return tree;
}

std::vector<double> RollUp(const AccountTree& tree, const std::vector<double>& own) {
  std::vector<double> out(own);
  for (uint32_t row : tree.order) {
    if (tree.parent[row] >= 0) out[tree.parent[row]] += out[row];
  }
  return out;
}

}  // namespace winnow::value
