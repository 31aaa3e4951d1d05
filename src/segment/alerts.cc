#include "segment/alerts.h"

#include <algorithm>

namespace winnow::segment {

const char* Alert::Reason() const {
  if (low_p_alive && overdue) return "low_p_alive+overdue";
  return low_p_alive ? "low_p_alive" : "overdue";
}

double ValueAtRisk(double clv, double p_alive) {
  if (!(p_alive > 1e-12)) return 0;  // nothing left to lose in expectation: CLV is ~0 too
  return clv * (1 - p_alive) / p_alive;
}

std::vector<Alert> FindAlerts(const AlertInput& in, const AlertOptions& o) {
  std::vector<bool> alerting(256, false);
  for (uint8_t t : o.tiers) alerting[t] = true;
  std::vector<Alert> alerts;
  const size_t n = in.p_alive->size();
  for (size_t i = 0; i < n; ++i) {
    if (!alerting[(*in.tier)[i]]) continue;
    Alert a;
    a.row = static_cast<uint32_t>(i);
    const double gap = (*in.expected_gap_days)[i];
    a.overdue_ratio = gap > 0 ? (*in.days_since_last)[i] / gap : 0;
    a.low_p_alive = (*in.p_alive)[i] < o.p_alive_below;
    a.overdue = a.overdue_ratio > o.overdue_factor;
    if (!a.low_p_alive && !a.overdue) continue;
    a.value_at_risk = ValueAtRisk((*in.clv)[i], (*in.p_alive)[i]);
    alerts.push_back(a);
  }
  std::stable_sort(alerts.begin(), alerts.end(),
                   [](const Alert& a, const Alert& b) { return a.value_at_risk > b.value_at_risk; });
  return alerts;
}

}  // namespace winnow::segment
