#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "cli/commands.h"
#include "io/byte_source.h"
#include "io/transaction_reader.h"
#include "summary/summary_writer.h"

namespace winnow::cli {

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

LoadedSummary LoadSummary(const IngestArgs& ingest, const PeriodArgs& period, const GlobalArgs& global) {
  LoadedSummary out;
  io::ReadOptions read_options = ToReadOptions(ingest);
  const summary::SummaryOptions summary_options = ToSummaryOptions(period, ingest.threads);
  Progress progress(global.quiet);
  read_options.progress = [&](uint64_t done, uint64_t total) { progress.Update("reading", done, total); };
  const auto start = std::chrono::steady_clock::now();
  out.log = io::ReadTransactions(io::ExpandInputPatterns(ingest.transactions), read_options);
  out.read_seconds = SecondsSince(start);
  out.log.ids.ReleaseLookup();  // ids are only read back from here on
  progress.Finish();
  const io::ReadReport& report = out.log.report;
  for (const std::string& line : report.DescribeBadRows()) Say(global, line);
  const auto summary_start = std::chrono::steady_clock::now();
  out.summary = summary::Summarize(out.log, summary_options);
  out.summary_seconds = SecondsSince(summary_start);
  out.log.ReleaseRows();  // only the ids are needed from here on
  const summary::CustomerSummary& s = out.summary;
  if (s.rows_after_observation_end > 0) {
    Say(global, fmt::format("left out {} rows after the observation end {}", s.rows_after_observation_end,
                            core::FormatDay(s.observation_end)));
  }
  if (s.customers_first_purchase_in_holdout > 0) {
    Say(global, fmt::format("left out {} customers whose first purchase is after the calibration end",
                            s.customers_first_purchase_in_holdout));
  }
  if (s.days_cancelled_same_day > 0) {
    Say(global, fmt::format("{} purchase day{} cancelled by returns of the same day: no purchase occasion",
                            s.days_cancelled_same_day, s.days_cancelled_same_day == 1 ? "" : "s"));
  }
  if (s.customers_returns_only > 0) {
    Say(global, fmt::format("left out {} customers with returns but no purchase", s.customers_returns_only));
  }
  return out;
}

Action AddSummarizeCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "summarize", "Per-customer summary (frequency, recency, T, monetary value, holdout) from a transaction log");
  auto ingest = std::make_shared<IngestArgs>();
  auto period = std::make_shared<PeriodArgs>();
  auto out_path = std::make_shared<std::string>();
  AddIngestOptions(command, ingest.get());
  AddPeriodOptions(command, period.get());
  command->add_option("--out,-o", *out_path, "Output CSV file ('-' for standard output)")->required();
  return [=, &global]() {
    LoadedSummary loaded = LoadSummary(*ingest, *period, global);
    const auto start = std::chrono::steady_clock::now();
    summary::WriteSummaryCsv(loaded.summary, loaded.log.ids, *out_path, ingest->threads);
    const double write_seconds = SecondsSince(start);
    if (*out_path != "-") {
      Say(global, fmt::format("read {} rows ({} customers) in {:.2f} s; summarized in {:.2f} s; wrote {} customers to {} in {:.2f} s",
                              loaded.log.report.rows, loaded.log.ids.size(), loaded.read_seconds, loaded.summary_seconds,
                              loaded.summary.size(), *out_path, write_seconds));
    }
    return 0;
  };
}

}  // namespace winnow::cli
