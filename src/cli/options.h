// Options shared by several commands, each declared once: ingestion of transaction logs,
// summary periods, progress and quiet output.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "io/transactions.h"
#include "model/fit.h"
#include "summary/summary.h"

namespace winnow::cli {

struct GlobalArgs {
  bool quiet = false;
};

struct IngestArgs {
  std::vector<std::string> transactions;
  std::string customer_col = "customer_id";
  std::string date_col = "date";
  std::string amount_col = "amount";
  std::string quantity_col, price_col;  // amount = quantity x price when both are given
  std::string delimiter = "comma";
  bool no_header = false;
  bool decimal_comma = false;
  std::string date_format = "iso";
  std::string on_bad_row = "error";
  size_t threads = 0;
  CLI::Option* amount_option = nullptr;
};

struct PeriodArgs {
  std::string time_unit = "week";
  std::string observation_end;
  std::string calibration_end;
};

// Limits of the options that size work or memory, documented in README.md next to each option.
// Threads: core::kMaxThreads (1024).
inline constexpr double kMaxHorizon = 10000;        // predict/distribution --horizon (time units or periods)
inline constexpr int kMaxDistributionCount = 10000;  // distribution --max
inline constexpr double kMaxCohort = 1e12;           // distribution --customers
inline constexpr double kMaxUnitValue = 1e12;        // predict --unit-value (money per transaction or period)
inline constexpr double kMaxDiscountRate = 1;        // --discount-rate per time unit (100 %)
inline constexpr double kMaxPenalizer = 1e6;         // fit/compare --penalizer

// Range checks of option values. Each throws core::Error(kUsage) in the form
// "--horizon=3000000000: must be > 0 and at most 10000 (periods)"; NaN and infinities are outside
// every range. `unit` may be empty.
// low <= value <= high:
void CheckOptionRange(const std::string& option, double value, double low, double high, const std::string& unit = "");
// low < value <= high:
void CheckOptionAbove(const std::string& option, double value, double low, double high, const std::string& unit = "");
// --threads: 0 (all cores) .. core::kMaxThreads.
void CheckThreads(const std::string& option, size_t threads);

// With required = false, --transactions may be left out (the command takes another input).
void AddIngestOptions(CLI::App* command, IngestArgs* args, bool required = true);
void AddPeriodOptions(CLI::App* command, PeriodArgs* args);

io::ReadOptions ToReadOptions(const IngestArgs& args);
summary::SummaryOptions ToSummaryOptions(const PeriodArgs& args, size_t threads);
// "YYYY-MM-DD" for an option; throws core::Error(kUsage) naming the option.
core::Day ParseDateOption(const std::string& option, const std::string& text);

// A progress line on stderr, only when stderr is a terminal and --quiet is off.
class Progress {
 public:
  explicit Progress(bool quiet);
  ~Progress();
  void Update(const std::string& label, uint64_t done, uint64_t total);
  void Finish();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_;
};

// Prints a line to stderr unless quiet.
void Say(const GlobalArgs& global, const std::string& line);

// --strict: warnings about the fit (a degenerate model) become an error.
void AddStrictOption(CLI::App* command, bool* strict);
// Prints each warning to stderr ("warning: ...", even with --quiet); with `strict` and at least
// one warning, then throws core::Error(kInput), exit status 2.
void ReportWarnings(const std::vector<model::FitWarning>& warnings, bool strict);

}  // namespace winnow::cli
