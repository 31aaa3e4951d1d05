// Stage 14, the plausibility guard.
#include "project/stages/check.h"

#include <gtest/gtest.h>

#include <limits>

#include "core/error.h"
#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;

value::CustomerValues Plain(size_t n) {
  value::CustomerValues v;
  v.expected_purchases.assign(n, 2);
  v.p_alive.assign(n, 0.7);
  v.dert.assign(n, 2);
  v.expected_spend.assign(n, 50);
  v.clv.assign(n, 100);
  v.annual_revenue.assign(n, 40);
  v.expected_next.assign(n, 0.5);
  v.expected_gap.assign(n, 10);
  return v;
}

TEST(CheckStage, PlausibleResultsPass) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  const value::CustomerValues v = Plain(in.customers());
  const Checked checked = CheckResults({&in, &v, 600, {0.5, 0.3, 0.2}, {"A", "B", "C"}, false});
  EXPECT_EQ(checked.section.flagged, 0u);
  EXPECT_TRUE(checked.notes.empty());
  EXPECT_EQ(checked.plausibility.implausible, std::vector<uint8_t>(in.customers(), 0));
}

TEST(CheckStage, ANumberThatCannotBeRightStopsTheRun) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  value::CustomerValues v = Plain(in.customers());
  v.clv[in.RowOf("C")] = -5;
  const std::string failed = "the results fail the plausibility guard, nothing written:\n"
                             "  clv is negative or not finite for 1 customers (first: customer \"C\": -5)\n";
  ExpectError([&] { CheckResults({&in, &v, 600, {0.5, 0.3, 0.2}, {"A", "B", "C"}, false}); }, core::ErrorKind::kInput,
              {.rendered = failed + "hint: please report this with the log: the model's predictions are out of range"});
  ExpectError([&] { CheckResults({&in, &v, 600, {0.5, 0.3, 0.2}, {"A", "B", "C"}, true}); }, core::ErrorKind::kInput,
              {.rendered = failed + "hint: see the warnings about the fit: a degenerate model predicts without bounds"});
}

TEST(CheckStage, AnImplausibleRevenueIsFlaggedWithANote) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  value::CustomerValues v = Plain(in.customers());
  v.annual_revenue[in.RowOf("D")] = 1e6;  // D spent 20 once
  const Checked checked = CheckResults({&in, &v, 600, {0.5, 0.3, 0.2}, {"A", "B", "C"}, false});
  EXPECT_EQ(checked.section.flagged, 1u);
  EXPECT_DOUBLE_EQ(checked.section.flagged_clv, 100);
  EXPECT_EQ(checked.plausibility.implausible[in.RowOf("D")], 1);
  ASSERT_EQ(checked.notes.size(), 1u);
  EXPECT_EQ(checked.notes[0].rfind("1 customers have an implausible predicted revenue", 0), 0u) << checked.notes[0];
  EXPECT_NE(checked.notes[0].find("\"D\" predicted 1e+06 a year"), std::string::npos) << checked.notes[0];
}

TEST(CheckStage, ATierShareOutsideTheRangeStopsTheRun) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  const value::CustomerValues v = Plain(in.customers());
  ExpectError([&] { CheckResults({&in, &v, 600, {1.5, -0.3, 0.2}, {"A", "B", "C"}, false}); }, core::ErrorKind::kInput,
              {.rendered = "the results fail the plausibility guard, nothing written:\n"
                           "  tier A holds 150 % of the value, outside 0..100 %\n"
                           "  tier B holds -30 % of the value, outside 0..100 %\n"
                           "hint: please report this with the log: the model's predictions are out of range"});
}

}  // namespace
}  // namespace winnow::project
