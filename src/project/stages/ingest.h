// Stage 1 of the main job: read the project's transaction log and summarize it per customer over
// the whole observation period; fix the calibration period the model choice uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "io/transactions.h"
#include "project/config.h"
#include "project/stages/stage.h"
#include "results/results.h"
#include "summary/summary.h"

namespace winnow::project {

struct IngestInput {
  const ProjectConfig* config = nullptr;
  Say say;
};

// The periods of a run, from the log and winnow.toml's [period].
struct RunPeriod {
  core::Day first_purchase = 0;   // the log's first day
  core::Day calibration_end = 0;  // the model choice fits up to here and judges on the rest
  core::Day observation_end = 0;  // period.observation_end, else the log's last day
  summary::TimeUnit unit = summary::TimeUnit::kWeek;
  double unit_days = 7;
};

struct Ingested {
  std::vector<std::string> paths;  // the log's files, globs expanded
  io::TransactionLog log;
  RunPeriod period;
  summary::SummaryOptions full_options;         // the whole period
  summary::SummaryOptions calibration_options;  // up to the calibration end, with the holdout
  summary::CustomerSummary summary;             // the whole period: one row per customer
  std::vector<std::string> ids;                 // customer row -> customer id
  std::vector<uint32_t> row_of;                 // the log's id index -> customer row, or kNoRow
  uint64_t skipped_rows = 0;                    // bad rows skipped (input.on_bad_row = "skip")
  std::vector<results::SkippedRowGroup> skipped_by_reason;
  std::vector<std::string> notes;

  size_t customers() const { return ids.size(); }
  // The customer row of an id as written in an input file, or kNoRow.
  uint32_t RowOf(std::string_view id) const;
  // Per row of the log: its customer row, or kNoRow for a row after the observation end.
  std::vector<uint32_t> CustomerOfLogRows() const;
};

// Throws core::Error: kInput for an empty log or no purchase by the observation end, kConfig for
// a calibration end outside the log, and the reader's errors.
Ingested Ingest(const IngestInput& input);

// The calibration end: period.calibration_end, else the observation end less period.holdout
// (default: a third of the span, at most 365.25 days). Throws core::Error(kConfig) when it does
// not fall strictly between the first purchase and the observation end.
core::Day CalibrationEnd(const ProjectConfig& config, core::Day first_purchase, core::Day observation_end);

}  // namespace winnow::project
