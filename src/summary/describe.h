// A description of a transaction log and its customer summary: what an analyst looks at first
// (size, period, repeat buying, revenue concentration) before fitting any model.
#pragma once

#include <string>
#include <vector>

#include "io/transactions.h"
#include "summary/summary.h"

namespace winnow::summary {

struct Description {
  uint64_t rows = 0, customers = 0, occasions = 0, repeat_customers = 0;
  core::Day first_day = 0, last_day = 0, observation_end = 0;
  std::string time_unit;
  double mean_frequency = 0, mean_recency = 0, mean_T = 0;
  bool has_amount = false;
  double revenue = 0, returned = 0, mean_occasion_value = 0;
  // Share of total revenue from the top 1%, 10% and 20% of customers by revenue.
  double top1_share = 0, top10_share = 0, top20_share = 0;
  // Customers by frequency: 0, 1, 2, 3-5, 6-10, 11+.
  std::vector<std::pair<std::string, uint64_t>> frequency_histogram;
  uint64_t rows_after_observation_end = 0, bad_rows = 0;
};

Description Describe(const io::TransactionLog& log, const CustomerSummary& summary);
std::string RenderText(const Description& d);
std::string RenderJson(const Description& d);

}  // namespace winnow::summary
