#include "core/date.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "test_util.h"

namespace winnow::core {
namespace {

using winnow::testing::ExpectError;

// Reference day numbers from Python: (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days.
constexpr Day k2024_03_01 = 19783;
constexpr Day k2024_02_29 = 19782;
constexpr Day k2000_03_01 = 11017;
constexpr Day k0001_01_01 = -719162;
constexpr Day k9999_12_31 = 2932896;

Day ParseOk(const DateParser& parser, const std::string& text) {
  Day day = -999999;
  EXPECT_EQ(parser.Parse(text, &day), DateStatus::kOk) << text;
  return day;
}

DateStatus Status(const DateParser& parser, const std::string& text) {
  Day day = 0;
  return parser.Parse(text, &day);
}

TEST(DaysFromCivil, MatchesReferenceDayNumbers) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2024, 3, 1), k2024_03_01);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), k2000_03_01);
  EXPECT_EQ(DaysFromCivil(1, 1, 1), k0001_01_01);
  EXPECT_EQ(DaysFromCivil(9999, 12, 31), k9999_12_31);
}

TEST(DateParserIso, ParsesPlainDates) {
  const DateParser iso = DateParser::Iso();
  EXPECT_EQ(ParseOk(iso, "2024-03-01"), k2024_03_01);
  EXPECT_EQ(ParseOk(iso, "1970-01-01"), 0);
  EXPECT_EQ(ParseOk(iso, "2000-03-01"), k2000_03_01);
  EXPECT_EQ(iso.description(), "YYYY-MM-DD");
}

TEST(DateParserIso, ReadsAndIgnoresTimeParts) {
  const DateParser iso = DateParser::Iso();
  for (const char* text : {"2024-03-01T10:20:30Z", "2024-03-01 10:20", "2024-03-01T10:20",
                           "2024-03-01T10:20:30", "2024-03-01T10:20:30.123", "2024-03-01T10:20:30+01:00",
                           "2024-03-01T23:59:59-0530", "2024-03-01T10"}) {
    EXPECT_EQ(ParseOk(iso, text), k2024_03_01) << text;
  }
}

TEST(DateParserIso, RejectsMalformedText) {
  const DateParser iso = DateParser::Iso();
  for (const char* text : {"", "2024", "2024-3-01", "2024/03/01", "20240301", "2024-03-01x",
                           "2024-03-01T", "2024-03-01T25:00", "2024-03-01T10:61", "2024-03-01T10:20Zjunk",
                           " 2024-03-01", "abcd-ef-gh"}) {
    EXPECT_EQ(Status(iso, text), DateStatus::kSyntax) << '"' << text << '"';
  }
}

TEST(DateParserIso, ImpossibleDatesAreNoSuchDate) {
  const DateParser iso = DateParser::Iso();
  EXPECT_EQ(Status(iso, "2023-02-30"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(iso, "2023-13-01"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(iso, "2023-00-10"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(iso, "2023-04-31"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(iso, "2023-04-00"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(iso, "0000-01-01"), DateStatus::kNoSuchDate);
}

TEST(DateParserIso, LeapDays) {
  const DateParser iso = DateParser::Iso();
  EXPECT_EQ(ParseOk(iso, "2024-02-29"), k2024_02_29);
  EXPECT_EQ(ParseOk(iso, "2000-02-29"), DaysFromCivil(2000, 2, 29));
  EXPECT_EQ(Status(iso, "2023-02-29"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(iso, "1900-02-29"), DateStatus::kNoSuchDate);  // divisible by 100, not by 400
  EXPECT_EQ(Status(iso, "2024-02-30"), DateStatus::kNoSuchDate);
}

TEST(DateParserPattern, CompactYearMonthDay) {
  const DateParser parser = DateParser::FromPattern("%Y%m%d");
  EXPECT_EQ(parser.description(), "%Y%m%d");
  EXPECT_EQ(ParseOk(parser, "20240301"), k2024_03_01);
  EXPECT_EQ(ParseOk(parser, "19970101"), DaysFromCivil(1997, 1, 1));
  EXPECT_EQ(Status(parser, "2024-03-01"), DateStatus::kSyntax);
  EXPECT_EQ(Status(parser, "202403011"), DateStatus::kSyntax);
  EXPECT_EQ(Status(parser, "20230230"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(parser, "20231301"), DateStatus::kNoSuchDate);
}

TEST(DateParserPattern, DayDotMonthDotYear) {
  const DateParser parser = DateParser::FromPattern("%d.%m.%Y");
  EXPECT_EQ(ParseOk(parser, "01.03.2024"), k2024_03_01);
  EXPECT_EQ(ParseOk(parser, "1.3.2024"), k2024_03_01);
  EXPECT_EQ(ParseOk(parser, "29.02.2024"), k2024_02_29);
  EXPECT_EQ(Status(parser, "29.02.2023"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(parser, "01/03/2024"), DateStatus::kSyntax);
  EXPECT_EQ(Status(parser, "01.03.24"), DateStatus::kSyntax);
}

TEST(DateParserPattern, MonthSlashDaySlashYear) {
  const DateParser parser = DateParser::FromPattern("%m/%d/%Y");
  EXPECT_EQ(ParseOk(parser, "03/01/2024"), k2024_03_01);
  EXPECT_EQ(ParseOk(parser, "3/1/2024"), k2024_03_01);
  EXPECT_EQ(ParseOk(parser, "12/31/2199"), DaysFromCivil(2199, 12, 31));
  EXPECT_EQ(Status(parser, "12/31/9999"), DateStatus::kOutOfRange);
  EXPECT_EQ(Status(parser, "13/01/2024"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(parser, "02/30/2023"), DateStatus::kNoSuchDate);
  EXPECT_EQ(Status(parser, "03/01/2024 "), DateStatus::kSyntax);
}

TEST(DateParserPattern, TimeDirectivesAreReadAndIgnored) {
  const DateParser parser = DateParser::FromPattern("%d.%m.%Y %H:%M:%S");
  EXPECT_EQ(ParseOk(parser, "01.03.2024 10:20:30"), k2024_03_01);
  EXPECT_EQ(Status(parser, "01.03.2024 10:20"), DateStatus::kSyntax);
}

TEST(DateParserPattern, SuggestsThePatternForATrailingTimeOrATwoDigitYear) {
  const DateParser us = DateParser::FromPattern("%m/%d/%Y");
  EXPECT_EQ(us.SuggestPattern("12/1/2010 8:26"), "%m/%d/%Y %H:%M");
  EXPECT_EQ(us.SuggestPattern("12/1/2010 08:26:59"), "%m/%d/%Y %H:%M:%S");
  EXPECT_EQ(DateParser::FromPattern("%d.%m.%Y").SuggestPattern("01.12.2010T08:26"), "%d.%m.%YT%H:%M");
  EXPECT_EQ(us.SuggestPattern("12/1/2010"), "");        // parses: nothing to suggest
  EXPECT_EQ(us.SuggestPattern("12/1/2010 noon"), "");   // not a time
  EXPECT_EQ(us.SuggestPattern("13/1/2010 8:26"), "");   // the date itself is bad
  EXPECT_EQ(us.SuggestPattern("12/1/2010 8"), "");      // an hour alone is no time of day
  EXPECT_EQ(DateParser::FromPattern("%m/%d/%Y %H:%M").SuggestPattern("12/1/2010 8:26:00"), "");
  EXPECT_EQ(DateParser::Iso().SuggestPattern("2010-12-01 8:26"), "");
  EXPECT_EQ(us.SuggestPattern("12/1/10"), "%m/%d/%y");
  EXPECT_EQ(us.SuggestPattern("12/1/10 8:26"), "%m/%d/%y %H:%M");
  Day day = 0;
  ASSERT_EQ(DateParser::FromPattern("%m/%d/%Y %H:%M").Parse("12/1/2010 8:26", &day), DateStatus::kOk);
  EXPECT_EQ(FormatDay(day), "2010-12-01");
}

TEST(DateParserPattern, TwoDigitYearsPivotAt69) {
  const DateParser parser = DateParser::FromPattern("%m/%d/%y %H:%M");
  EXPECT_EQ(FormatDay(ParseOk(parser, "12/1/10 8:26")), "2010-12-01");
  EXPECT_EQ(FormatDay(ParseOk(parser, "3/1/68 0:00")), "2068-03-01");
  EXPECT_EQ(FormatDay(ParseOk(parser, "3/1/69 0:00")), "1969-03-01");
  EXPECT_EQ(Status(parser, "12/1/2010 8:26"), DateStatus::kSyntax);
  EXPECT_EQ(FormatDay(ParseOk(DateParser::FromPattern("%y%m%d"), "240301")), "2024-03-01");
  EXPECT_EQ(DateParser::FromPattern("%m/%d/%y").SuggestPattern("12/1/10 8:26"), "%m/%d/%y %H:%M");
}

TEST(DateParserPattern, IsoAliasesGiveTheIsoParser) {
  for (const char* alias : {"iso", "ISO", "%Y-%m-%d"}) {
    const DateParser parser = DateParser::FromPattern(alias);
    EXPECT_EQ(parser.description(), "YYYY-MM-DD") << alias;
    EXPECT_EQ(ParseOk(parser, "2024-03-01T10:20:30Z"), k2024_03_01) << alias;
  }
}

TEST(DateParserPattern, UnsupportedPatternThrowsUsageError) {
  for (const char* pattern : {"%Y-%q-%d", "%Y%m", "%d.%m.", "%Y%m%d%", "%y%m"}) {
    SCOPED_TRACE(pattern);
    ExpectError([&] { DateParser::FromPattern(pattern); }, ErrorKind::kUsage,
                {.message_has = std::string("--date-format \"") + pattern + "\": "});
  }
}

TEST(DateParserPattern, UnsupportedDirectiveNamesItAndHints) {
  ExpectError([] { DateParser::FromPattern("%Y-%q-%d"); }, ErrorKind::kUsage,
              {.message = "--date-format \"%Y-%q-%d\": unsupported directive %q",
               .hint = "supported: %Y %y %m %d %H %M %S %%, e.g. %Y%m%d, %d.%m.%Y, %m/%d/%Y, %m/%d/%y %H:%M"});
  ExpectError([] { DateParser::FromPattern("%Y%m"); }, ErrorKind::kUsage,
              {.message = "--date-format \"%Y%m\": needs %Y (or %y), %m and %d"});
}

TEST(DateParserExplain, SaysWhatIsWrong) {
  const DateParser iso = DateParser::Iso();
  EXPECT_EQ(iso.Explain("2023-02-30"), "\"2023-02-30\" is not a date: 2023-02 has 28 days");
  EXPECT_EQ(iso.Explain("2024-02-30"), "\"2024-02-30\" is not a date: 2024-02 has 29 days");
  EXPECT_EQ(iso.Explain("2023-13-01"), "\"2023-13-01\" is not a date: month 13 does not exist");
  EXPECT_EQ(iso.Explain("2023-00-01"), "\"2023-00-01\" is not a date: month 0 does not exist");
  EXPECT_EQ(iso.Explain("0000-01-01"), "\"0000-01-01\" is not a date: year 0 is out of range");
  EXPECT_EQ(iso.Explain("9999-12-31"), "\"9999-12-31\" is outside the dates winnow accepts (1900-01-01 to 2199-12-31)");
  EXPECT_EQ(iso.Explain("01/03/2024"), "cannot parse \"01/03/2024\" as a date; expected YYYY-MM-DD (ISO 8601)");
  EXPECT_EQ(iso.Explain(""), "empty date; expected a date like YYYY-MM-DD");

  const DateParser dotted = DateParser::FromPattern("%d.%m.%Y");
  EXPECT_EQ(dotted.Explain("2024-03-01"), "cannot parse \"2024-03-01\" as a date; expected %d.%m.%Y");
  EXPECT_EQ(dotted.Explain("31.04.2024"), "\"31.04.2024\" is not a date: 2024-04 has 30 days");
  EXPECT_EQ(dotted.Explain(""), "empty date; expected a date like %d.%m.%Y");
}

TEST(DateParserExplain, ShowsControlCharactersEscaped) {
  const DateParser iso = DateParser::Iso();
  EXPECT_EQ(iso.Explain("2024\t03"), "cannot parse \"2024\\t03\" as a date; expected YYYY-MM-DD (ISO 8601)");
}

TEST(FormatDay, KnownValues) {
  EXPECT_EQ(FormatDay(0), "1970-01-01");
  EXPECT_EQ(FormatDay(-1), "1969-12-31");
  EXPECT_EQ(FormatDay(k2024_02_29), "2024-02-29");
  EXPECT_EQ(FormatDay(k0001_01_01), "0001-01-01");
  EXPECT_EQ(FormatDay(k9999_12_31), "9999-12-31");
}

TEST(FormatDay, RoundTripsThroughTheIsoParser) {
  const DateParser iso = DateParser::Iso();
  const DateParser compact = DateParser::FromPattern("%Y%m%d");
  const Day first = DaysFromCivil(1900, 1, 1);
  const Day last = DaysFromCivil(2101, 3, 1);
  std::string previous;
  for (Day day = first; day <= last; ++day) {
    const std::string text = FormatDay(day);
    ASSERT_EQ(text.size(), 10u);
    Day parsed = 0;
    ASSERT_EQ(iso.Parse(text, &parsed), DateStatus::kOk) << text;
    ASSERT_EQ(parsed, day) << text;
    // Zero-padded ISO text sorts like the days themselves.
    ASSERT_LT(previous, text);
    previous = text;
    const std::string packed = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
    ASSERT_EQ(compact.Parse(packed, &parsed), DateStatus::kOk) << packed;
    ASSERT_EQ(parsed, day) << packed;
  }
}

TEST(FormatDay, RoundTripsAtTheEndsOfTheAcceptedRange) {
  const DateParser iso = DateParser::Iso();
  const Day lo = DaysFromCivil(kMinYear, 1, 1), hi = DaysFromCivil(kMaxYear, 12, 31);
  for (Day day : {lo, lo + 1, hi - 1, hi}) {
    Day parsed = 0;
    ASSERT_EQ(iso.Parse(FormatDay(day), &parsed), DateStatus::kOk) << FormatDay(day);
    EXPECT_EQ(parsed, day);
  }
}

TEST(DateValidity, DaysInMonthAndIsValidDate) {
  EXPECT_EQ(DaysInMonth(2024, 2), 29u);
  EXPECT_EQ(DaysInMonth(2023, 2), 28u);
  EXPECT_EQ(DaysInMonth(2000, 2), 29u);
  EXPECT_EQ(DaysInMonth(1900, 2), 28u);
  EXPECT_EQ(DaysInMonth(2023, 4), 30u);
  EXPECT_EQ(DaysInMonth(2023, 12), 31u);
  EXPECT_TRUE(IsValidDate(2024, 2, 29));
  EXPECT_FALSE(IsValidDate(2023, 2, 29));
  EXPECT_FALSE(IsValidDate(2023, 13, 1));
  EXPECT_FALSE(IsValidDate(0, 1, 1));
  EXPECT_FALSE(IsValidDate(10000, 1, 1));
}

// Regression (issue 10): a log dated in year 9999 or year 1 sized day-by-day work over
// thousands of years; dates outside 1900-01-01..2199-12-31 are rejected in every input form.
TEST(DateParser, AcceptsOnlyTheDocumentedRange) {
  const DateParser iso = DateParser::Iso();
  EXPECT_EQ(ParseOk(iso, "1900-01-01"), DaysFromCivil(1900, 1, 1));
  EXPECT_EQ(ParseOk(iso, "2199-12-31T23:59:59Z"), DaysFromCivil(2199, 12, 31));
  for (const char* text : {"1899-12-31", "2200-01-01", "0001-01-01", "9999-12-31"}) {
    EXPECT_EQ(Status(iso, text), DateStatus::kOutOfRange) << text;
  }
  EXPECT_EQ(Status(iso, "9999-02-30"), DateStatus::kNoSuchDate);
  const DateParser dmy = DateParser::FromPattern("%d.%m.%Y");
  EXPECT_EQ(Status(dmy, "01.01.0001"), DateStatus::kOutOfRange);
  EXPECT_EQ(dmy.Explain("01.01.0001"), "\"01.01.0001\" is outside the dates winnow accepts (1900-01-01 to 2199-12-31)");
  EXPECT_EQ(AcceptedDateRange(), "1900-01-01 to 2199-12-31");
}

}  // namespace
}  // namespace winnow::core
