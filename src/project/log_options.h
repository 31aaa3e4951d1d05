// The options of reading a transaction log and of cutting its periods, declared once for the
// command line (cli/options.cc turns each entry into a CLI11 option) and for winnow.toml
// (project/config.cc turns each entry into a key of [input] or [period]).
//
// Adding a reading option is one entry of LogOptions() (log_options.cc), plus the member it
// fills in ReadSettings and the io::ReadOptions field it sets; --help, winnow.toml's key table,
// the type checks of both and the README test (tests/project/log_options_test.cc) follow.
//
// The home is project/ because the period options need summary/ and the durations of
// winnow.toml; cli/ sits above project/ and reads the same table.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "io/transactions.h"

namespace winnow::project {

struct Duration {
  double days = 0;
  std::string text;  // as written, for messages and results.json
};

// "N day(s)|week(s)|month(s)|year(s)" -> days (month = 365.25/12, year = 365.25 days).
// Returns false when the text is not of that form or N is not a finite number > 0.
bool ParseDuration(const std::string& text, Duration* duration);

// How to read a transaction log: the same values on the command line and in winnow.toml.
struct ReadSettings {
  std::vector<std::string> transactions;  // files or globs, one log
  std::string customer_column = "customer_id";
  std::string date_column = "date";
  std::string amount_column = "amount";
  std::string quantity_column, price_column;  // amount = quantity x price when both are set
  std::string delimiter = "comma";
  bool header = true;  // false: columns are named by 1-based position ("1", "3")
  bool decimal_comma = false;
  std::string date_format = "iso";
  std::string on_bad_row = "error";  // error | skip
  // A column of the log or of the customers table whose values (a country, a sales area) become
  // parent accounts above the customers; empty: none.
  std::string parent_column;
};

// The periods as the command line gives them: dates as written, checked when used (the error
// names the option).
struct PeriodText {
  std::string time_unit = "week";
  std::string observation_end;
  std::string calibration_end;
};

// The periods as winnow.toml gives them.
struct PeriodSettings {
  std::string time_unit = "week";
  std::optional<core::Day> observation_end;  // default: the last date in the log
  std::optional<core::Day> calibration_end;  // default: observation end minus `holdout`
  std::optional<Duration> holdout;           // default: a third of the log's span, at most 1 year
};

enum class LogOptionType {
  kFiles,     // one or more files or globs (winnow.toml: a string or an array of strings)
  kText,      // a column name or position, a delimiter, a date format
  kFlag,      // true or false (the command line: a flag)
  kChoice,    // one of `choices`
  kDate,      // YYYY-MM-DD (winnow.toml: a date, or a string)
  kDuration,  // "52 weeks", "12 months", ... (winnow.toml only)
};

struct LogOption {
  // On the command line: "--customer-col" (and a short name, "-t"); empty when winnow.toml only.
  std::string flag{};
  std::string short_flag{};
  // In winnow.toml: "input.customer_column"; empty when command line only.
  std::string key{};
  LogOptionType type = LogOptionType::kText;
  std::string help{};  // --help text
  // The default as --help and the README show it ("customer_id"); empty: none, or one computed
  // from the log (the README says which).
  std::string default_text{};
  // kFlag: the command line's flag sets the value to false (--no-header for input.header).
  bool flag_clears = false;
  // kChoice: the values accepted, and winnow.toml's message for another one: a format of the
  // value and the choices ("\"{}\": expected {}" -> "\"x\": expected \"error\" or \"skip\"").
  std::vector<std::string> choices{};
  std::string choice_error{};
  // kChoice: the command line checks the choices while parsing (CLI11's message); else the
  // command that uses the value does (--time-unit also takes days, weeks, D, W, M).
  bool cli_checks_choices = true;

  // Where the value goes: a reading option fills the same member of ReadSettings from both
  // sides; a period option fills PeriodText from the command line and PeriodSettings from
  // winnow.toml. Exactly one member of the matching type is set per side.
  std::vector<std::string> ReadSettings::*files = nullptr;
  std::string ReadSettings::*text = nullptr;
  bool ReadSettings::*boolean = nullptr;
  std::string PeriodText::*cli_period = nullptr;
  std::string PeriodSettings::*period_text = nullptr;
  std::optional<core::Day> PeriodSettings::*date = nullptr;
  std::optional<Duration> PeriodSettings::*duration = nullptr;

  // Reading options: sets the reader's options from the settings; returns false when the value
  // is not valid (the message then says "expected " + `expected`).
  std::function<bool(const ReadSettings&, io::ReadOptions*)> to_read{};
  std::string expected{};

  bool OnCommandLine() const { return !flag.empty(); }
  bool InConfig() const { return !key.empty(); }
  // "input" or "period": the table of winnow.toml and the group of the README.
  std::string Table() const { return key.substr(0, key.find('.')); }
};

// Every reading and period option, in the order of --help.
const std::vector<LogOption>& LogOptions();

// Who gave the settings, for the messages of ToReadOptions: the command line (option names,
// core::ErrorKind::kUsage) or winnow.toml at `config_path` (keys, kConfig).
struct SettingsSource {
  std::string config_path;  // empty: the command line
};

// The reader's options from the settings (every entry's to_read, in table order), with
// `threads` and `amount_required`. Throws core::Error for a value an entry rejects:
//   --delimiter "x;": expected comma, semicolon, tab, whitespace or one character
//   winnow.toml: input.delimiter: "x;": expected comma, semicolon, tab, whitespace or one character
io::ReadOptions ToReadOptions(const ReadSettings& settings, const SettingsSource& source, size_t threads,
                              bool amount_required);

// "a", "b" or "c": the choices of an option for a message.
std::string QuotedChoices(const std::vector<std::string>& choices);

}  // namespace winnow::project
