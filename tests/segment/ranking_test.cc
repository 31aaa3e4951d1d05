// Ranking quality: Spearman's rho and the capture of the realized value by the top of a ranking.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "segment/ranking.h"

namespace winnow::segment {
namespace {

TEST(Ranking, SpearmanAndCapture) {
  EXPECT_NEAR(Spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1, 1e-15);
  EXPECT_NEAR(Spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1, 1e-15);
  // With ties (average ranks): ranks a = 1, 2.5, 2.5, 4; b = 1, 2, 3, 4 -> rho = 4.5 / sqrt(4.5 * 5).
  EXPECT_NEAR(Spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 4.5 / std::sqrt(4.5 * 5), 1e-12);
  const std::vector<double> realized = {0, 10, 0, 0, 90};
  const auto q = MeasureRanking({5, 4, 3, 2, 1}, realized, 0.2);
  EXPECT_DOUBLE_EQ(q.top_capture, 0);
  EXPECT_DOUBLE_EQ(q.best_capture, 0.9);
}

}  // namespace
}  // namespace winnow::segment
