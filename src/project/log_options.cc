#include "project/log_options.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/error.h"
#include "io/transaction_reader.h"

namespace winnow::project {

using core::Error;
using core::ErrorKind;

bool ParseDuration(const std::string& text, Duration* duration) {
  size_t pos = 0;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  double n = 0;
  const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), n);
  if (ec != std::errc() || !(n > 0) || !std::isfinite(n)) return false;
  std::string unit(ptr, text.data() + text.size());
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  while (!unit.empty() && unit.back() == ' ') unit.pop_back();
  if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
  double days = 0;
  if (unit == "day") {
    days = 1;
  } else if (unit == "week") {
    days = 7;
  } else if (unit == "month") {
    days = 365.25 / 12;
  } else if (unit == "year") {
    days = 365.25;
  } else {
    return false;
  }
  *duration = Duration{n * days, text};
  return true;
}

const std::vector<LogOption>& LogOptions() {
  using T = LogOptionType;
  static const std::vector<LogOption> options = {
      {.flag = "--transactions",
       .short_flag = "-t",
       .key = "input.transactions",
       .type = T::kFiles,
       .help = "Transaction log file(s): CSV, .csv.gz, or shell patterns like 'exports/*.csv'",
       .files = &ReadSettings::transactions},
      {.flag = "--customer-col",
       .key = "input.customer_column",
       .help = "Customer id column: a header name, or a 1-based position with --no-header",
       .default_text = "customer_id",
       .text = &ReadSettings::customer_column,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->customer_col = s.customer_column;
         return true;
       }},
      {.flag = "--date-col",
       .key = "input.date_column",
       .help = "Date column (name, or position with --no-header)",
       .default_text = "date",
       .text = &ReadSettings::date_column,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->date_col = s.date_column;
         return true;
       }},
      {.flag = "--amount-col",
       .key = "input.amount_column",
       .help = "Amount column (name, or position with --no-header); optional unless given",
       .default_text = "amount",
       .text = &ReadSettings::amount_column,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->amount_col = s.amount_column;
         return true;
       }},
      {.flag = "--quantity-col",
       .key = "input.quantity_column",
       .help = "Quantity column: with --price-col, the amount of a row is quantity x price",
       .text = &ReadSettings::quantity_column,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->quantity_col = s.quantity_column;
         return true;
       }},
      {.flag = "--price-col",
       .key = "input.price_column",
       .help = "Unit price column (with --quantity-col)",
       .text = &ReadSettings::price_column,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->price_col = s.price_column;
         return true;
       }},
      {.flag = "--delimiter",
       .key = "input.delimiter",
       .help = "Field separator: comma, semicolon, tab, whitespace (runs of blanks, no quoting) or one character",
       .default_text = "comma",
       .text = &ReadSettings::delimiter,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) { return io::SetDelimiter(s.delimiter, r); },
       .expected = "comma, semicolon, tab, whitespace or one character"},
      {.flag = "--no-header",
       .key = "input.header",
       .type = T::kFlag,
       .help = "The files have no header row: choose columns by position",
       .flag_clears = true,
       .boolean = &ReadSettings::header,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->header = s.header;
         return true;
       }},
      {.flag = "--decimal-comma",
       .key = "input.decimal_comma",
       .type = T::kFlag,
       .help = "Amounts use a decimal comma, like 1.234,56",
       .boolean = &ReadSettings::decimal_comma,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->decimal_comma = s.decimal_comma;
         return true;
       }},
      {.flag = "--date-format",
       .key = "input.date_format",
       .help = "Date format: iso (YYYY-MM-DD, optional time part) or a pattern like %Y%m%d, %d.%m.%Y, %m/%d/%Y",
       .default_text = "iso",
       .text = &ReadSettings::date_format,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->date_format = s.date_format;
         return true;
       }},
      {.flag = "--on-bad-row",
       .key = "input.on_bad_row",
       .type = T::kChoice,
       .help = "error: stop at the first bad row (exit 2); skip: skip, count and report bad rows",
       .default_text = "error",
       .choices = {"error", "skip"},
       .choice_error = "\"{}\": expected {}",
       .text = &ReadSettings::on_bad_row,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->skip_bad_rows = s.on_bad_row == "skip";
         return true;
       }},
      {.key = "input.parent_column",
       .help = "A column of the customers table or of the log whose values become parent accounts",
       .text = &ReadSettings::parent_column,
       .to_read = [](const ReadSettings& s, io::ReadOptions* r) {
         r->group_col = s.parent_column;
         return true;
       }},
      {.flag = "--time-unit",
       .key = "period.time_unit",
       .type = T::kChoice,
       .help = "Time unit of recency and T: day, week (7 days) or month (365.25/12 days)",
       .default_text = "week",
       .choices = {"day", "week", "month"},
       .choice_error = "\"{}\" is not a time unit: expected {}",
       .cli_checks_choices = false,
       .cli_period = &PeriodText::time_unit,
       .period_text = &PeriodSettings::time_unit},
      {.flag = "--observation-end",
       .key = "period.observation_end",
       .type = T::kDate,
       .help = "Last day observed, YYYY-MM-DD (default: the last date in the log); later purchases are left out",
       .cli_period = &PeriodText::observation_end,
       .date = &PeriodSettings::observation_end},
      {.flag = "--calibration-end",
       .key = "period.calibration_end",
       .type = T::kDate,
       .help = "Last day of the calibration period, YYYY-MM-DD: adds holdout columns for the days after it",
       .cli_period = &PeriodText::calibration_end,
       .date = &PeriodSettings::calibration_end},
      {.key = "period.holdout",
       .type = T::kDuration,
       .help = "Length of the holdout (default: a third of the log's span, at most 1 year)",
       .duration = &PeriodSettings::holdout},
  };
  return options;
}

io::ReadOptions ToReadOptions(const ReadSettings& settings, const SettingsSource& source, size_t threads,
                              bool amount_required) {
  io::ReadOptions options;
  for (const LogOption& option : LogOptions()) {
    if (!option.to_read || option.to_read(settings, &options)) continue;
    const std::string& value = settings.*option.text;
    if (source.config_path.empty()) {
      throw Error(ErrorKind::kUsage, fmt::format("{} \"{}\": expected {}", option.flag, value, option.expected));
    }
    throw Error(ErrorKind::kConfig, fmt::format("{}: \"{}\": expected {}", option.key, core::Printable(value), option.expected))
        .At(source.config_path);
  }
  options.amount_required = amount_required;
  options.threads = threads;
  return options;
}

std::string QuotedChoices(const std::vector<std::string>& choices) {
  std::vector<std::string> quoted;
  for (const std::string& choice : choices) quoted.push_back("\"" + choice + "\"");
  return core::JoinOr(quoted);
}

}  // namespace winnow::project
