// Stage 10, evaluate: the truth file (segment::ReadTruth), the check of the rankings against it
// (segment::CheckAgainstTruth) and last year's revenue.
#include "project/stages/evaluate.h"

#include <gtest/gtest.h>

#include <limits>

#include "core/error.h"
#include "project/stages/stage_test_util.h"
#include "segment/evaluation.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
uint32_t RowOfLetter(std::string_view id) { return id.size() == 1 && id[0] >= 'A' && id[0] <= 'E' ? id[0] - 'A' : kNone; }

TEST(ReadTruth, RowsOfKnownCustomers) {
  TempDir dir;
  const std::string path = dir.Write("truth.csv", "customer_id,alive,future_purchases,future_revenue\n"
                                                  "B,1,3,30\nA,0,0,0\nZ,1,9,99\nD,1,1,12.5\n");
  const segment::Truth truth = segment::ReadTruth(path, RowOfLetter, 5);
  EXPECT_EQ(truth.future_revenue, std::vector<double>({0, 30, 0, 12.5, 0}));
  EXPECT_EQ(truth.alive, std::vector<int8_t>({0, 1, -1, 1, -1}));
}

TEST(ReadTruth, ABadNumberIsAnErrorAtItsField) {
  TempDir dir;
  const std::string path = dir.Write("truth.csv", "customer_id,alive,future_revenue\nA,1,ten\n");
  ExpectError([&] { segment::ReadTruth(path, RowOfLetter, 5); }, core::ErrorKind::kInput,
              {.rendered = path + ":2:3: column \"future_revenue\": cannot parse \"ten\" as a number"});
}

TEST(CheckAgainstTruth, CaptureSpearmanAndAliveAccuracy) {
  segment::Truth truth;
  truth.future_revenue = {100, 0, 50, 10, 0};
  truth.alive = {1, 0, 1, 1, -1};
  // Value ranks A, C, D, B, E, the realized order; the naive ranking is upside down.
  const std::vector<double> value = {9, 1, 8, 3, 0}, naive = {0, 9, 1, 5, 7};
  const std::vector<double> p_alive = {0.9, 0.2, 0.4, 0.7, 0.1};
  const segment::TruthCheck check = segment::CheckAgainstTruth(truth, 0.5, value, naive, p_alive);
  EXPECT_DOUBLE_EQ(check.realized_total, 80);
  // The top 20 % is one customer: A by value (50 of 80), B by the naive ranking (0).
  EXPECT_DOUBLE_EQ(check.by_value.top_capture, 50.0 / 80);
  EXPECT_DOUBLE_EQ(check.by_value.best_capture, 50.0 / 80);
  EXPECT_DOUBLE_EQ(check.naive.top_capture, 0);
  EXPECT_GT(check.by_value.spearman, 0.8);
  EXPECT_LT(check.naive.spearman, 0);
  // Known: A right, B right, C wrong (0.4 < 0.5 but alive), D right; E unknown.
  EXPECT_DOUBLE_EQ(check.alive_accuracy, 0.75);
}

TEST(EvaluateStage, NothingWithoutATruthFile) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  const std::vector<uint32_t> rows = in.CustomerOfLogRows();
  const std::vector<double> clv(in.customers(), 1), p_alive(in.customers(), 0.5);
  EXPECT_FALSE(Evaluate({&in, &rows, &clv, &p_alive, "", "", 365, 1, {}}).has_value());
}

TEST(EvaluateStage, LastYearRevenueIsTheRevenueOfTheLast365Days) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  const std::vector<double> last_year = LastYearRevenue(in, in.CustomerOfLogRows());
  // After 2024-11-20: A 100 + 130 + 95, B 50, C 310, F 12 + 10 + 11 + 12.
  EXPECT_DOUBLE_EQ(last_year[in.RowOf("A")], 325);
  EXPECT_DOUBLE_EQ(last_year[in.RowOf("B")], 50);
  EXPECT_DOUBLE_EQ(last_year[in.RowOf("C")], 310);
  EXPECT_DOUBLE_EQ(last_year[in.RowOf("D")], 0);
  EXPECT_DOUBLE_EQ(last_year[in.RowOf("E")], 0);
  EXPECT_DOUBLE_EQ(last_year[in.RowOf("F")], 45);
}

TEST(EvaluateStage, ChecksTheClvRankingAgainstTheTruth) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  const std::string truth = dir.Write("truth.csv", "customer_id,alive,future_revenue\nA,1,500\nB,1,100\nC,0,0\n"
                                                   "D,0,0\nE,0,0\nF,1,60\n");
  const std::vector<uint32_t> rows = in.CustomerOfLogRows();
  std::vector<double> clv(in.customers()), p_alive(in.customers());
  for (const auto& [id, v, p] : std::vector<std::tuple<std::string, double, double>>{
           {"A", 400, 0.9}, {"B", 90, 0.6}, {"C", 300, 0.3}, {"D", 1, 0.1}, {"E", 2, 0.2}, {"F", 50, 0.95}}) {
    clv[in.RowOf(id)] = v;
    p_alive[in.RowOf(id)] = p;
  }
  std::vector<std::string> said;
  const auto e = Evaluate({&in, &rows, &clv, &p_alive, truth, "truth.csv", 365, 0.5,
                           [&](const std::string& line) { said.push_back(line); }});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(said, std::vector<std::string>({"checking the value ranking against truth.csv"}));
  EXPECT_EQ(e->truth_file, "truth.csv");
  EXPECT_EQ(e->customers, 6u);
  EXPECT_DOUBLE_EQ(e->realized_total, 0.5 * 660);
  EXPECT_DOUBLE_EQ(e->alive_accuracy, 1.0);
  // Top 20 % of 6 is one customer: A by CLV (250 of 330); A by last year's revenue (325) too.
  EXPECT_DOUBLE_EQ(e->winnow.top_capture, 250.0 / 330);
  EXPECT_DOUBLE_EQ(e->naive.top_capture, 250.0 / 330);
}

}  // namespace
}  // namespace winnow::project
