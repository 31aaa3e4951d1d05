#include "plan/field_force.h"

#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "core/error.h"
#include "io/csv_table.h"

namespace winnow::plan {

using core::Error;
using core::ErrorKind;

namespace {

// A table's cell as read, for errors.
struct Cells {
  const io::CsvTable& table;
  Error At(size_t row, std::string_view column, const std::string& message) const {
    return Error(ErrorKind::kInput, message)
        .At(table.path(), static_cast<int64_t>(table.Line(row)), static_cast<int64_t>(table.FieldOf(column)))
        .Field(std::string(column));
  }
};

void RequireRows(const io::CsvTable& table, const std::string& what) {
  if (table.rows() == 0) throw Error(ErrorKind::kInput, fmt::format("no rows: expected {}", what)).At(table.path());
}

// A customer (or rep) listed twice: the error at the second row, naming the first.
void RefuseRepeats(const io::CsvTable& table, const std::vector<std::string>& ids, std::string_view column,
                   const std::string& what) {
  std::unordered_map<std::string_view, size_t> first;
  first.reserve(ids.size());
  for (size_t k = 0; k < ids.size(); ++k) {
    const auto [it, fresh] = first.emplace(ids[k], k);
    if (!fresh) {
      throw Cells{table}.At(k, column, fmt::format("{} \"{}\" is listed twice (first on line {})", what,
                                                   core::Printable(ids[k]), table.Line(it->second)));
    }
  }
}

// A whole number in [0, high] from a numeric cell.
uint64_t WholeNumber(const Cells& cells, size_t row, std::string_view column, double v, double high) {
  if (!(v >= 0) || v != std::floor(v) || v > high) {
    throw cells.At(row, column, fmt::format("{} is not a whole number from 0 to {}", v, high));
  }
  return static_cast<uint64_t>(v);
}

}  // namespace

std::vector<Rep> ReadReps(const std::string& path) {
  const std::vector<std::string> text = {"rep_id", "name", "channel"};
  const io::CsvTable table = io::CsvTable::Read(path, {"rep_id", "name", "channel", "capacity", "cost"}, text);
  table.Require({"rep_id", "capacity", "cost"});
  RequireRows(table, "one row per rep: rep_id,name,capacity,cost[,channel]");
  const Cells cells{table};
  const std::vector<std::string> ids = table.Strings("rep_id");
  const std::vector<double> capacity = table.Numbers("capacity"), cost = table.Numbers("cost");
  const std::vector<std::string> names = table.Has("name") ? table.Strings("name") : std::vector<std::string>();
  const std::vector<std::string> channels =
      table.Has("channel") ? table.Strings("channel") : std::vector<std::string>();
  RefuseRepeats(table, ids, "rep_id", "rep");
  std::vector<Rep> reps(table.rows());
  for (size_t k = 0; k < reps.size(); ++k) {
    Rep& rep = reps[k];
    if (ids[k].empty()) throw cells.At(k, "rep_id", "empty: every rep needs an id");
    rep.id = ids[k];
    rep.name = names.empty() ? ids[k] : names[k];
    if (!channels.empty() && !channels[k].empty()) rep.channel = channels[k];
    rep.capacity = WholeNumber(cells, k, "capacity", capacity[k], 1e9);
    if (!(cost[k] >= 0) || cost[k] > 1e9) {
      throw cells.At(k, "cost", fmt::format("{} is not a cost per contact from 0 to 1e9", cost[k]));
    }
    rep.cost = cost[k];
    rep.line = table.Line(k);
  }
  return reps;
}

std::vector<Territory> ReadTerritories(const std::string& path) {
  const std::vector<std::string> columns = {"customer_id", "rep_id"};
  const io::CsvTable table = io::CsvTable::Read(path, columns, columns);
  table.Require(columns);
  const std::vector<std::string> customers = table.Strings("customer_id"), reps = table.Strings("rep_id");
  RefuseRepeats(table, customers, "customer_id", "customer");
  std::vector<Territory> out(table.rows());
  for (size_t k = 0; k < out.size(); ++k) {
    out[k].customer_id = customers[k];
    out[k].rep_id = reps[k];
    out[k].line = table.Line(k);
    out[k].rep_field = table.FieldOf("rep_id");
  }
  return out;
}

std::vector<Limit> ReadLimits(const std::string& path, uint64_t max_contacts) {
  const io::CsvTable table =
      io::CsvTable::Read(path, {"customer_id", "min", "max"}, {"customer_id"}, /*empty_is_nan=*/true);
  table.Require({"customer_id"});
  if (!table.Has("min") && !table.Has("max")) table.Require({"min", "max"});
  const Cells cells{table};
  const std::vector<std::string> customers = table.Strings("customer_id");
  RefuseRepeats(table, customers, "customer_id", "customer");
  const std::vector<double> mins = table.Has("min") ? table.Numbers("min") : std::vector<double>();
  const std::vector<double> maxes = table.Has("max") ? table.Numbers("max") : std::vector<double>();
  std::vector<Limit> out(table.rows());
  const double high = static_cast<double>(max_contacts);
  for (size_t k = 0; k < out.size(); ++k) {
    Limit& limit = out[k];
    limit.customer_id = customers[k];
    limit.line = table.Line(k);
    if (!mins.empty() && !std::isnan(mins[k])) {
      limit.min = static_cast<int64_t>(WholeNumber(cells, k, "min", mins[k], high));
    }
    if (!maxes.empty() && !std::isnan(maxes[k])) {
      limit.max = static_cast<int64_t>(WholeNumber(cells, k, "max", maxes[k], high));
    }
    if (limit.min >= 0 && limit.max >= 0 && limit.min > limit.max) {
      throw cells.At(k, "max", fmt::format("{} is less than the min {}", limit.max, limit.min));
    }
  }
  return out;
}

std::vector<TruthRow> ReadResponseTruth(const std::string& path) {
  const std::vector<std::string> numbers = {"period_days", "stake", "amplitude", "half", "shape"};
  std::vector<std::string> wanted = {"customer_id"};
  wanted.insert(wanted.end(), numbers.begin(), numbers.end());
  const io::CsvTable table = io::CsvTable::Read(path, wanted, {"customer_id"});
  table.Require(wanted);
  const Cells cells{table};
  const std::vector<std::string> customers = table.Strings("customer_id");
  RefuseRepeats(table, customers, "customer_id", "customer");
  const auto period = table.Numbers("period_days"), stake = table.Numbers("stake"),
             amplitude = table.Numbers("amplitude"), half = table.Numbers("half"), shape = table.Numbers("shape");
  std::vector<TruthRow> out(table.rows());
  for (size_t k = 0; k < out.size(); ++k) {
    auto positive = [&](std::string_view column, double v, bool zero_ok) {
      if (!(zero_ok ? v >= 0 : v > 0) || v > 1e15) {
        throw cells.At(k, column, fmt::format("{} is out of range: expected a number {} 0", v, zero_ok ? ">=" : ">"));
      }
      return v;
    };
    TruthRow& row = out[k];
    row.customer_id = customers[k];
    row.line = table.Line(k);
    row.period_days = positive("period_days", period[k], false);
    row.stake = positive("stake", stake[k], true);
    row.response = {positive("amplitude", amplitude[k], true), positive("half", half[k], false),
                    positive("shape", shape[k], false)};
  }
  return out;
}

}  // namespace winnow::plan
