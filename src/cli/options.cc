#include "cli/options.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "core/date.h"
#include "core/parallel.h"
#include "core/error.h"
#include "io/transaction_reader.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

namespace {

// One entry of the table as a CLI11 option, bound to the command's arguments.
void AddLogOption(CLI::App* command, const project::LogOption& option, project::ReadSettings* read,
                  project::PeriodText* period, bool required) {
  using Type = project::LogOptionType;
  const std::string name = option.flag + (option.short_flag.empty() ? "" : "," + option.short_flag);
  if (option.type == Type::kFiles) {
    command->add_option(name, read->*option.files, option.help)->required(required)->expected(1, -1);
    return;
  }
  if (option.type == Type::kFlag) {
    bool* value = &(read->*option.boolean);
    if (option.flag_clears) {
      command->add_flag_callback(name, [value] { *value = false; }, option.help);
    } else {
      command->add_flag(name, *value, option.help);
    }
    return;
  }
  std::string& value = option.text != nullptr ? read->*option.text : period->*option.cli_period;
  CLI::Option* added = command->add_option(name, value, option.help);
  if (option.type == Type::kChoice && option.cli_checks_choices) added->check(CLI::IsMember(option.choices));
  if (!option.default_text.empty()) added->capture_default_str();
}

std::map<const CLI::App*, std::vector<std::function<void()>>>& OptionChecks() {
  static std::map<const CLI::App*, std::vector<std::function<void()>>> checks;
  return checks;
}

}  // namespace

void AddIngestOptions(CLI::App* command, IngestArgs* args, bool required) {
  for (const project::LogOption& option : project::LogOptions()) {
    if (option.OnCommandLine() && option.Table() == "input") AddLogOption(command, option, args, nullptr, required);
  }
  args->amount_option = command->get_option("--amount-col");
  AddThreadsOption(command, &args->threads);
}

void AddPeriodOptions(CLI::App* command, PeriodArgs* args) {
  for (const project::LogOption& option : project::LogOptions()) {
    if (option.OnCommandLine() && option.Table() == "period") AddLogOption(command, option, nullptr, args, false);
  }
}

void AddOptionCheck(const CLI::App* command, std::function<void()> check) {
  OptionChecks()[command].push_back(std::move(check));
}

void RunOptionChecks(const CLI::App* command) {
  const auto found = OptionChecks().find(command);
  if (found == OptionChecks().end()) return;
  for (const auto& check : found->second) check();
}

void AddThreadsOption(CLI::App* command, size_t* threads, const std::string& note) {
  // Read as text, so that the message quotes the number as written (-1, or one beyond 64 bits);
  // what is not an integer at all is CLI11's conversion error, as for any number.
  auto given = std::make_shared<std::optional<std::string>>();
  command
      ->add_option(
          "--threads",
          [given](const CLI::results_t& results) {
            const std::string& text = results.back();
            const size_t sign = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
            if (text.size() == sign || text.find_first_not_of("0123456789", sign) != std::string::npos) return false;
            *given = text;
            return true;
          },
          fmt::format("Worker threads (0: all cores; at most {}{})", core::kMaxThreads, note.empty() ? "" : "; " + note))
      ->type_name("UINT")
      ->default_str(std::to_string(*threads));
  AddOptionCheck(command, [given, threads] {
    if (!given->has_value()) return;
    const std::string& text = **given;
    size_t value = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > core::kMaxThreads) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("--threads={}: must be from 0 (all cores) to {} (threads)", text, core::kMaxThreads));
    }
    *threads = value;
  });
}

void AddPenalizerOption(CLI::App* command, double* penalizer) {
  static_assert(kMaxPenalizer == 1e6, "the help says 1e6");
  command->add_option("--penalizer", *penalizer, "L2 penalty on the parameters, as in lifetimes (0: none; at most 1e6)")
      ->capture_default_str();
  AddOptionCheck(command, [penalizer] { CheckOptionRange("--penalizer", *penalizer, 0, kMaxPenalizer); });
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

io::ReadOptions ToReadOptions(const IngestArgs& args) {
  const bool amount_given = args.amount_option != nullptr && args.amount_option->count() > 0;
  if (amount_given && !args.quantity_column.empty()) {
    throw Error(ErrorKind::kUsage, "--amount-col and --quantity-col exclude each other: the amount is either a column "
                                   "or quantity x price");
  }
  io::ReadOptions options = project::ToReadOptions(args, project::SettingsSource{}, args.threads, amount_given);
  core::DateParser::FromPattern(args.date_format);  // validates early
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
