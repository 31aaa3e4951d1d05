// Churn early warning: who is slipping away and can still be saved, who is lost and worth winning
// back, ranked by the value each can still bring.
//
// Per customer:
//   overdue_ratio  = days since the last purchase / expected gap between purchases (in days)
//   value_at_risk  = clv = P(alive) * E[value | alive]: the value still there to keep; an account
//                    that is already lost has none left to save (the old CLV (1 - p) / p, a ratio
//                    of two numbers near zero for dead accounts, led the list with accounts lost
//                    long ago and is no longer used)
//   win_back_value = margin * past revenue per year * horizon in years * (1 + annual rate)^(-years / 2):
//                    what winning the account back would bring at the rate it bought before,
//                    discounted at mid-horizon. Past revenue per year = revenue / its active span,
//                    the span being last - first purchase + its mean gap, and at least a year (so
//                    that a few orders within weeks, long ago, are not taken for a yearly rate).
//                    Model-free, so it stays stable for accounts lost long ago.
//
// Groups:
//   at_risk  P(alive) >= lost_below, a customer of an alerting tier, and low P(alive) (< p_alive_below)
//            or overdue (overdue_ratio > overdue_factor). Ranked by value_at_risk.
//   lost     P(alive) < lost_below, and either worth winning back (win_back_value >= win_back_min,
//            the smallest value of the alerting tiers: it would be in one if it came back) or an
//            account with a top upside (key upside: lost accounts with upside go to win-back, not to
//            the key accounts). Ranked by win_back_value.
//
// The trend that precedes churn in B2B (tests/segment/alerts_test.cc), from the purchase occasions:
//   order_size_change = mean amount of the recent third of occasions (at least 2) / mean of the earlier
//                       ones - 1; unknown (NaN) with fewer than 4 occasions
//   gap_change        = mean of the recent third of the gaps between occasions (at least 2) / mean of
//                       the earlier gaps - 1; unknown with fewer than 4 gaps
//   trend             shrinking_orders when order_size_change <= -kShrinkingOrders, slowing when
//                     gap_change >= kSlowing
// and the day to act by: contact_by = the first day on which P(alive), without a purchase, falls below
// lost_below (at least the day after the observation end); none when it stays above throughout the
// lookahead (no deadline within it: a slow buyer, or a model that sees no churn).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace winnow::segment {

inline constexpr double kShrinkingOrders = 0.25;  // orders a quarter smaller than before
inline constexpr double kSlowing = 0.5;           // gaps half as long again as before

enum class AlertGroup : uint8_t { kNone, kAtRisk, kLost };
const char* GroupName(AlertGroup group);  // "", "at_risk", "lost"

struct AlertOptions {
  double p_alive_below = 0.5;
  double lost_below = 0.1;
  double overdue_factor = 2.0;
  std::vector<uint8_t> tiers;  // tier indices that alert
  double win_back_min = 0;     // lost customers with at least this win-back value alert
};

struct AlertInput {
  const std::vector<double>* p_alive = nullptr;
  const std::vector<double>* days_since_last = nullptr;
  const std::vector<double>* expected_gap_days = nullptr;
  const std::vector<double>* clv = nullptr;
  const std::vector<uint8_t>* tier = nullptr;
  const std::vector<double>* win_back_value = nullptr;
  const std::vector<uint8_t>* top_upside = nullptr;  // per customer: 1 for an upside in the key share
};

struct Alert {
  uint32_t row = 0;
  AlertGroup group = AlertGroup::kNone;
  bool low_p_alive = false, overdue = false;
  double overdue_ratio = 0;
  double value_at_risk = 0;   // at_risk: clv; lost: 0
  double win_back_value = 0;  // lost: the win-back value; at_risk: 0 (written empty)
  const char* Reason() const;  // "low_p_alive", "overdue" or "low_p_alive+overdue"
};

// The at_risk alerts by value_at_risk, then the lost ones by win_back_value, highest first (ties by row).
std::vector<Alert> FindAlerts(const AlertInput& input, const AlertOptions& options);

// The win-back value of one customer (formula above); horizon in years.
double WinBackValue(double revenue, double active_days, double margin, double horizon_years,
                    double annual_discount_rate);

// "shrinking_orders", "slowing", "shrinking_orders+slowing" or "" (NaN changes count as no trend).
const char* TrendName(double order_size_change, double gap_change);

// The first whole day d in [1, max_days] after the observation end on which p_alive_after(d) <
// lost_below, by bisection (P(alive) falls with silence); NaN when it stays above up to max_days.
double DaysUntilLost(const std::function<double(double days)>& p_alive_after, double lost_below, double max_days);

}  // namespace winnow::segment
