#include "cli/model_data.h"

#include <fmt/format.h>

#include "cli/commands.h"
#include "core/error.h"
#include "io/csv_table.h"
#include "model/purchase_data.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

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
  if (table.Has("customer_id")) {
    out.ids = table.Strings("customer_id");
  } else {
    out.ids.assign(table.rows(), "");
  }
  return out;
}

}  // namespace winnow::cli
