// Customer data for the model commands: from a transaction log (summarized on the way) or from
// a summary CSV in the lifetimes layout.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"
#include "model/model.h"
#include "model/registry.h"

namespace winnow::cli {

struct CustomerData {
  std::vector<std::string> ids;  // one per row; "" when the summary has no customer_id column
  model::Observations observations;
  std::string time_unit;  // of recency and T
};

// Summary columns by data kind:
//   purchases and spend: customer_id (optional), frequency, recency, T, monetary_value, weights
//   discrete (BG/BB):    frequency, recency (period index), periods, weights
//   contractual (sBG):   duration, churned, weights
// Throws core::Error(kUsage) when neither or both inputs are given.
CustomerData LoadCustomerData(const IngestArgs& ingest, const PeriodArgs& period, const std::string& summary_path,
                              model::DataKind kind, const GlobalArgs& global);

// The --summary option, declared once.
void AddSummaryOption(CLI::App* command, std::string* path);

}  // namespace winnow::cli
