// Stage 1, ingest: the log, its periods and the customer rows.
#include "project/stages/ingest.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"
#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::D;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;

TEST(IngestStage, PeriodsFromTheLog) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  EXPECT_EQ(in.period.first_purchase, D("2024-01-05"));
  EXPECT_EQ(in.period.observation_end, D("2025-11-20"));  // the last purchase
  // Default holdout: a third of the 685 days, rounded: 228 days.
  EXPECT_EQ(in.period.calibration_end, D("2025-11-20") - 228);
  EXPECT_EQ(in.period.unit, summary::TimeUnit::kWeek);
  EXPECT_EQ(in.period.unit_days, 7);
  EXPECT_EQ(in.calibration_options.calibration_end, in.period.calibration_end);
  EXPECT_EQ(in.full_options.observation_end, in.period.observation_end);
  EXPECT_EQ(in.paths, std::vector<std::string>({dir.File("orders.csv")}));
}

TEST(IngestStage, OneRowPerCustomerFoundByItsId) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  ASSERT_EQ(in.customers(), 6u);
  ASSERT_EQ(in.summary.size(), 6u);
  for (const char* id : {"A", "B", "C", "D", "E", "F"}) {
    const uint32_t row = in.RowOf(id);
    ASSERT_NE(row, kNoRow) << id;
    EXPECT_EQ(in.ids[row], id);
  }
  EXPECT_EQ(in.RowOf("Z"), kNoRow);
  EXPECT_EQ(in.summary.frequency[in.RowOf("A")], 6u);
  EXPECT_EQ(in.summary.frequency[in.RowOf("D")], 0u);
  EXPECT_DOUBLE_EQ(in.summary.total_revenue[in.RowOf("C")], 610);
  EXPECT_TRUE(in.notes.empty());
}

TEST(IngestStage, RowsAfterTheObservationEndBelongToNoCustomer) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers, "[period]\nobservation_end = 2024-12-31\n");
  const Ingested in = Ingest({&config, {}});
  EXPECT_EQ(in.period.observation_end, D("2024-12-31"));
  const std::vector<uint32_t> customer = in.CustomerOfLogRows();
  ASSERT_EQ(customer.size(), in.log.rows());
  // 2025 rows: A 3, B 1, C 1, F 4.
  EXPECT_EQ(std::count(customer.begin(), customer.end(), kNoRow), 9);
  for (size_t r = 0; r < customer.size(); ++r) {
    if (customer[r] != kNoRow) {
      EXPECT_EQ(in.ids[customer[r]], in.log.ids.Get(in.log.customer[r]));
    }
  }
}

TEST(IngestStage, ACalibrationEndOutsideTheLogIsAConfigError) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers, "[period]\ncalibration_end = 2023-06-01\n");
  ExpectError([&] { Ingest({&config, {}}); }, core::ErrorKind::kConfig,
              {.rendered = dir.File("winnow.toml") +
                           ": the calibration end 2023-06-01 must fall between the first purchase (2024-01-05) and the "
                           "observation end (2025-11-20): set period.calibration_end or period.holdout"});
}

TEST(IngestStage, ALogOfBadRowsOnlyIsAnInputError) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, "G,2024-02-30,5\n", "on_bad_row = \"skip\"\n");
  ExpectError([&] { Ingest({&config, {}}); }, core::ErrorKind::kInput,
              {.rendered = dir.File("orders.csv") + ": no transactions: the input has no data rows\nhint: all 1 data "
                                                    "rows were bad and skipped; the first: " +
                           dir.File("orders.csv") + ":2:2: column \"date\": \"2024-02-30\" is not a date: 2024-02 has 29 days"});
}

TEST(IngestStage, AnEmptyLogIsTheReadersError) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, "");
  ExpectError([&] { Ingest({&config, {}}); }, core::ErrorKind::kInput,
              {.rendered = dir.File("orders.csv") + ": no transactions: the input has no data rows"});
}

TEST(IngestStage, SkippedRowsAreCountedByReasonWithANote) {
  TempDir dir;
  const ProjectConfig config =
      TinyProject(dir, std::string(kSixCustomers) + "G,2024-02-30,5\n", "on_bad_row = \"skip\"\n");
  std::vector<std::string> said;
  const Ingested in = Ingest({&config, [&](const std::string& line) { said.push_back(line); }});
  EXPECT_EQ(in.customers(), 6u);
  EXPECT_EQ(in.skipped_rows, 1u);
  ASSERT_EQ(in.skipped_by_reason.size(), 1u);
  EXPECT_EQ(in.skipped_by_reason[0].rows, 1u);
  ASSERT_EQ(in.skipped_by_reason[0].examples.size(), 1u);
  EXPECT_NE(in.skipped_by_reason[0].examples[0].find("G,2024-02-30,5"), std::string::npos);
  ASSERT_EQ(in.notes.size(), 1u);
  EXPECT_EQ(in.notes[0].rfind("skipped 1 bad rows of the log: 1 " + in.skipped_by_reason[0].reason, 0), 0u)
      << in.notes[0];
  ASSERT_FALSE(said.empty());
  EXPECT_EQ(said.front(), "reading " + dir.File("orders.csv"));
  EXPECT_EQ(said.back(), "23 rows, 6 customers, 2024-01-05 to 2025-11-20");
}

}  // namespace
}  // namespace winnow::project
