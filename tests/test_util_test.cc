// ExpectError (test_util.h) fails, at the caller's line and with the whole error, for every fact
// that differs: nothing thrown, another exception, the kind, each text and each part of the
// position; and passes when all agree.
#include "test_util.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/error.h"

namespace winnow::testing {
namespace {

using core::Error;
using core::ErrorKind;

// orders.csv:3:2: column "amount": cannot parse "x" as a number, its line and a hint.
void ThrowBadAmount() {
  throw Error(ErrorKind::kInput, "cannot parse \"x\" as a number")
      .At("orders.csv", 3, 2)
      .Field("amount")
      .Excerpt("A,x")
      .Hint("amounts like 1.234,56 need --decimal-comma");
}

TEST(ExpectError, PassesWhenEveryFactAgreesAndReturnsTheError) {
  const Error e = ExpectError(ThrowBadAmount, ErrorKind::kInput,
                              {.rendered = "orders.csv:3:2: column \"amount\": cannot parse \"x\" as a number\n"
                                           "  3 | A,x\n"
                                           "hint: amounts like 1.234,56 need --decimal-comma",
                               .headline = "orders.csv:3:2: column \"amount\": cannot parse \"x\" as a number",
                               .message = "cannot parse \"x\" as a number",
                               .message_has = "parse",
                               .rendered_has = "  3 | A,x",
                               .file = "orders.csv",
                               .line = 3,
                               .column = 2,
                               .field = "amount",
                               .excerpt = "A,x",
                               .hint = "amounts like 1.234,56 need --decimal-comma"});
  EXPECT_EQ(e.excerpt(), "A,x");
}

TEST(ExpectError, FailsWhenNothingIsThrown) {
  EXPECT_NONFATAL_FAILURE(ExpectError([] {}, ErrorKind::kInput), "expected a core::Error (input), nothing was thrown");
}

TEST(ExpectError, FailsForAnotherException) {
  EXPECT_NONFATAL_FAILURE(ExpectError([] { throw std::runtime_error("boom"); }, ErrorKind::kIo),
                          "expected a core::Error (io), got a std::exception: boom");
}

TEST(ExpectError, FailsForAnotherKindShowingTheError) {
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kUsage),
                          "the error's kind is not the expected one\n  expected: \"usage\"\n    actual: \"input\"\n"
                          "the error (input):\norders.csv:3:2: column \"amount\": cannot parse \"x\" as a number");
}

TEST(ExpectError, FailsForEachTextThatDiffers) {
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.rendered = "cannot parse"}),
                          "the error's rendered text is not the expected one");
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.headline = "cannot parse \"x\" as a number"}),
                          "the error's headline is not the expected one");
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.message = "cannot parse"}),
                          "the error's message is not the expected one");
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.message_has = "orders.csv"}),
                          "  expected: \"...orders.csv...\"");  // the position is not part of the message
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.rendered_has = "--decimal-point"}),
                          "the error's rendered text is not the expected one");
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.hint = "amounts"}),
                          "the error's hint is not the expected one");
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.field = "date"}),
                          "the error's field is not the expected one");
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.excerpt = "A,y"}),
                          "the error's excerpt is not the expected one");
}

TEST(ExpectError, FailsForEachPartOfThePosition) {
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.file = "other.csv"}),
                          "the error's file is not the expected one");
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.line = 4}),
                          "the error's line is not the expected one\n  expected: \"4\"\n    actual: \"3\"");
  EXPECT_NONFATAL_FAILURE(ExpectError(ThrowBadAmount, ErrorKind::kInput, {.column = 1}),
                          "the error's column is not the expected one\n  expected: \"1\"\n    actual: \"2\"");
}

// The failure points at the test's line, not at test_util.h.
TEST(ExpectError, ReportsTheCallersLine) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    ExpectError([] {}, ErrorKind::kFit);
  }
  const int call_line = __LINE__ - 2;
  ASSERT_EQ(results.size(), 1);
  EXPECT_EQ(results.GetTestPartResult(0).line_number(), call_line);
  EXPECT_NE(std::string(results.GetTestPartResult(0).file_name()).find("test_util_test.cc"), std::string::npos);
}

}  // namespace
}  // namespace winnow::testing
