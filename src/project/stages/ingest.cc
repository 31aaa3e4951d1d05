#include "project/stages/ingest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "io/id_table.h"
#include "project/run.h"

namespace winnow::project {

using core::Day;
using core::Error;
using core::ErrorKind;

uint32_t Ingested::RowOf(std::string_view id) const {
  const uint32_t index = log.ids.Find(id);
  return index == io::IdTable::kNotFound ? kNoRow : row_of[index];
}

std::vector<uint32_t> Ingested::CustomerOfLogRows() const {
  std::vector<uint32_t> customer(log.rows());
  for (size_t r = 0; r < log.rows(); ++r) {
    const uint32_t row = row_of[log.customer[r]];
    customer[r] = (row != kNoRow && log.day[r] <= period.observation_end) ? row : kNoRow;
  }
  return customer;
}

Day CalibrationEnd(const ProjectConfig& config, Day first_purchase, Day observation_end) {
  Day calibration_end = 0;
  if (config.calibration_end) {
    calibration_end = *config.calibration_end;
  } else {
    const double span = observation_end - first_purchase;
    const double holdout = config.holdout ? config.holdout->days : std::min(span / 3, 365.25);
    calibration_end = observation_end - static_cast<Day>(std::lround(holdout));
  }
  if (calibration_end <= first_purchase || calibration_end >= observation_end) {
    throw Error(ErrorKind::kConfig,
                fmt::format("the calibration end {} must fall between the first purchase ({}) and the observation end "
                            "({}): set period.calibration_end or period.holdout",
                            core::FormatDay(calibration_end), core::FormatDay(first_purchase),
                            core::FormatDay(observation_end)))
        .At(config.config_path);
  }
  return calibration_end;
}

Ingested Ingest(const IngestInput& input) {
  const ProjectConfig& config = *input.config;
  Ingested out;
  out.paths = LogPaths(config);
  SayIf(input.say, fmt::format("reading {}", fmt::join(out.paths, ", ")));
  out.log = ReadProjectLog(config);
  const io::TransactionLog& log = out.log;
  if (log.rows() == 0) throw Error(ErrorKind::kInput, fmt::format("{}: the log has no rows", out.paths.front()));
  if (log.report.bad_rows > 0) {
    for (const std::string& line : log.report.DescribeBadRows()) SayIf(input.say, line);
    out.skipped_rows = log.report.bad_rows;
    std::vector<std::string> counts;
    for (const io::BadRowGroup& group : log.report.BadRowGroups()) {
      results::SkippedRowGroup& g = out.skipped_by_reason.emplace_back();
      g.reason = io::BadRowReasonName(group.reason);
      g.rows = group.rows;
      for (const Error& e : group.examples) g.examples.push_back(e.Headline() + " | " + e.excerpt());
      counts.push_back(fmt::format("{} {}", group.rows, g.reason));
    }
    out.notes.push_back(fmt::format("skipped {} bad rows of the log: {} (examples in results.json, skipped_rows)",
                                    log.report.bad_rows, fmt::join(counts, ", ")));
  }
  RunPeriod& period = out.period;
  period.unit = summary::ParseTimeUnit(config.time_unit);
  period.unit_days = summary::UnitDays(period.unit);
  Day log_min = std::numeric_limits<Day>::max(), log_max = std::numeric_limits<Day>::min();
  for (Day d : log.day) log_min = std::min(log_min, d), log_max = std::max(log_max, d);
  period.first_purchase = log_min;
  period.observation_end = config.observation_end.value_or(log_max);
  period.calibration_end = CalibrationEnd(config, log_min, period.observation_end);

  out.full_options.unit = period.unit;
  out.full_options.observation_end = period.observation_end;
  out.full_options.threads = config.threads;
  out.calibration_options = out.full_options;
  out.calibration_options.calibration_end = period.calibration_end;
  out.summary = summary::Summarize(out.log, out.full_options);
  const summary::CustomerSummary& S = out.summary;
  if (S.size() == 0) {
    throw Error(ErrorKind::kInput, fmt::format("{}: no customer bought before the observation end", out.paths.front()));
  }
  if (S.days_cancelled_same_day > 0) {
    out.notes.push_back(fmt::format("{} purchase day{} cancelled by returns of the same day: no purchase occasion",
                                    S.days_cancelled_same_day, S.days_cancelled_same_day == 1 ? "" : "s"));
  }
  const size_t n = S.size();
  out.ids.resize(n);
  out.row_of.assign(log.ids.size(), kNoRow);
  for (size_t i = 0; i < n; ++i) {
    out.ids[i] = std::string(log.ids.Get(S.customer[i]));
    out.row_of[S.customer[i]] = static_cast<uint32_t>(i);
  }
  SayIf(input.say, fmt::format("{} rows, {} customers, {} to {}", log.rows(), n, core::FormatDay(log_min),
                               core::FormatDay(period.observation_end)));
  return out;
}

}  // namespace winnow::project
