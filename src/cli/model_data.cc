#include "cli/model_data.h"

#include <fmt/format.h>

#include <cmath>

#include "cli/commands.h"
#include "core/error.h"
#include "io/byte_source.h"
#include "io/csv_table.h"
#include "model/purchase_data.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

namespace {

bool Whole(double v) { return v == std::floor(v) && std::abs(v) <= 1e9; }

// The rows of a summary CSV as the models need them, checked where they are read so that the
// message names the file, line and column: fit and predict read summaries through here alike.
void CheckSummaryRows(const io::CsvTable& table, const model::Observations& obs, model::DataKind kind) {
  const size_t n = table.rows();
  for (size_t i = 0; i < n; ++i) {
    auto fail = [&](const char* column, double found, const std::string& expected, const std::string& hint) {
      // Rows span one line each in a summary; Line() is known when a text column (customer_id) is kept.
      const uint64_t line = table.Line(i) > 0 ? table.Line(i) : i + 2;
      Error error(ErrorKind::kInput, fmt::format("found {}; expected {}", found, expected));
      error.At(table.path(), static_cast<int64_t>(line), static_cast<int64_t>(table.FieldOf(column))).Field(column);
      error.Excerpt(io::ReadLineOf(table.path(), line));
      if (!hint.empty()) error.Hint(hint);
      return error;
    };
    if (!obs.weight.empty() && table.Has("weights") && !(obs.weight[i] > 0)) {
      throw fail("weights", obs.weight[i], "a number > 0", "a weight counts the customers with this row");
    }
    if (kind == model::DataKind::kContractual) {
      const double t = obs.age[i], churned = obs.churned[i];
      if (!Whole(t) || t < 1) throw fail("duration", t, "a whole number >= 1 (periods observed)", "");
      if (churned != 0 && churned != 1) throw fail("churned", churned, "0 or 1", "1 when the contract ended");
      continue;
    }
    const double x = obs.frequency[i];
    if (!Whole(x) || x < 0) {
      throw fail("frequency", x, "a whole number >= 0",
                 "frequency counts repeat purchase occasions (occasions minus one); winnow summarize writes it");
    }
    if (kind == model::DataKind::kDiscrete) {
      const double t_x = obs.recency[i], periods = obs.age[i];
      if (!Whole(periods) || periods < 1) throw fail("periods", periods, "a whole number >= 1", "");
      if (x > periods) throw fail("frequency", x, fmt::format("at most periods ({})", periods), "");
      if (!Whole(t_x) || t_x < x || t_x > periods) {
        throw fail("recency", t_x, fmt::format("a whole number from frequency ({}) to periods ({})", x, periods),
                   "recency is the index of the last period with a purchase");
      }
      continue;
    }
    if (!obs.age.empty()) {
      const double t_x = obs.recency[i], T = obs.age[i];
      if (!(T > 0) || !std::isfinite(T)) {
        throw fail("T", T, "a number > 0", "T is the time from the first purchase to the end of the period");
      }
      if (!(t_x >= 0) || t_x > T * (1 + 1e-12)) {
        throw fail("recency", t_x, fmt::format("a number from 0 to T ({})", T),
                   "recency is the time from the first to the last purchase, so it lies between 0 and T; are the "
                   "columns swapped?");
      }
      if (x == 0 && t_x != 0) {
        throw fail("recency", t_x, "0 when frequency is 0",
                   "a customer without repeat purchases has recency 0 (first and last purchase are the same)");
      }
    }
    if (!obs.monetary.empty() && !(obs.monetary[i] >= 0)) {
      throw fail("monetary_value", obs.monetary[i], "a number >= 0", "monetary_value is the mean amount of the repeat purchases");
    }
  }
}

}  // namespace

void AddSummaryOption(CLI::App* command, std::string* path) {
  command->add_option("--summary", *path,
                      "Customer summary CSV instead of --transactions (winnow summarize or lifetimes layout: "
                      "frequency,recency,T[,monetary_value][,weights]; BG/BB: frequency,recency,periods; "
                      "sBG: duration,churned)");
}

CustomerData LoadCustomerData(const IngestArgs& ingest, const PeriodArgs& period, const std::string& summary_path,
                              model::DataKind kind, const GlobalArgs& global) {
  const bool from_log = !ingest.transactions.empty();
  if (from_log == !summary_path.empty()) {
    throw Error(ErrorKind::kUsage, "give either --transactions (a log) or --summary (a customer summary)");
  }
  CustomerData out;
  model::Observations& obs = out.observations;
  if (from_log) {
    if (kind == model::DataKind::kDiscrete || kind == model::DataKind::kContractual) {
      throw Error(ErrorKind::kUsage, "this model is fitted on a summary (--summary): BG/BB on frequency,recency,periods; "
                                     "sBG on duration,churned");
    }
    LoadedSummary loaded = LoadSummary(ingest, period, global);
    const summary::CustomerSummary& s = loaded.summary;
    out.time_unit = summary::UnitName(s.unit);
    out.ids.reserve(s.size());
    for (size_t k = 0; k < s.size(); ++k) out.ids.emplace_back(loaded.log.ids.Get(s.customer[k]));
    obs = model::SummaryObservations(s);
    if (kind == model::DataKind::kSpend && !s.has_amount) {
      throw Error(ErrorKind::kInput, "the log has no amount column: the spend model needs amounts");
    }
    return out;
  }
  const io::CsvTable table = io::CsvTable::Read(
      summary_path, {"customer_id", "frequency", "recency", "T", "monetary_value", "periods", "duration", "churned", "weights"},
      {"customer_id"});
  out.time_unit = period.time_unit;
  switch (kind) {
    case model::DataKind::kPurchases:
      table.Require({"frequency", "recency", "T"});
      obs.frequency = table.Numbers("frequency");
      obs.recency = table.Numbers("recency");
      obs.age = table.Numbers("T");
      if (table.Has("monetary_value")) obs.monetary = table.Numbers("monetary_value");
      break;
    case model::DataKind::kSpend:
      table.Require({"frequency", "monetary_value"});
      obs.frequency = table.Numbers("frequency");
      obs.monetary = table.Numbers("monetary_value");
      if (table.Has("recency") && table.Has("T")) {
        obs.recency = table.Numbers("recency");
        obs.age = table.Numbers("T");
      }
      break;
    case model::DataKind::kDiscrete:
      table.Require({"frequency", "recency", "periods"});
      obs.frequency = table.Numbers("frequency");
      obs.recency = table.Numbers("recency");
      obs.age = table.Numbers("periods");
      break;
    case model::DataKind::kContractual:
      table.Require({"duration", "churned"});
      obs.age = table.Numbers("duration");
      obs.churned = table.Numbers("churned");
      break;
  }
  obs.weight = table.Has("weights") ? table.Numbers("weights") : std::vector<double>(table.rows(), 1.0);
  CheckSummaryRows(table, obs, kind);
  if (table.Has("customer_id")) {
    out.ids = table.Strings("customer_id");
  } else {
    out.ids.assign(table.rows(), "");
  }
  return out;
}

}  // namespace winnow::cli
