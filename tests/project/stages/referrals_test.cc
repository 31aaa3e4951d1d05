// Stage 5, referrals: the referrals log read against the customers (value::ReadReferrals) and the
// total value.
#include "project/stages/referrals.h"

#include <gtest/gtest.h>

#include <limits>

#include "core/error.h"
#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::D;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Rows 0..3 for A..D; others unknown.
uint32_t RowOfLetter(std::string_view id) { return id.size() == 1 && id[0] >= 'A' && id[0] <= 'D' ? id[0] - 'A' : kNone; }

value::ReferralLog Read(const TempDir& dir, const std::string& rows) {
  const std::string path = dir.Write("referrals.csv", "referrer_id,referred_id,date\n" + rows);
  return value::ReadReferrals(path, "iso", D("2025-06-30"), RowOfLetter, 4);
}

TEST(ReadReferrals, ReadsRowsOfKnownCustomers) {
  TempDir dir;
  const value::ReferralLog log = Read(dir, "A,B,2024-03-01\nA,C,2024-04-01\nC,D,2025-01-01\n");
  EXPECT_EQ(log.referrals.referrer, std::vector<uint32_t>({0, 0, 2}));
  EXPECT_EQ(log.referrals.referred, std::vector<uint32_t>({1, 2, 3}));
  EXPECT_EQ(log.skipped, 0u);
}

TEST(ReadReferrals, LeavesOutLateReferralsAndUnknownCustomers) {
  TempDir dir;
  const value::ReferralLog log = Read(dir, "A,B,2025-07-01\nA,Z,2024-04-01\nZ,C,2024-04-01\nA,D,2025-06-30\n");
  EXPECT_EQ(log.referrals.referred, std::vector<uint32_t>({3}));
  EXPECT_EQ(log.skipped, 3u);
}

TEST(ReadReferrals, ASelfReferralIsAnErrorAtItsField) {
  TempDir dir;
  ExpectError([&] { Read(dir, "A,B,2024-03-01\nC,C,2024-04-01\n"); }, core::ErrorKind::kInput,
              {.rendered = dir.File("referrals.csv") + ":3:2: column \"referred_id\": customer \"C\" refers itself"});
}

TEST(ReadReferrals, ACustomerReferredTwiceIsAnError) {
  TempDir dir;
  ExpectError([&] { Read(dir, "A,B,2024-03-01\nC,B,2024-04-01\n"); }, core::ErrorKind::kInput,
              {.rendered = dir.File("referrals.csv") +
                           ":3:2: column \"referred_id\": customer \"B\" is referred twice (first on line 2)"});
}

TEST(ReadReferrals, ABadDateIsAnErrorAtItsField) {
  TempDir dir;
  ExpectError([&] { Read(dir, "A,B,2024-13-01\n"); }, core::ErrorKind::kInput,
              {.rendered = dir.File("referrals.csv") + ":2:3: column \"date\": cannot parse \"2024-13-01\" as a date: "
                                                       "\"2024-13-01\" is not a date: month 13 does not exist"});
}

TEST(ReadReferrals, AMissingColumnIsAnError) {
  TempDir dir;
  const std::string path = dir.Write("referrals.csv", "referrer_id,date\nA,2024-03-01\n");
  ExpectError([&] { value::ReadReferrals(path, "iso", D("2025-06-30"), RowOfLetter, 4); }, core::ErrorKind::kInput,
              {.rendered = path + ":1: no column \"referred_id\" in the header; found referrer_id, date\n"
                                  "hint: did you mean \"referrer_id\"?"});
}

TEST(ReferralsStage, ValueIsClvAndReferralValueStandsBesideIt) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  const size_t n = in.customers();
  value::CustomerValues values;
  values.clv.assign(n, 100);
  values.p_alive.assign(n, 0.8);
  const std::string path = dir.Write("referrals.csv", "referrer_id,referred_id,date\nA,B,2024-01-20\nA,C,2024-03-20\n"
                                                      "F,D,2024-05-01\nA,E,2026-01-01\nZ,E,2024-01-01\n");
  const Referrals r = ComputeReferrals({&in, &values, path, "iso", 0.2, false, 0.5, 52, 0});
  EXPECT_EQ(r.section.referrals, 3u);
  EXPECT_EQ(r.section.skipped, 2u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].rfind("2 referrals left out", 0), 0u);
  EXPECT_EQ(r.value, values.clv);  // rank_by = "clv": the referral value is not added
  const Referrals with = ComputeReferrals({&in, &values, path, "iso", 0.2, true, 0.5, 52, 0});
  for (size_t i = 0; i < n; ++i) {
    EXPECT_DOUBLE_EQ(with.value[i], 100 + r.values.total[i]);  // rank_by = "clv+referral"
  }
  EXPECT_EQ(r.values.referrals[in.RowOf("A")], 2u);
  EXPECT_EQ(r.values.referrals[in.RowOf("F")], 1u);
  // A's referred customers B and C have brought margin x revenue so far (history) and have their CLV
  // to come, of which the incremental share 0.2 is A's.
  EXPECT_DOUBLE_EQ(r.values.realized[in.RowOf("A")], 0.5 * (150 + 610));
  EXPECT_DOUBLE_EQ(r.values.referred[in.RowOf("A")], 0.2 * 200);
  EXPECT_DOUBLE_EQ(r.values.total[in.RowOf("A")], r.values.referred[in.RowOf("A")] + r.values.future[in.RowOf("A")]);
  EXPECT_GT(r.values.total[in.RowOf("A")], r.values.total[in.RowOf("F")]);
  // B referred nobody: its referral value is the future referrals of the population's rate.
  EXPECT_EQ(r.values.realized[in.RowOf("B")], 0);
  EXPECT_EQ(r.values.referred[in.RowOf("B")], 0);
  EXPECT_GT(r.values.future[in.RowOf("B")], 0);
  EXPECT_DOUBLE_EQ(r.values.total[in.RowOf("B")], r.values.future[in.RowOf("B")]);
}

TEST(ReferralsStage, WithoutALogNobodyHasReferralValue) {
  TempDir dir;
  const ProjectConfig config = TinyProject(dir, kSixCustomers);
  const Ingested in = Ingest({&config, {}});
  value::CustomerValues values;
  values.clv.assign(in.customers(), 7);
  values.p_alive.assign(in.customers(), 0.5);
  const Referrals r = ComputeReferrals({&in, &values, "", "iso", 0.2, true, 1, 52, 0});
  EXPECT_EQ(r.section.referrals, 0u);
  EXPECT_TRUE(r.notes.empty());
  EXPECT_EQ(r.value, std::vector<double>(in.customers(), 7));
}

}  // namespace
}  // namespace winnow::project
