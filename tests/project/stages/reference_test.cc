// Stage 9, reference customers: segments and the loyal customers of each.
#include "project/stages/reference.h"

#include <gtest/gtest.h>

#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::kSixCustomers;
using testing::TinyProject;
using winnow::testing::TempDir;

struct Fixture {
  TempDir dir;
  ProjectConfig config;
  Ingested in;
  AccountLinks links;
  std::vector<uint32_t> rows;
  segment::GapStats gaps;
  std::vector<double> p_alive;
  std::vector<uint8_t> tier;
  explicit Fixture(bool table) {
    dir.Write("customers.csv", "customer_id,type\nA,hospital\nF,hospital\nB,pharmacy\n");
    config = TinyProject(dir, kSixCustomers, table ? "customers = \"customers.csv\"\n" : "");
    in = Ingest({&config, {}});
    const std::vector<double> revenue(in.customers(), 1);
    links = LinkAccounts({&in, &revenue, table ? config.Resolve(config.customers) : "", config.customers, "", false});
    rows = in.CustomerOfLogRows();
    gaps = segment::ComputeGapStats(in.customers(), rows, in.log.day, in.log.amount);
    p_alive.assign(in.customers(), 0.95);
    tier.assign(in.customers(), 0);
  }
  ReferenceList Find(std::vector<std::string> segment_by, bool table) {
    segment::ReferenceOptions o;
    o.min_tenure_days = 300;
    o.min_purchases = 4;
    o.max_gap_cv = 1;
    return FindReferences({&in, &links, &gaps, &p_alive, &tier, {"A", "B", "C"}, segment_by, table, o, {}});
  }
};

TEST(ReferenceStage, LoyalCustomersPerSegment) {
  Fixture f(true);
  const ReferenceList refs = f.Find({"type"}, true);
  EXPECT_TRUE(refs.notes.empty());
  // Loyal: at least 4 purchases over at least 300 days with regular gaps: A and F, both hospitals.
  ASSERT_EQ(refs.customers.size(), 2u);
  for (const auto& c : refs.customers) {
    EXPECT_EQ(c.segment, "hospital");
    const std::string& id = f.in.ids[c.row];
    EXPECT_TRUE(id == "A" || id == "F") << id;
  }
  EXPECT_EQ(refs.gaps->occasions[f.in.RowOf("F")], 8u);
  EXPECT_DOUBLE_EQ(refs.tenure_days[f.in.RowOf("A")], 685);
}

TEST(ReferenceStage, WithoutACustomersTableSegmentsAreTiers) {
  Fixture f(false);
  const ReferenceList refs = f.Find({"tier", "type"}, false);
  ASSERT_EQ(refs.notes.size(), 1u);
  EXPECT_EQ(refs.notes[0], "reference customers are segmented by tier: there is no customers table for type, region or owner");
  for (const auto& c : refs.customers) {
    EXPECT_EQ(c.segment, "A");
  }
}

TEST(ReferenceStage, CustomersWithoutTheFieldFormTheirOwnSegment) {
  Fixture f(true);
  f.tier[f.in.RowOf("F")] = 1;
  const ReferenceList refs = f.Find({"tier", "region"}, true);
  std::vector<std::string> segments;
  for (const auto& c : refs.customers) segments.push_back(c.segment);
  EXPECT_EQ(segments, std::vector<std::string>({"A / (none)", "B / (none)"}));
}

}  // namespace
}  // namespace winnow::project
