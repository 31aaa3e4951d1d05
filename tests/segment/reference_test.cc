// Reference customers: gap statistics of the log and the loyal customers closest to their segment's median.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "segment/reference.h"

namespace winnow::segment {
namespace {

TEST(Reference, GapStatisticsMergeSameDayRowsAndSkipReturns) {
  // Customer 0: days 0, 10, 10, 20, 40 (and a return on day 30); customer 1: one day.
  const std::vector<uint32_t> customer = {0, 0, 0, 0, 0, 1, 0};
  const std::vector<core::Day> day = {10, 0, 10, 20, 30, 5, 40};
  const std::vector<double> amount = {1, 1, 1, 1, -1, 1, 1};
  const GapStats g = ComputeGapStats(2, customer, day, amount);
  EXPECT_EQ(g.occasions, std::vector<uint32_t>({4, 1}));
  EXPECT_DOUBLE_EQ(g.mean_gap[0], 40.0 / 3);
  const double mean = 40.0 / 3;
  const double sd = std::sqrt((2 * std::pow(10 - mean, 2) + std::pow(20 - mean, 2)) / 2);
  EXPECT_NEAR(g.gap_cv[0], sd / mean, 1e-12);
  EXPECT_EQ(g.gap_cv[1], 0);
}

TEST(Reference, GapStatisticsDropDaysCancelledBySameDayReturns) {
  // Days 0, 10 (5 bought and 5 returned: no occasion), 20 and 30 (8 bought, 3 returned: kept).
  const std::vector<uint32_t> customer = {0, 0, 0, 0, 0, 0};
  const std::vector<core::Day> day = {0, 10, 10, 20, 30, 30};
  const std::vector<double> amount = {1, 5, -5, 1, 8, -3};
  const GapStats g = ComputeGapStats(1, customer, day, amount);
  EXPECT_EQ(g.occasions, std::vector<uint32_t>({3}));
  EXPECT_DOUBLE_EQ(g.mean_gap[0], 15.0);
}

TEST(Reference, PicksLoyalCustomersClosestToTheSegmentMedian) {
  // One segment of five: 0 is typical and loyal, 1 loyal but a giant, 2 typical but churning,
  // 3 typical but irregular, 4 typical and loyal but new.
  const std::vector<std::string> segment(5, "hospital");
  const std::vector<double> p = {0.95, 0.99, 0.2, 0.9, 0.9};
  const std::vector<double> tenure = {700, 700, 700, 700, 100};
  const std::vector<double> revenue = {1000, 90000, 1100, 900, 150};
  GapStats g;
  g.occasions = {10, 50, 11, 9, 2};
  g.mean_gap = {70, 14, 63, 77, 50};
  g.gap_cv = {0.4, 0.3, 0.5, 1.8, 0.2};
  ReferenceOptions o;
  o.per_segment = 2;
  const auto refs = FindReferenceCustomers({&segment, &p, &tenure, &revenue, &g}, o);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].row, 0u);
  EXPECT_EQ(refs[1].row, 1u);
  EXPECT_LT(refs[0].distance, refs[1].distance);
  EXPECT_EQ(refs[0].segment_customers, 5u);
  EXPECT_EQ(refs[0].segment_loyal, 2u);
}

}  // namespace
}  // namespace winnow::segment
