// Amount parsing for transaction logs: plain decimals ("12.5", "-3", "1e3"), optional thousands
// separators in valid groups of three ("1,234.56"), and with decimal_comma the European form
// ("1.234,56", "12,5"). NaN and infinities are rejected: an amount must be a finite number.
#pragma once

#include <string_view>

namespace winnow::io {

enum class NumberStatus { kOk, kSyntax, kNotFinite };

NumberStatus ParseAmount(std::string_view text, bool decimal_comma, double* value);

}  // namespace winnow::io
