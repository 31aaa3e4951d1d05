// Stage 8 of the main job: churn alerts (segment/alerts.h), ranked by value at risk: customers of
// the alerting tiers with a low P(alive) or overdue against their expected gap.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "segment/alerts.h"
#include "summary/summary.h"
#include "value/customer_value.h"

namespace winnow::project {

struct AlertsInput {
  const summary::CustomerSummary* summary = nullptr;
  const value::CustomerValues* values = nullptr;
  const std::vector<uint8_t>* tier = nullptr;
  core::Day observation_end = 0;
  double unit_days = 7;
  double p_alive_below = 0.5, overdue_factor = 2;
  std::vector<std::string> alert_tiers;  // names of the tiers that alert
  std::vector<std::string> tier_names;
};

struct AlertList {
  std::vector<double> days_since, gap_days;  // per customer: days since the last purchase, expected gap
  std::vector<segment::Alert> alerts;        // by value at risk, highest first
  std::vector<uint32_t> alert_index;         // per customer: index into alerts, or kNoRow

  const segment::Alert* Of(size_t row) const;  // the customer's alert, or nullptr
  double OverdueRatio(size_t row) const { return gap_days[row] > 0 ? days_since[row] / gap_days[row] : 0; }
};

AlertList FindAlerts(const AlertsInput& input);

}  // namespace winnow::project
