#include "core/date.h"

#include <fmt/format.h>

#include <chrono>

#include "core/error.h"

namespace winnow::core {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads between min_digits and max_digits digits at text[*pos].
bool ReadNumber(std::string_view text, size_t* pos, int min_digits, int max_digits, int* value) {
  int n = 0;
  int v = 0;
  while (*pos < text.size() && n < max_digits && IsDigit(text[*pos])) {
    v = v * 10 + (text[*pos] - '0');
    ++*pos;
    ++n;
  }
  *value = v;
  return n >= min_digits;
}

// Accepts the rest of an ISO 8601 date-time after the date: [T| ]HH:MM[:SS[.fff]][Z|(+|-)HH[:]MM].
bool IsIsoTimeSuffix(std::string_view rest) {
  if (rest.empty()) return true;
  if (rest[0] != 'T' && rest[0] != ' ') return false;
  size_t pos = 1;
  int v;
  if (!ReadNumber(rest, &pos, 2, 2, &v) || v > 24) return false;
  if (pos == rest.size()) return true;  // "2024-01-01T10"
  if (rest[pos] != ':') return false;
  ++pos;
  if (!ReadNumber(rest, &pos, 2, 2, &v) || v > 59) return false;
  if (pos < rest.size() && rest[pos] == ':') {
    ++pos;
    if (!ReadNumber(rest, &pos, 2, 2, &v) || v > 60) return false;
    if (pos < rest.size() && (rest[pos] == '.' || rest[pos] == ',')) {
      ++pos;
      if (!ReadNumber(rest, &pos, 1, 9, &v)) return false;
    }
  }
  if (pos == rest.size()) return true;
  if (rest[pos] == 'Z') return pos + 1 == rest.size();
  if (rest[pos] != '+' && rest[pos] != '-') return false;
  ++pos;
  if (!ReadNumber(rest, &pos, 2, 2, &v)) return false;
  if (pos < rest.size() && rest[pos] == ':') ++pos;
  if (pos < rest.size() && !ReadNumber(rest, &pos, 2, 2, &v)) return false;
  return pos == rest.size();
}

}  // namespace

bool IsValidDate(int year, unsigned month, unsigned day) {
  return year >= 1 && year <= 9999 &&
         std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                     std::chrono::day{day}}
             .ok();
}

unsigned DaysInMonth(int year, unsigned month) {
  using namespace std::chrono;
  return static_cast<unsigned>(
      year_month_day_last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}}.day());
}

Day DaysFromCivil(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  return static_cast<Day>(
      sys_days{year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}}
          .time_since_epoch()
          .count());
}

void FormatDayTo(Day day, char* out) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());
  for (int k = 3; k >= 0; --k) {
    out[k] = static_cast<char>('0' + y % 10);
    y /= 10;
  }
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + d / 10);
  out[9] = static_cast<char>('0' + d % 10);
}

std::string FormatDay(Day day) {
  std::string out(10, ' ');
  FormatDayTo(day, out.data());
  return out;
}

std::string AcceptedDateRange() { return fmt::format("{}-01-01 to {}-12-31", kMinYear, kMaxYear); }

bool IsAcceptedYear(int year) { return year >= kMinYear && year <= kMaxYear; }

DateParser DateParser::Iso() { return DateParser{}; }

DateParser DateParser::FromPattern(std::string_view pattern) {
  if (pattern == "iso" || pattern == "ISO" || pattern == "%Y-%m-%d") return Iso();
  DateParser parser;
  parser.iso_ = false;
  parser.description_ = std::string(pattern);
  bool has_year = false, has_month = false, has_day = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      parser.items_.push_back({Token::kLiteral, pattern[i]});
      continue;
    }
    if (i + 1 == pattern.size()) {
      throw Error(ErrorKind::kUsage, fmt::format("--date-format \"{}\": ends with a lone %", pattern));
    }
    switch (pattern[++i]) {
      case 'Y': parser.items_.push_back({Token::kYear, 0}); has_year = true; break;
      case 'y': parser.items_.push_back({Token::kShortYear, 0}); has_year = true; break;
      case 'm': parser.items_.push_back({Token::kMonth, 0}); has_month = true; break;
      case 'd': parser.items_.push_back({Token::kDay, 0}); has_day = true; break;
      case 'H': parser.items_.push_back({Token::kHour, 0}); break;
      case 'M': parser.items_.push_back({Token::kMinute, 0}); break;
      case 'S': parser.items_.push_back({Token::kSecond, 0}); break;
      case '%': parser.items_.push_back({Token::kLiteral, '%'}); break;
      default:
        throw Error(ErrorKind::kUsage,
                    fmt::format("--date-format \"{}\": unsupported directive %{}", pattern, pattern[i]))
            .Hint("supported: %Y %y %m %d %H %M %S %%, e.g. %Y%m%d, %d.%m.%Y, %m/%d/%Y, %m/%d/%y %H:%M");
    }
  }
  if (!has_year || !has_month || !has_day) {
    throw Error(ErrorKind::kUsage,
                fmt::format("--date-format \"{}\": needs %Y (or %y), %m and %d", pattern));
  }
  return parser;
}

DateStatus DateParser::ParseIso(std::string_view text, Day* day, int* y, unsigned* m,
                                unsigned* d) const {
  (void)day;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return DateStatus::kSyntax;
  for (size_t k : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[k])) return DateStatus::kSyntax;
  }
  if (!IsIsoTimeSuffix(text.substr(10))) return DateStatus::kSyntax;
  *y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  *m = static_cast<unsigned>((text[5] - '0') * 10 + (text[6] - '0'));
  *d = static_cast<unsigned>((text[8] - '0') * 10 + (text[9] - '0'));
  return DateStatus::kOk;
}

DateStatus DateParser::ParsePattern(std::string_view text, int* y, unsigned* m, unsigned* d) const {
  size_t pos = 0;
  // Day, month and time fields take 1 or 2 digits, or exactly 2 when packed.
  for (size_t k = 0; k < items_.size(); ++k) {
    const Item& item = items_[k];
    // A field beside another field ("%Y%m%d") has its full width: nothing separates them.
    const bool packed = (k + 1 < items_.size() && items_[k + 1].token != Token::kLiteral) ||
                        (k > 0 && items_[k - 1].token != Token::kLiteral);
    int v = 0;
    switch (item.token) {
      case Token::kLiteral:
        if (pos >= text.size() || text[pos] != item.literal) return DateStatus::kSyntax;
        ++pos;
        continue;
      case Token::kYear:
        if (!ReadNumber(text, &pos, 4, 4, &v)) return DateStatus::kSyntax;
        *y = v;
        continue;
      case Token::kShortYear:
        if (!ReadNumber(text, &pos, 2, 2, &v)) return DateStatus::kSyntax;
        *y = v < 69 ? 2000 + v : 1900 + v;
        continue;
      case Token::kMonth:
        if (!ReadNumber(text, &pos, packed ? 2 : 1, 2, &v)) return DateStatus::kSyntax;
        *m = static_cast<unsigned>(v);
        continue;
      case Token::kDay:
        if (!ReadNumber(text, &pos, packed ? 2 : 1, 2, &v)) return DateStatus::kSyntax;
        *d = static_cast<unsigned>(v);
        continue;
      case Token::kHour:
        if (!ReadNumber(text, &pos, packed ? 2 : 1, 2, &v) || v > 24) return DateStatus::kSyntax;
        continue;
      case Token::kMinute:
      case Token::kSecond:
        if (!ReadNumber(text, &pos, 2, 2, &v) || v > 60) return DateStatus::kSyntax;
        continue;
    }
  }
  return pos == text.size() ? DateStatus::kOk : DateStatus::kSyntax;
}

DateStatus DateParser::Parse(std::string_view text, Day* day) const {
  int y = 0;
  unsigned m = 0, d = 0;
  const DateStatus status = iso_ ? ParseIso(text, day, &y, &m, &d) : ParsePattern(text, &y, &m, &d);
  if (status != DateStatus::kOk) return status;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m) || y < 1) return DateStatus::kNoSuchDate;
  if (!IsAcceptedYear(y)) return DateStatus::kOutOfRange;
  *day = DaysFromCivil(y, m, d);
  return DateStatus::kOk;
}

std::string DateParser::SuggestPattern(std::string_view text) const {
  if (iso_) return "";  // ISO dates read an optional time part already
  bool has_time = false;
  for (const auto& item : items_) {
    has_time |= item.token == Token::kHour || item.token == Token::kMinute || item.token == Token::kSecond;
  }
  std::vector<std::string> dates = {description_};
  const size_t year = description_.find("%Y");
  if (year != std::string::npos) dates.push_back(std::string(description_).replace(year, 2, "%y"));
  for (const auto& date : dates) {
    std::vector<std::string> candidates;
    if (date != description_) candidates.push_back(date);
    if (!has_time) {
      for (const char* time : {" %H:%M", " %H:%M:%S", "T%H:%M", "T%H:%M:%S"}) candidates.push_back(date + time);
    }
    for (const auto& candidate : candidates) {
      Day day = 0;
      if (FromPattern(candidate).Parse(text, &day) == DateStatus::kOk) return candidate;
    }
  }
  return "";
}

std::string DateParser::Explain(std::string_view text) const {
  int y = 0;
  unsigned m = 0, d = 0;
  Day unused;
  const DateStatus status = iso_ ? ParseIso(text, &unused, &y, &m, &d) : ParsePattern(text, &y, &m, &d);
  if (status == DateStatus::kSyntax) {
    if (text.empty()) return fmt::format("empty date; expected a date like {}", description_);
    return fmt::format("cannot parse \"{}\" as a date; expected {}", Printable(text, 60),
                       iso_ ? std::string("YYYY-MM-DD (ISO 8601)") : description_);
  }
  if (m < 1 || m > 12) return fmt::format("\"{}\" is not a date: month {} does not exist", Printable(text, 60), m);
  if (y < 1) return fmt::format("\"{}\" is not a date: year {} is out of range", Printable(text, 60), y);
  if (d >= 1 && d <= DaysInMonth(y, m) && !IsAcceptedYear(y)) {
    return fmt::format("\"{}\" is outside the dates winnow accepts ({})", Printable(text, 60), AcceptedDateRange());
  }
  return fmt::format("\"{}\" is not a date: {}-{:02} has {} days", Printable(text, 60), y, m,
                     DaysInMonth(y, m));
}

}  // namespace winnow::core
