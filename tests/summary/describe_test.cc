// What `winnow describe` tells about a log (summary/describe.h).
#include "summary/describe.h"

#include <gtest/gtest.h>

#include <string>

#include "summary/summary.h"
#include "summary/summary_test_util.h"

namespace winnow::summary {
namespace {

using testing::MakeLog;
using testing::Options;

TEST(Describe, RevenueSharesOfANonPositiveTotalAreZero) {
  const io::TransactionLog log = MakeLog({{"A", "2024-01-01", 10}, {"A", "2024-01-05", -50}, {"B", "2024-01-02", 5}});
  const CustomerSummary s = Summarize(log, Options());
  const Description d = Describe(log, s);
  EXPECT_EQ(d.revenue, -35);
  EXPECT_EQ(d.top1_share, 0);
  EXPECT_EQ(d.top20_share, 0);
  for (const std::string& text : {RenderText(d), RenderJson(d)}) {
    EXPECT_EQ(text.find("nan"), std::string::npos) << text;
    EXPECT_EQ(text.find("inf"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace winnow::summary
