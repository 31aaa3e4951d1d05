// The check of a value ranking against the truth (a simulated project's future, or the realized
// future after the fact): the truth file `customer_id,alive,future_purchases,future_revenue`
// (README "Inputs") and, per customer, how well the value ranking and the naive ranking by last
// year's revenue find the realized value (segment/ranking.h), and how often P(alive) >= 0.5
// agrees with being alive.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "segment/ranking.h"

namespace winnow::segment {

struct Truth {
  std::vector<double> future_revenue;  // per customer row (0 when not in the file)
  std::vector<int8_t> alive;           // per customer row: 1, 0, or -1 when not in the file
};

// `row_of` gives the customer row of an id (std::numeric_limits<uint32_t>::max() for none: such
// rows are left out). Throws core::Error(kInput) with file, line and column for a missing column
// or a value that is not a number.
Truth ReadTruth(const std::string& path, const std::function<uint32_t(std::string_view id)>& row_of, size_t customers);

struct TruthCheck {
  double realized_total = 0;  // sum of margin x future revenue
  RankingQuality by_value;    // ranking by `value` (CLV)
  RankingQuality naive;       // ranking by `naive` (last year's revenue)
  double alive_accuracy = 0;  // share of the customers in the file with (P(alive) >= 0.5) == alive
};

TruthCheck CheckAgainstTruth(const Truth& truth, double margin, const std::vector<double>& value,
                             const std::vector<double>& naive, const std::vector<double>& p_alive);

}  // namespace winnow::segment
