#include "segment/ranking.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "segment/tiers.h"

namespace winnow::segment {

namespace {

std::vector<double> AverageRanks(const std::vector<double>& v) {
  const size_t n = v.size();
  std::vector<std::pair<double, uint32_t>> sorted(n);
  for (size_t i = 0; i < n; ++i) sorted[i] = {v[i], static_cast<uint32_t>(i)};
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> rank(n);
  for (size_t k = 0; k < n;) {
    size_t j = k;
    while (j + 1 < n && sorted[j + 1].first == sorted[k].first) ++j;
    const double average = (static_cast<double>(k) + static_cast<double>(j)) / 2 + 1;
    for (size_t m = k; m <= j; ++m) rank[sorted[m].second] = average;
    k = j + 1;
  }
  return rank;
}

double Capture(const std::vector<double>& score, const std::vector<double>& realized, double top) {
  double total = 0;
  for (double r : realized) total += r;
  if (!(total > 0)) return 0;
  const std::vector<uint32_t> ranked = RankByValue(score);
  const size_t count = static_cast<size_t>(std::ceil(top * static_cast<double>(ranked.size()) - 1e-9));
  double sum = 0;
  for (size_t k = 0; k < std::min(count, ranked.size()); ++k) sum += realized[ranked[k]];
  return sum / total;
}

}  // namespace

double Spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const size_t n = a.size();
  if (n < 2) return 0;
  const std::vector<double> ra = AverageRanks(a), rb = AverageRanks(b);
  const double mean = (static_cast<double>(n) + 1) / 2;
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}

RankingQuality MeasureRanking(const std::vector<double>& score, const std::vector<double>& realized, double top) {
  RankingQuality q;
  q.top_capture = Capture(score, realized, top);
  q.best_capture = Capture(realized, realized, top);
  q.spearman = Spearman(score, realized);
  return q;
}

}  // namespace winnow::segment
