// Reference customers: per segment, a few loyal accounts that look like their segment, for
// piloting new concepts.
//
// Loyal (all must hold): P(alive) >= min_p_alive; tenure (observation end - first purchase) >=
// min_tenure; purchase occasions >= min_purchases; regular buying, i.e. the coefficient of
// variation of the gaps between occasions (sd / mean) <= max_gap_cv (a Poisson buyer has about 1;
// a buyer on a fixed cycle 0).
// Representative: among the loyal ones of a segment, those closest to the segment's median
// profile, by the Euclidean distance over three standardized features (each divided by its
// standard deviation over all customers):
//   log(1 + revenue per year), log(1 + purchase occasions per year), log(1 + mean order value)
// The median is taken over every customer of the segment, loyal or not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"

namespace winnow::segment {

// Occasions and the mean and coefficient of variation of the gaps between them (days), per
// customer, from a log's rows (row_customer: the customer row of each log row, or UINT32_MAX to
// leave the row out). Same-day rows form one occasion.
// Also the trends of segment/alerts.h: order_size_change and gap_change (NaN when unknown).
struct GapStats {
  std::vector<uint32_t> occasions;
  std::vector<double> mean_gap, gap_cv;  // 0 with fewer than 2 gaps (cv) or 1 gap (mean)
  std::vector<double> order_size_change, gap_change;
};
GapStats ComputeGapStats(size_t customers, const std::vector<uint32_t>& row_customer, const std::vector<core::Day>& day,
                         const std::vector<double>& amount);

struct ReferenceOptions {
  uint64_t per_segment = 3;
  double min_p_alive = 0.8;
  double min_tenure_days = 365.25;
  uint64_t min_purchases = 4;
  double max_gap_cv = 1.0;
};

struct ReferenceInput {
  const std::vector<std::string>* segment = nullptr;  // segment label per customer
  const std::vector<double>* p_alive = nullptr;
  const std::vector<double>* tenure_days = nullptr;
  const std::vector<double>* revenue = nullptr;  // over the tenure
  const GapStats* gaps = nullptr;
};

struct ReferenceCustomer {
  uint32_t row = 0;
  std::string segment;
  uint32_t rank = 0;  // 1-based within the segment
  double distance = 0;
  double revenue_per_year = 0, purchases_per_year = 0, mean_order_value = 0;
  double segment_median_revenue_per_year = 0;
  uint64_t segment_customers = 0, segment_loyal = 0;
};

// Segments in order of their label; within a segment by distance (ties: higher P(alive), row).
std::vector<ReferenceCustomer> FindReferenceCustomers(const ReferenceInput& input, const ReferenceOptions& options);

}  // namespace winnow::segment
