#include "io/number.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <string>

namespace winnow::io {

namespace {

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Digits with at most one decimal point and at most 15 digits in all: the mantissa is exact in
// a double and so is 10^k (k <= 22), so one IEEE division gives the correctly rounded value
// (Clinger 1990, "How to read floating point numbers accurately", the fast path).
bool FastPath(std::string_view s, char point, double* value) {
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) negative = s[pos++] == '-';
  uint64_t mantissa = 0;
  int digits = 0;
  int fraction_digits = 0;
  bool seen_point = false;
  for (; pos < s.size(); ++pos) {
    const char c = s[pos];
    if (IsDigit(c)) {
      mantissa = mantissa * 10 + static_cast<uint64_t>(c - '0');
      ++digits;
      fraction_digits += seen_point ? 1 : 0;
    } else if (c == point && !seen_point) {
      seen_point = true;
    } else {
      return false;
    }
  }
  if (digits == 0 || digits > 15 || (seen_point && fraction_digits == 0)) return false;
  const double v = static_cast<double>(mantissa) / kPow10[fraction_digits];
  *value = negative ? -v : v;
  return true;
}

// Removes thousands separators `group` when they split the integer part into valid groups of
// three digits, and turns the decimal mark into '.'. Returns false for malformed grouping.
bool Normalize(std::string_view s, char group, char point, std::string* out) {
  out->clear();
  size_t pos = 0;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) out->push_back(s[pos++]);
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) return false;
  const size_t int_begin = pos;
  size_t int_end = s.find(point, pos);
  if (int_end == std::string_view::npos) int_end = s.size();
  const std::string_view integer = s.substr(int_begin, int_end - int_begin);
  if (integer.find(group) != std::string_view::npos) {
    size_t first = integer.find(group);
    if (first == 0 || first > 3) return false;
    for (size_t k = 0; k < integer.size(); ++k) {
      const bool at_group = k >= first && (k - first) % 4 == 0;
      if (at_group != (integer[k] == group)) return false;
      if (!at_group && !IsDigit(integer[k])) return false;
    }
    if ((integer.size() - first) % 4 != 0) return false;
    for (char c : integer) {
      if (c != group) out->push_back(c);
    }
  } else {
    out->append(integer);
  }
  if (int_end < s.size()) {
    out->push_back('.');
    const std::string_view rest = s.substr(int_end + 1);
    if (rest.find(group) != std::string_view::npos || rest.find(point) != std::string_view::npos) return false;
    out->append(rest);
  }
  return true;
}

}  // namespace

NumberStatus ParseAmount(std::string_view text, bool decimal_comma, double* value) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const char point = decimal_comma ? ',' : '.';
  const char group = decimal_comma ? '.' : ',';
  if (FastPath(text, point, value)) return NumberStatus::kOk;
  if (text.empty()) return NumberStatus::kSyntax;

  std::string normalized;
  if (!Normalize(text, group, point, &normalized)) return NumberStatus::kSyntax;
  std::string_view s = normalized;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return NumberStatus::kSyntax;
  // from_chars would read "nan", "inf" and "infinity": name them as what they are.
  const char first = static_cast<char>(s.front() == '-' && s.size() > 1 ? s[1] : s.front());
  if (first == 'n' || first == 'N' || first == 'i' || first == 'I') {
    double probe = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), probe);
    return ec == std::errc() && ptr == s.data() + s.size() ? NumberStatus::kNotFinite : NumberStatus::kSyntax;
  }
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    // Too large (overflow) is not finite; too small (underflow) reads as 0 or a subnormal.
    const double rounded = std::strtod(std::string(s).c_str(), nullptr);
    if (!std::isfinite(rounded)) return NumberStatus::kNotFinite;
    *value = rounded;
    return NumberStatus::kOk;
  }
  if (ec != std::errc() || ptr != s.data() + s.size()) return NumberStatus::kSyntax;
  *value = v;
  return NumberStatus::kOk;
}

}  // namespace winnow::io
