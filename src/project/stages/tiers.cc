#include "project/stages/tiers.h"

#include <algorithm>
#include <cmath>

namespace winnow::project {

std::string_view Tiering::KeyReason(size_t i) const {
  if (key_value[i] && key_upside[i]) return "value+upside";
  if (key_value[i]) return "value";
  return key_upside[i] ? "upside" : "";
}

Tiering TierCustomers(const TiersInput& input) {
  const summary::CustomerSummary& S = *input.summary;
  const std::vector<double>& total = *input.value;
  const size_t n = S.size();
  Tiering out;
  out.ranked = segment::RankByValue(total);
  out.tier = segment::AssignTiers(total, input.tier_cuts, out.ranked);
  out.tiers = segment::SummarizeTiers(total, out.tier, input.tier_names);
  out.lorenz = segment::ConcentrationCurve(total, out.ranked);
  out.clv_distribution = results::LogHistogram(*input.clv);
  {
    std::vector<double> freq(n), share(n);
    for (size_t i = 0; i < n; ++i) {
      freq[i] = S.frequency[i];
      const double T = S.age(i);
      share[i] = T > 0 ? S.recency(i) / T : 1.0;
    }
    out.p_alive_heatmap = results::PAliveHeatmap(freq, share, *input.p_alive);
  }
  // Key accounts among the live ones: the lost have their value set to 0 for the flags (the share
  // stays a share of all customers).
  const std::vector<double>& p_alive = *input.p_alive;
  auto live = [&](size_t i) { return !(p_alive[i] < input.lost_below); };
  std::vector<double> live_value(n, 0);
  for (size_t i = 0; i < n; ++i) live_value[i] = live(i) ? total[i] : 0;
  out.key_value = segment::FlagTop(live_value, input.key_top_value);
  for (size_t i = 0; i < n; ++i) out.key_value[i] &= static_cast<uint8_t>(live_value[i] > 0);
  std::vector<double> upside_rank(n, 0);
  bool any_potential = false;
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite((*input.upside)[i]) && live(i)) upside_rank[i] = std::max(0.0, (*input.upside)[i]);
    any_potential = any_potential || std::isfinite((*input.upside)[i]);
  }
  out.key_upside =
      any_potential ? segment::FlagTop(upside_rank, input.key_top_upside) : std::vector<uint8_t>(n, 0);
  // Lost accounts whose upside would put them among the key accounts if they were live.
  out.lost_upside.assign(n, 0);
  if (any_potential) {
    std::vector<double> all_upside(n, 0);
    for (size_t i = 0; i < n; ++i) {
      if (std::isfinite((*input.upside)[i])) all_upside[i] = std::max(0.0, (*input.upside)[i]);
    }
    const std::vector<uint8_t> top = segment::FlagTop(all_upside, input.key_top_upside);
    for (size_t i = 0; i < n; ++i) {
      out.key_upside[i] &= static_cast<uint8_t>(upside_rank[i] > 0);
      out.lost_upside[i] = top[i] && !live(i) && all_upside[i] > 0;
    }
  }
  std::vector<double> recency_days(n), occasions(n), mean_order(n);
  for (size_t i = 0; i < n; ++i) {
    recency_days[i] = -static_cast<double>(input.observation_end - S.last_day[i]);
    occasions[i] = S.frequency[i] + 1.0;
    mean_order[i] = S.total_revenue[i] / occasions[i];
  }
  out.r_score = segment::QuintileScores(recency_days);
  out.f_score = segment::QuintileScores(occasions);
  out.m_score = segment::QuintileScores(mean_order);
  return out;
}

}  // namespace winnow::project
