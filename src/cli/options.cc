#include "cli/options.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "core/date.h"
#include "core/parallel.h"
#include "core/error.h"
#include "io/transaction_reader.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

void AddIngestOptions(CLI::App* command, IngestArgs* args, bool required) {
  command->add_option("--transactions,-t", args->transactions,
                      "Transaction log file(s): CSV, .csv.gz, or shell patterns like 'exports/*.csv'")
      ->required(required)
      ->expected(1, -1);
  command->add_option("--customer-col", args->customer_col,
                      "Customer id column: a header name, or a 1-based position with --no-header")
      ->capture_default_str();
  command->add_option("--date-col", args->date_col, "Date column (name, or position with --no-header)")
      ->capture_default_str();
  args->amount_option =
      command->add_option("--amount-col", args->amount_col,
                          "Amount column (name, or position with --no-header); optional unless given")
          ->capture_default_str();
  command->add_option("--quantity-col", args->quantity_col,
                      "Quantity column: with --price-col, the amount of a row is quantity x price");
  command->add_option("--price-col", args->price_col, "Unit price column (with --quantity-col)");
  command->add_option("--delimiter", args->delimiter,
                      "Field separator: comma, semicolon, tab, whitespace (runs of blanks, no quoting) or one character")
      ->capture_default_str();
  command->add_flag("--no-header", args->no_header, "The files have no header row: choose columns by position");
  command->add_flag("--decimal-comma", args->decimal_comma, "Amounts use a decimal comma, like 1.234,56");
  command->add_option("--date-format", args->date_format,
                      "Date format: iso (YYYY-MM-DD, optional time part) or a pattern like %Y%m%d, %d.%m.%Y, %m/%d/%Y")
      ->capture_default_str();
  command->add_option("--on-bad-row", args->on_bad_row,
                      "error: stop at the first bad row (exit 2); skip: skip, count and report bad rows")
      ->check(CLI::IsMember({"error", "skip"}))
      ->capture_default_str();
  command->add_option("--threads", args->threads, "Worker threads (0: all cores; at most 1024)")->capture_default_str();
}

void AddPeriodOptions(CLI::App* command, PeriodArgs* args) {
  command->add_option("--time-unit", args->time_unit, "Time unit of recency and T: day, week (7 days) or month (365.25/12 days)")
      ->capture_default_str();
  command->add_option("--observation-end", args->observation_end,
                      "Last day observed, YYYY-MM-DD (default: the last date in the log); later purchases are left out");
  command->add_option("--calibration-end", args->calibration_end,
                      "Last day of the calibration period, YYYY-MM-DD: adds holdout columns for the days after it");
}

namespace {

std::string Unit(const std::string& unit) { return unit.empty() ? "" : " (" + unit + ")"; }

}  // namespace

void CheckOptionRange(const std::string& option, double value, double low, double high, const std::string& unit) {
  if (value >= low && value <= high) return;
  throw Error(ErrorKind::kUsage, fmt::format("{}={}: must be from {} to {}{}", option, value, low, high, Unit(unit)));
}

void CheckOptionAbove(const std::string& option, double value, double low, double high, const std::string& unit) {
  if (value > low && value <= high) return;
  throw Error(ErrorKind::kUsage, fmt::format("{}={}: must be > {} and at most {}{}", option, value, low, high, Unit(unit)));
}

void CheckThreads(const std::string& option, size_t threads) {
  if (threads <= core::kMaxThreads) return;
  throw Error(ErrorKind::kUsage,
              fmt::format("{}={}: must be from 0 (all cores) to {} (threads)", option, threads, core::kMaxThreads));
}

io::ReadOptions ToReadOptions(const IngestArgs& args) {
  CheckThreads("--threads", args.threads);
  io::ReadOptions options;
  options.customer_col = args.customer_col;
  options.date_col = args.date_col;
  options.amount_col = args.amount_col;
  options.amount_required = args.amount_option != nullptr && args.amount_option->count() > 0;
  options.quantity_col = args.quantity_col;
  options.price_col = args.price_col;
  if (options.amount_required && !options.quantity_col.empty()) {
    throw Error(ErrorKind::kUsage, "--amount-col and --quantity-col exclude each other: the amount is either a column "
                                   "or quantity x price");
  }
  if (!io::SetDelimiter(args.delimiter, &options)) {
    throw Error(ErrorKind::kUsage, fmt::format("--delimiter \"{}\": expected comma, semicolon, tab, whitespace or one character",
                                               args.delimiter));
  }
  options.header = !args.no_header;
  options.decimal_comma = args.decimal_comma;
  options.date_format = args.date_format;
  core::DateParser::FromPattern(args.date_format);  // validates early
  options.skip_bad_rows = args.on_bad_row == "skip";
  options.threads = args.threads;
  if (options.decimal_comma && options.delimiter == ',' && !options.whitespace) {
    // Legal when amounts are quoted; nothing to reject.
  }
  return options;
}

core::Day ParseDateOption(const std::string& option, const std::string& text) {
  core::Day day = 0;
  const core::DateParser parser = core::DateParser::Iso();
  if (parser.Parse(text, &day) != core::DateStatus::kOk) {
    throw Error(ErrorKind::kUsage, fmt::format("{} \"{}\": {}", option, text, parser.Explain(text)));
  }
  return day;
}

summary::SummaryOptions ToSummaryOptions(const PeriodArgs& args, size_t threads) {
  summary::SummaryOptions options;
  options.unit = summary::ParseTimeUnit(args.time_unit);
  if (!args.observation_end.empty()) options.observation_end = ParseDateOption("--observation-end", args.observation_end);
  if (!args.calibration_end.empty()) options.calibration_end = ParseDateOption("--calibration-end", args.calibration_end);
  options.threads = threads;
  return options;
}

Progress::Progress(bool quiet) : enabled_(!quiet && ::isatty(2) == 1) {}

Progress::~Progress() { Finish(); }

void Progress::Update(const std::string& label, uint64_t done, uint64_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
  last_ = now;
  shown_ = true;
  if (total > 0) {
    std::fprintf(stderr, "\r%s %5.1f%% (%.0f MB)   ", label.c_str(), 100.0 * static_cast<double>(done) / static_cast<double>(total),
                 static_cast<double>(done) / 1e6);
  } else {
    std::fprintf(stderr, "\r%s %.0f MB   ", label.c_str(), static_cast<double>(done) / 1e6);
  }
  std::fflush(stderr);
}

void Progress::Finish() {
  if (enabled_ && shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }
}

void Say(const GlobalArgs& global, const std::string& line) {
  if (!global.quiet) std::fprintf(stderr, "%s\n", line.c_str());
}

void AddStrictOption(CLI::App* command, bool* strict) {
  command->add_flag("--strict", *strict,
                    "Treat warnings about the fit (estimates at a boundary, parameters not identified, models that "
                    "collapse into one, P(alive) near 1 for nearly everyone) as an error (exit 2)");
}

void ReportWarnings(const std::vector<model::FitWarning>& warnings, bool strict) {
  for (const auto& w : warnings) std::fprintf(stderr, "warning: [%s] %s\n", w.code.c_str(), w.message.c_str());
  if (strict && !warnings.empty()) {
    throw Error(ErrorKind::kInput, fmt::format("--strict: {} warning{} about the fit (above)", warnings.size(),
                                               warnings.size() == 1 ? "" : "s"))
        .Hint("the data do not support the model as fitted; see the warnings, or drop --strict to write the results "
              "with the warnings in them");
  }
}

}  // namespace winnow::cli
