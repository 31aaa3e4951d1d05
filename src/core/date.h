// Calendar dates as days since 1970-01-01 (proleptic Gregorian), the one date type of the engine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::core {

using Day = int32_t;

// Days since 1970-01-01 of a valid civil date; the caller checks validity with IsValidDate.
Day DaysFromCivil(int year, unsigned month, unsigned day);
bool IsValidDate(int year, unsigned month, unsigned day);
unsigned DaysInMonth(int year, unsigned month);

// "YYYY-MM-DD".
std::string FormatDay(Day day);
// Writes the 10 characters of "YYYY-MM-DD" to out (years 0..9999).
void FormatDayTo(Day day, char* out);

// The dates winnow accepts, in every input (logs, tables, options, winnow.toml): 1900-01-01 to
// 2199-12-31. Anything outside is taken for a typo or a placeholder (0001-01-01, 9999-12-31),
// and would size the work by its span (day-by-day series over thousands of years).
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2199;
// "1900-01-01 to 2199-12-31", for messages.
std::string AcceptedDateRange();
bool IsAcceptedYear(int year);

enum class DateStatus { kOk, kSyntax, kNoSuchDate, kOutOfRange };

// Parses dates in one format: ISO 8601 (YYYY-MM-DD with an optional time part, which is read and
// ignored: day resolution) or a strftime-like pattern of %Y (4 digits) or %y (2 digits: 69-99 are
// 1969-1999, 00-68 are 2000-2068, as POSIX strptime), %m, %d (1 or 2 digits), %H, %M, %S (time,
// ignored) and literal characters, e.g. "%Y%m%d", "%d.%m.%Y", "%m/%d/%Y", "%m/%d/%y %H:%M".
class DateParser {
 public:
  static DateParser Iso();
  // Throws Error(kUsage) for an unsupported pattern.
  static DateParser FromPattern(std::string_view pattern);

  DateStatus Parse(std::string_view text, Day* day) const;
  // Why `text` did not parse, for the error message ("expected a date like YYYY-MM-DD", ...).
  std::string Explain(std::string_view text) const;
  // When `text` fails only because a time of day follows the date ("12/1/2010 8:26" against
  // "%m/%d/%Y"), or because its year has two digits ("12/1/10" against "%m/%d/%Y"), the pattern
  // that reads it ("%m/%d/%Y %H:%M", "%m/%d/%y"); else "".
  std::string SuggestPattern(std::string_view text) const;
  // The expected form, e.g. "YYYY-MM-DD" or "%d.%m.%Y".
  const std::string& description() const { return description_; }

 private:
  enum class Token : uint8_t { kYear, kShortYear, kMonth, kDay, kHour, kMinute, kSecond, kLiteral };
  struct Item {
    Token token;
    char literal;
  };
  DateStatus ParseIso(std::string_view text, Day* day, int* y, unsigned* m, unsigned* d) const;
  DateStatus ParsePattern(std::string_view text, int* y, unsigned* m, unsigned* d) const;

  bool iso_ = true;
  std::vector<Item> items_;
  std::string description_ = "YYYY-MM-DD";
};

}  // namespace winnow::core
