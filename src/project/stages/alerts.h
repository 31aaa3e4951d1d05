// Stage 8 of the main job: churn alerts (segment/alerts.h) in two groups, at risk and recoverable
// (ranked by the value still there to save) and lost (win-back candidates, ranked by what winning
// them back would bring); for each its trend (shrinking orders, slowing purchases), the day to
// contact it by, and whether it is new since the previous run (the previous out/alerts.csv).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/predict.h"
#include "project/stages/ingest.h"
#include "segment/alerts.h"
#include "segment/reference.h"
#include "value/customer_value.h"

namespace winnow::project {

struct AlertsInput {
  const Ingested* ingested = nullptr;
  const std::vector<uint32_t>* customer_of_log_row = nullptr;  // Ingested::CustomerOfLogRows
  const value::CustomerValues* values = nullptr;
  const model::PurchasePredictor* predictor = nullptr;  // for contact_by; null: no contact_by
  const std::vector<uint8_t>* tier = nullptr;
  const std::vector<double>* value = nullptr;         // the ranking value (Referrals::value)
  const std::vector<uint8_t>* lost_upside = nullptr;  // Tiering::lost_upside
  double margin = 1, horizon_days = 0, annual_discount_rate = 0;
  double p_alive_below = 0.5, lost_below = 0.1, overdue_factor = 2, lookahead_days = 91;
  std::vector<std::string> alert_tiers;  // names of the tiers that alert
  std::vector<std::string> tier_names;
  std::string previous_alerts;  // the previous run's alerts.csv; empty or missing: no previous run
};

struct AlertList {
  std::vector<double> days_since, gap_days;  // per customer: days since the last purchase, expected gap
  std::vector<double> win_back;              // per customer: segment::WinBackValue
  segment::GapStats gaps;                    // per customer: occasions, gaps and their trends
  std::vector<segment::Alert> alerts;        // at_risk by value to save, then lost by win-back value
  std::vector<uint32_t> alert_index;         // per customer: index into alerts, or kNoRow
  // Per alert: days after the observation end (at_risk); NaN for lost ones and when P(alive) stays
  // above the lost line throughout the lookahead.
  std::vector<double> contact_by;
  std::vector<uint8_t> is_new;               // per alert: not in the previous run's alerts of its group
  bool previous_run = false;
  uint64_t at_risk = 0, lost = 0, new_alerts = 0;
  double value_at_risk = 0, win_back_value = 0;  // sums over at_risk and lost
  std::vector<std::string> notes;

  const segment::Alert* Of(size_t row) const;  // the customer's alert, or nullptr
  double OverdueRatio(size_t row) const { return gap_days[row] > 0 ? days_since[row] / gap_days[row] : 0; }
  const char* Trend(size_t row) const {
    return segment::TrendName(gaps.order_size_change[row], gaps.gap_change[row]);
  }
};

AlertList FindAlerts(const AlertsInput& input);

}  // namespace winnow::project
