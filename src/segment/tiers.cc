#include "segment/tiers.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace winnow::segment {

std::vector<uint32_t> RankByValue(const std::vector<double>& value) {
  // Sorting (value, row) pairs keeps the comparisons in cache, unlike sorting rows by value[row].
  std::vector<std::pair<double, uint32_t>> pairs(value.size());
  for (size_t i = 0; i < value.size(); ++i) pairs[i] = {value[i], static_cast<uint32_t>(i)};
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  std::vector<uint32_t> rows(value.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = pairs[i].second;
  return rows;
}

namespace {

double PositiveTotal(const std::vector<double>& value) {
  double total = 0;
  for (double v : value) total += std::max(v, 0.0);
  return total;
}

}  // namespace

std::vector<uint8_t> AssignTiers(const std::vector<double>& value, const std::vector<double>& cuts) {
  return AssignTiers(value, cuts, RankByValue(value));
}

std::vector<uint8_t> AssignTiers(const std::vector<double>& value, const std::vector<double>& cuts,
                                 const std::vector<uint32_t>& ranked) {
  const uint8_t last = static_cast<uint8_t>(cuts.size());
  std::vector<uint8_t> tier(value.size(), last);
  const double total = PositiveTotal(value);
  if (!(total > 0)) return tier;
  double above = 0;
  uint8_t current = 0;
  for (uint32_t row : ranked) {
    if (!(value[row] > 0)) break;
    while (current < last && above / total >= cuts[current]) ++current;
    tier[row] = current;
    above += value[row];
  }
  return tier;
}

std::vector<TierSummary> SummarizeTiers(const std::vector<double>& value, const std::vector<uint8_t>& tier,
                                        const std::vector<std::string>& names) {
  std::vector<TierSummary> out(names.size());
  for (size_t k = 0; k < names.size(); ++k) out[k].name = names[k];
  std::vector<bool> seen(names.size(), false);
  double total = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    TierSummary& t = out[tier[i]];
    if (!seen[tier[i]]) {
      t.min_value = t.max_value = value[i];
      seen[tier[i]] = true;
    }
    ++t.customers;
    t.value += value[i];
    t.min_value = std::min(t.min_value, value[i]);
    t.max_value = std::max(t.max_value, value[i]);
    total += value[i];
  }
  for (auto& t : out) {
    t.customer_share = value.empty() ? 0 : static_cast<double>(t.customers) / static_cast<double>(value.size());
    t.value_share = total != 0 ? t.value / total : 0;
  }
  return out;
}

std::vector<LorenzPoint> ConcentrationCurve(const std::vector<double>& value, const std::vector<uint32_t>& ranked,
                                            size_t points) {
  std::vector<LorenzPoint> curve;
  const double total = PositiveTotal(value);
  const size_t n = ranked.size();
  double cumulative = 0;
  size_t taken = 0;
  for (size_t p = 0; p <= points; ++p) {
    const size_t until = n * p / points;
    for (; taken < until; ++taken) cumulative += std::max(value[ranked[taken]], 0.0);
    curve.push_back({static_cast<double>(p) / static_cast<double>(points), total > 0 ? cumulative / total : 0});
  }
  return curve;
}

double Gini(const std::vector<double>& value, const std::vector<uint32_t>& ranked) {
  const size_t n = ranked.size();
  const double total = PositiveTotal(value);
  if (n == 0 || !(total > 0)) return 0;
  // ranked is descending: the i-th from the end (1-based ascending rank) is n - position.
  long double weighted = 0;
  for (size_t k = 0; k < n; ++k) weighted += static_cast<long double>(n - k) * std::max(value[ranked[k]], 0.0);
  const double nn = static_cast<double>(n);
  return static_cast<double>(2 * weighted / (nn * total)) - (nn + 1) / nn;
}

double TopShare(const std::vector<double>& value, const std::vector<uint32_t>& ranked, double share) {
  const double total = PositiveTotal(value);
  if (!(total > 0)) return 0;
  const size_t top = static_cast<size_t>(std::ceil(share * static_cast<double>(ranked.size()) - 1e-9));
  double sum = 0;
  for (size_t k = 0; k < std::min(top, ranked.size()); ++k) sum += std::max(value[ranked[k]], 0.0);
  return sum / total;
}

std::vector<uint8_t> FlagTop(const std::vector<double>& value, double share) {
  return share > 0 ? FlagTop(value, share, RankByValue(value)) : std::vector<uint8_t>(value.size(), 0);
}

std::vector<uint8_t> FlagTop(const std::vector<double>& value, double share, const std::vector<uint32_t>& ranked) {
  std::vector<uint8_t> flag(value.size(), 0);
  if (!(share > 0)) return flag;
  size_t top = static_cast<size_t>(std::ceil(share * static_cast<double>(value.size()) - 1e-9));
  top = std::max<size_t>(top, 1);
  size_t taken = 0;
  for (uint32_t row : ranked) {
    if (taken == top || !(value[row] > 0)) break;
    flag[row] = 1;
    ++taken;
  }
  return flag;
}

std::vector<uint8_t> QuintileScores(const std::vector<double>& value) {
  const size_t n = value.size();
  std::vector<std::pair<double, uint32_t>> pairs(n);
  for (size_t i = 0; i < n; ++i) pairs[i] = {value[i], static_cast<uint32_t>(i)};
  std::sort(pairs.begin(), pairs.end());
  std::vector<uint8_t> score(n, 1);
  size_t first = 0;
  for (size_t k = 0; k < n; ++k) {
    if (k > 0 && pairs[k].first != pairs[k - 1].first) first = k;
    score[pairs[k].second] = static_cast<uint8_t>(1 + (5 * first) / n);
  }
  return score;
}

}  // namespace winnow::segment
