#include "value/accounts.h"

#include <fmt/format.h>

#include <unordered_map>

#include "core/error.h"
#include "io/csv_table.h"
#include "io/number.h"

namespace winnow::value {

using core::Error;
using core::ErrorKind;

AccountTable ReadAccountTable(const std::string& path, bool decimal_comma) {
  const std::vector<std::string> columns = {"customer_id", "name", "type", "region", "owner", "parent_id", "potential"};
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
