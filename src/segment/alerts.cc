#include "segment/alerts.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace winnow::segment {

const char* GroupName(AlertGroup group) {
  switch (group) {
    case AlertGroup::kAtRisk: return "at_risk";
    case AlertGroup::kLost: return "lost";
    case AlertGroup::kNone: break;
  }
  return "";
}

const char* Alert::Reason() const {
  if (low_p_alive && overdue) return "low_p_alive+overdue";
  return low_p_alive ? "low_p_alive" : "overdue";
}

double WinBackValue(double revenue, double active_days, double margin, double horizon_years,
                    double annual_discount_rate) {
  if (!(active_days > 0) || !(revenue > 0)) return 0;
  const double per_year = revenue / (active_days / 365.25);
  return margin * per_year * horizon_years * std::pow(1 + annual_discount_rate, -horizon_years / 2);
}

const char* TrendName(double order_size_change, double gap_change) {
  const bool shrinking = order_size_change <= -kShrinkingOrders;  // false for NaN
  const bool slowing = gap_change >= kSlowing;
  if (shrinking && slowing) return "shrinking_orders+slowing";
  if (shrinking) return "shrinking_orders";
  return slowing ? "slowing" : "";
}

double DaysUntilLost(const std::function<double(double days)>& p_alive_after, double lost_below, double max_days) {
  max_days = std::max(1.0, std::floor(max_days));
  if (!(p_alive_after(max_days) < lost_below)) return std::numeric_limits<double>::quiet_NaN();
  double lo = 0, hi = max_days;  // p(lo) >= lost_below (or lo = 0), p(hi) < lost_below
  while (hi - lo > 1) {
    const double mid = std::floor((lo + hi) / 2);
    (p_alive_after(mid) < lost_below ? hi : lo) = mid;
  }
  return hi;
}

std::vector<Alert> FindAlerts(const AlertInput& in, const AlertOptions& o) {
  std::vector<bool> alerting(256, false);
  for (uint8_t t : o.tiers) alerting[t] = true;
  std::vector<Alert> at_risk, lost;
  const size_t n = in.p_alive->size();
  for (size_t i = 0; i < n; ++i) {
    const double p = (*in.p_alive)[i];
    Alert a;
    a.row = static_cast<uint32_t>(i);
    const double gap = (*in.expected_gap_days)[i];
    a.overdue_ratio = gap > 0 ? (*in.days_since_last)[i] / gap : 0;
    a.low_p_alive = p < o.p_alive_below;
    a.overdue = a.overdue_ratio > o.overdue_factor;
    if (p < o.lost_below) {
      a.win_back_value = (*in.win_back_value)[i];
      const bool upside = in.top_upside != nullptr && (*in.top_upside)[i] != 0;
      if (!(a.win_back_value >= o.win_back_min) && !upside) continue;
      a.group = AlertGroup::kLost;
      lost.push_back(a);
      continue;
    }
    if (!alerting[(*in.tier)[i]] || (!a.low_p_alive && !a.overdue)) continue;
    a.group = AlertGroup::kAtRisk;
    a.value_at_risk = (*in.clv)[i];
    at_risk.push_back(a);
  }
  std::stable_sort(at_risk.begin(), at_risk.end(),
                   [](const Alert& a, const Alert& b) { return a.value_at_risk > b.value_at_risk; });
  std::stable_sort(lost.begin(), lost.end(),
                   [](const Alert& a, const Alert& b) { return a.win_back_value > b.win_back_value; });
  at_risk.insert(at_risk.end(), lost.begin(), lost.end());
  return at_risk;
}

}  // namespace winnow::segment
