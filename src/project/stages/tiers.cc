#include "project/stages/tiers.h"

#include <cmath>

namespace winnow::project {

std::string_view Tiering::KeyReason(size_t i) const {
  if (key_value[i] && key_upside[i]) return "value+upside";
  if (key_value[i]) return "value";
  return key_upside[i] ? "upside" : "";
}

Tiering TierCustomers(const TiersInput& input) {
  const summary::CustomerSummary& S = *input.summary;
  const std::vector<double>& total = *input.total;
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
  out.key_value = segment::FlagTop(total, input.key_top_value, out.ranked);
  std::vector<double> upside_rank(n, 0);
  bool any_potential = false;
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite((*input.upside)[i])) upside_rank[i] = (*input.upside)[i], any_potential = true;
  }
  out.key_upside =
      any_potential ? segment::FlagTop(upside_rank, input.key_top_upside) : std::vector<uint8_t>(n, 0);
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
