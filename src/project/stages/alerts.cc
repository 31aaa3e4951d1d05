#include "project/stages/alerts.h"

#include <algorithm>

#include "project/stages/stage.h"

namespace winnow::project {

const segment::Alert* AlertList::Of(size_t row) const {
  return alert_index[row] == kNoRow ? nullptr : &alerts[alert_index[row]];
}

AlertList FindAlerts(const AlertsInput& input) {
  const summary::CustomerSummary& S = *input.summary;
  const value::CustomerValues& V = *input.values;
  const size_t n = S.size();
  AlertList out;
  out.days_since.resize(n);
  out.gap_days.resize(n);
  for (size_t i = 0; i < n; ++i) {
    out.days_since[i] = input.observation_end - S.last_day[i];
    out.gap_days[i] = V.expected_gap[i] * input.unit_days;
  }
  segment::AlertOptions ao;
  ao.p_alive_below = input.p_alive_below;
  ao.overdue_factor = input.overdue_factor;
  for (const auto& t : input.alert_tiers) {
    ao.tiers.push_back(static_cast<uint8_t>(std::find(input.tier_names.begin(), input.tier_names.end(), t) -
                                            input.tier_names.begin()));
  }
  out.alerts = segment::FindAlerts({&V.p_alive, &out.days_since, &out.gap_days, &V.clv, input.tier}, ao);
  out.alert_index.assign(n, kNoRow);
  for (size_t k = 0; k < out.alerts.size(); ++k) out.alert_index[out.alerts[k].row] = static_cast<uint32_t>(k);
  return out;
}

}  // namespace winnow::project
