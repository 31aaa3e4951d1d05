// Value tiers (ABC analysis), concentration (Lorenz curve, Gini), key accounts and RFM scores.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace winnow::segment {

// Customers sorted by value, highest first (ties by row), into tiers by the cumulative share of
// the total: a customer belongs to the first tier whose cut is >= the cumulative share held by
// the customers ranked above it, so the customer that crosses a cut still belongs to the tier
// (with cuts 0.8, 0.95 the A tier is the smallest set of top customers holding >= 80 %).
// Customers with value <= 0 go to the last tier. Returns the tier index per row.
std::vector<uint8_t> AssignTiers(const std::vector<double>& value, const std::vector<double>& cuts);
// The same with the rows already ranked by RankByValue(value).
std::vector<uint8_t> AssignTiers(const std::vector<double>& value, const std::vector<double>& cuts,
                                 const std::vector<uint32_t>& ranked);

// Rows by value, highest first, ties by row (a stable order for reports and pagination).
std::vector<uint32_t> RankByValue(const std::vector<double>& value);

struct TierSummary {
  std::string name;
  uint64_t customers = 0;
  double customer_share = 0, value = 0, value_share = 0;
  double min_value = 0, max_value = 0;
};
std::vector<TierSummary> SummarizeTiers(const std::vector<double>& value, const std::vector<uint8_t>& tier,
                                        const std::vector<std::string>& names);

struct LorenzPoint {
  double customer_share = 0;  // top share of customers by value
  double value_share = 0;     // share of the total value they hold
};
// The concentration curve from the top: `points` + 1 points at customer shares 0, 1/points, ..., 1.
std::vector<LorenzPoint> ConcentrationCurve(const std::vector<double>& value, const std::vector<uint32_t>& ranked,
                                            size_t points = 100);
// Gini coefficient of values (negative values count as 0): for values sorted ascending
// x_(1) <= ... <= x_(n), G = 2 sum_i i x_(i) / (n sum_i x_(i)) - (n + 1) / n; 0 when all are equal
// or the total is 0.
double Gini(const std::vector<double>& value, const std::vector<uint32_t>& ranked);
// Share of the total held by the top `share` of customers (by count, rounded up).
double TopShare(const std::vector<double>& value, const std::vector<uint32_t>& ranked, double share);

// Flags the top `share` of customers (rounded up; at least one when share > 0) by value among
// those with value > 0.
std::vector<uint8_t> FlagTop(const std::vector<double>& value, double share);
std::vector<uint8_t> FlagTop(const std::vector<double>& value, double share, const std::vector<uint32_t>& ranked);

// Quintile scores 1-5 by rank (ties share the score of their first rank): score = 1 + floor(5 *
// rank / n) over ascending values, so 5 is the top fifth. For recency pass the negated days
// since the last purchase (recent = 5).
std::vector<uint8_t> QuintileScores(const std::vector<double>& value);

}  // namespace winnow::segment
