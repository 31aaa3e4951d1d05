#include "io/number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "test_util.h"

namespace winnow::io {
namespace {

struct Parsed {
  NumberStatus status;
  double value;
};

Parsed Parse(const std::string& text, bool decimal_comma = false) {
  double value = -12345.678;  // left alone unless parsing succeeds
  const NumberStatus status = ParseAmount(text, decimal_comma, &value);
  return {status, value};
}

void ExpectValue(const std::string& text, double expected, bool decimal_comma = false) {
  const Parsed p = Parse(text, decimal_comma);
  EXPECT_EQ(p.status, NumberStatus::kOk) << '"' << text << '"';
  EXPECT_EQ(p.value, expected) << '"' << text << '"';
}

void ExpectStatus(const std::string& text, NumberStatus expected, bool decimal_comma = false) {
  EXPECT_EQ(Parse(text, decimal_comma).status, expected) << '"' << text << '"';
}

TEST(ParseAmount, PlainDecimals) {
  ExpectValue("12.5", 12.5);
  ExpectValue("-3", -3.0);
  ExpectValue("+4", 4.0);
  ExpectValue("0", 0.0);
  ExpectValue(".5", 0.5);
  ExpectValue("29.33", 29.33);
  ExpectValue(" 12.5\t", 12.5);  // blanks around the number are fine
}

TEST(ParseAmount, Exponents) {
  ExpectValue("1e3", 1000.0);
  ExpectValue("1E3", 1000.0);
  ExpectValue("-2.5e-2", -0.025);
  ExpectValue("1e308", 1e308);
}

TEST(ParseAmount, IsCorrectlyRounded) {
  // 0.1 is not representable; the parser must give the nearest double, the same as the literal.
  ExpectValue("0.1", 0.1);
  ExpectValue("0.3", 0.3);
  ExpectValue("123456.789", 123456.789);
  ExpectValue("9007199254740993", 9007199254740992.0);  // 2^53 + 1 rounds to even
  ExpectValue("0.30000000000000004", 0.30000000000000004);
}

TEST(ParseAmount, ThousandsSeparators) {
  ExpectValue("1,234.56", 1234.56);
  ExpectValue("1,234", 1234.0);
  ExpectValue("-12,345,678.9", -12345678.9);
  ExpectValue("999,999", 999999.0);
}

TEST(ParseAmount, RejectsBadGrouping) {
  ExpectStatus("1,23", NumberStatus::kSyntax);
  ExpectStatus("1,2345", NumberStatus::kSyntax);
  ExpectStatus("1234,567", NumberStatus::kSyntax);
  ExpectStatus(",123", NumberStatus::kSyntax);
  ExpectStatus("1,,234", NumberStatus::kSyntax);
  ExpectStatus("1,234.5,6", NumberStatus::kSyntax);
  ExpectStatus("1,234,", NumberStatus::kSyntax);
}

TEST(ParseAmount, DecimalCommaWithoutTheOptionIsRejected) {
  ExpectStatus("12,5", NumberStatus::kSyntax);
  ExpectStatus("1.234,56", NumberStatus::kSyntax);
}

TEST(ParseAmount, DecimalComma) {
  ExpectValue("1.234,56", 1234.56, true);
  ExpectValue("12,5", 12.5, true);
  ExpectValue("-0,1", -0.1, true);
  ExpectValue("1.234.567", 1234567.0, true);
  ExpectValue("7", 7.0, true);
  ExpectStatus("1.23", NumberStatus::kSyntax, true);
  ExpectStatus("1,234.56", NumberStatus::kSyntax, true);
  ExpectStatus("1,2,3", NumberStatus::kSyntax, true);
}

TEST(ParseAmount, NonFiniteValuesAreNamed) {
  for (const char* text : {"nan", "NaN", "inf", "-inf", "+inf", "Infinity", "1e400", "-1e400"}) {
    ExpectStatus(text, NumberStatus::kNotFinite);
  }
}

TEST(ParseAmount, SyntaxErrors) {
  for (const char* text : {"", " ", "abc", "1.2.3", "-", "+", "12.5x", "1e", "0x10", "$12", "12 5", "--3",
                           "nanx", "in"}) {
    ExpectStatus(text, NumberStatus::kSyntax);
  }
}

TEST(ParseAmount, RejectsTwoSigns) {
  ExpectStatus("+-3", NumberStatus::kSyntax);
}

TEST(ParseAmount, UnderflowIsFiniteZero) {
  ExpectValue("1e-400", 0.0);
  ExpectValue("-1e-400", -0.0);
}

TEST(ParseAmount, SubnormalsAreParsed) {
  ExpectValue("4.9e-324", 4.9e-324);
  ExpectValue("2e-320", 2e-320);
}

TEST(ParseAmount, FailureLeavesTheOutputAlone) {
  double value = 42.0;
  EXPECT_EQ(ParseAmount("abc", false, &value), NumberStatus::kSyntax);
  EXPECT_EQ(value, 42.0);
  EXPECT_EQ(ParseAmount("nan", false, &value), NumberStatus::kNotFinite);
  EXPECT_EQ(value, 42.0);
}

// Fixed seed: the same inputs each run. The fast path (<= 15 digits) and the from_chars path
// (longer mantissas, large values) must both agree exactly with strtod.
TEST(ParseAmount, AgreesWithStrtodOnRandomFormattedValues) {
  std::mt19937_64 engine(20240301);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> exponent(-8, 16);
  char buffer[512];
  int checked = 0;
  for (int k = 0; k < 200000; ++k) {
    double x = unit(engine) * std::pow(10.0, exponent(engine));
    if (k % 2 == 1) x = -x;
    for (const char* format : {"%.2f", "%.6f"}) {
      std::snprintf(buffer, sizeof buffer, format, x);
      const double expected = std::strtod(buffer, nullptr);
      double value = 0;
      ASSERT_EQ(ParseAmount(buffer, false, &value), NumberStatus::kOk) << buffer;
      ASSERT_EQ(value, expected) << buffer;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 400000);
}

TEST(ParseAmount, DecimalCommaAgreesWithStrtodOnRandomValues) {
  std::mt19937_64 engine(7);
  std::uniform_real_distribution<double> amount(0.0, 1e6);
  char buffer[64];
  for (int k = 0; k < 50000; ++k) {
    std::snprintf(buffer, sizeof buffer, "%.2f", amount(engine));
    const double expected = std::strtod(buffer, nullptr);
    std::string comma(buffer);
    comma[comma.find('.')] = ',';
    double value = 0;
    ASSERT_EQ(ParseAmount(comma, true, &value), NumberStatus::kOk) << comma;
    ASSERT_EQ(value, expected) << comma;
  }
}

}  // namespace
}  // namespace winnow::io
