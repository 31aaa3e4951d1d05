// Churn early warning: which valuable customers are slipping away, ranked by the value at risk.
//
// Per customer:
//   overdue_ratio  = days since the last purchase / expected gap between purchases (in days)
//   value_at_risk  = clv * (1 - P(alive)) / P(alive)
// i.e. the CLV the customer would have if it were known to be alive (E[.|alive] = E[.] / P(alive)
// for the BG/NBD family and Pareto/NBD, whose conditional expectations are P(alive) times the
// expectation given alive) times the probability that it is not.
//
// A customer of an alerting tier gets an alert with one or more reasons:
//   low_p_alive  P(alive) < the threshold
//   overdue      overdue_ratio > the overdue factor (it has missed purchases it would have made)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace winnow::segment {

struct AlertOptions {
  double p_alive_below = 0.5;
  double overdue_factor = 2.0;
  std::vector<uint8_t> tiers;  // tier indices that alert
};

struct AlertInput {
  const std::vector<double>* p_alive = nullptr;
  const std::vector<double>* days_since_last = nullptr;
  const std::vector<double>* expected_gap_days = nullptr;
  const std::vector<double>* clv = nullptr;
  const std::vector<uint8_t>* tier = nullptr;
};

struct Alert {
  uint32_t row = 0;
  bool low_p_alive = false, overdue = false;
  double overdue_ratio = 0;
  double value_at_risk = 0;
  const char* Reason() const;  // "low_p_alive", "overdue" or "low_p_alive+overdue"
};

// Alerts ranked by value at risk, highest first (ties by row).
std::vector<Alert> FindAlerts(const AlertInput& input, const AlertOptions& options);

double ValueAtRisk(double clv, double p_alive);

}  // namespace winnow::segment
