// Stage 7 of the main job: the value ranking, tiers by cumulative value share, key accounts (top
// by value, top by upside, among the live accounts: P(alive) >= alerts.lost_below), RFM scores, concentration (Lorenz curve), the CLV histogram and the
// P(alive) heatmap (segment/tiers.h, results/results.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "results/results.h"
#include "segment/tiers.h"
#include "summary/summary.h"

namespace winnow::project {

struct TiersInput {
  const summary::CustomerSummary* summary = nullptr;
  const std::vector<double>* value = nullptr;    // per customer: the ranking value (Referrals::value)
  const std::vector<double>* clv = nullptr;
  const std::vector<double>* p_alive = nullptr;
  const std::vector<double>* upside = nullptr;   // NaN without a potential
  core::Day observation_end = 0;
  std::vector<double> tier_cuts;
  std::vector<std::string> tier_names;
  double key_top_value = 0, key_top_upside = 0;
  double lost_below = 0;  // P(alive) below: lost, never a key account
};

struct Tiering {
  std::vector<uint32_t> ranked;  // customer rows, highest value first
  std::vector<uint8_t> tier;     // per customer: index into the tier names
  std::vector<uint8_t> key_value, key_upside;
  // Lost accounts whose upside is as large as the key accounts' (they go to win-back instead).
  std::vector<uint8_t> lost_upside;
  std::vector<uint8_t> r_score, f_score, m_score;  // 1-5
  std::vector<segment::TierSummary> tiers;
  std::vector<segment::LorenzPoint> lorenz;
  results::Histogram clv_distribution;
  results::Heatmap p_alive_heatmap;

  bool key(size_t i) const { return key_value[i] || key_upside[i]; }
  // customers.csv's key_account: "value", "upside", "value+upside" or "".
  std::string_view KeyReason(size_t i) const;
};

Tiering TierCustomers(const TiersInput& input);

}  // namespace winnow::project
