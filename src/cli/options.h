// Options shared by several commands, each declared once: ingestion of transaction logs,
// summary periods, progress and quiet output.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "io/transactions.h"
#include "model/fit.h"
#include "project/log_options.h"
#include "summary/summary.h"

namespace winnow::cli {

struct GlobalArgs {
  bool quiet = false;
};

// The reading options (project/log_options.h: one table for the command line and winnow.toml)
// and --threads.
struct IngestArgs : project::ReadSettings {
  size_t threads = 0;
  CLI::Option* amount_option = nullptr;
};

// The period options as written (dates are checked when used, by ToSummaryOptions).
struct PeriodArgs : project::PeriodText {};

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

// Checks of option values that run after parsing, before the command's action, in the order
// they were added (main.cc calls RunOptionChecks). Each throws core::Error(kUsage).
void AddOptionCheck(const CLI::App* command, std::function<void()> check);
void RunOptionChecks(const CLI::App* command);

// --threads, declared once for every command that computes: worker threads, 0 (all cores) to
// core::kMaxThreads; another value is a usage error (exit 2) before the command starts:
// "--threads=5000: must be from 0 (all cores) to 1024 (threads)". `note` ends the help text
// ("overrides [run] threads"). (serve's --threads counts event-loop threads, 1 to 64: its own.)
void AddThreadsOption(CLI::App* command, size_t* threads, const std::string& note = "");
// --penalizer, declared once (fit, compare): the L2 penalty, 0 to kMaxPenalizer.
void AddPenalizerOption(CLI::App* command, double* penalizer);

// The reading options ([input] entries of project::LogOptions() with a flag) and --threads.
// With required = false, --transactions may be left out (the command takes another input).
void AddIngestOptions(CLI::App* command, IngestArgs* args, bool required = true);
// The period options ([period] entries with a flag).
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
