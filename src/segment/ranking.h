// Does a value ranking find the customers that turn out valuable? Measured against the realized
// future value (known in simulations, or after the fact):
//   capture of the top share q: the realized value of the top q of customers by the score,
//     divided by the total realized value (the best possible is the realized top q's share);
//   Spearman's rank correlation of score and realized value (average ranks for ties).
#pragma once

#include <vector>

namespace winnow::segment {

struct RankingQuality {
  double top_capture = 0;  // share of realized value held by the top q by score
  double best_capture = 0; // share held by the top q by realized value (the ceiling)
  double spearman = 0;
};

RankingQuality MeasureRanking(const std::vector<double>& score, const std::vector<double>& realized, double top = 0.2);

// Spearman's rho: Pearson correlation of average ranks.
double Spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace winnow::segment
