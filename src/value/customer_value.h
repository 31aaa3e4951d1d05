// Customer lifetime value and its parts, per customer of a summary, from a fitted purchase model
// and the Gamma-Gamma spend model.
//
//   expected_purchases = E[X(T, T + h) | x, t_x, T]        the model's conditional expectation
//   dert               = sum_k E[purchases in period k] (1 + d)^-k over the horizon h
//   expected_spend     = E[Z | x, mean spend]               Gamma-Gamma (FHL2005b, eq. 5)
//   clv                = margin * expected_spend * dert     (Fader, Hardie & Lee 2005, "RFM and CLV")
//   annual_revenue     = expected_spend * E[X(T, T + 1 year) | ...]   (undiscounted, for share of wallet)
//   expected_gap       = (alpha + T) / (r + x)              the expected time between purchases
//                        while active: 1 / the Gamma posterior mean of the purchase rate lambda
//                        (r + x) / (alpha + T) of a customer alive throughout (FHL2005, section 5)
// d is the discount rate per time unit, (1 + annual rate)^(unit days / 365.25) - 1.
#pragma once

#include <optional>
#include <vector>

#include "model/gamma_gamma.h"
#include "model/predict.h"
#include "summary/summary.h"

namespace winnow::value {

// The longest horizon and lookahead scored, in time units (README "winnow.toml": [value] horizon):
// the DERT sum keeps one expectation per time unit of the horizon for each customer.
inline constexpr double kMaxHorizonUnits = 10000;

struct ValueOptions {
  double horizon = 156;            // time units
  double discount_rate = 0;        // per time unit
  double margin = 1;
  double lookahead = 13;           // time units, for the alerts' expected purchases
  double plan_period = 0;          // time units, for the effort plan's stakes (0: not planned)
  double year = 52.18;             // one year in time units
  double r = 0, alpha = 0;         // the purchase model's Gamma prior on lambda
  size_t threads = 0;
};

// One entry per summary row.
struct CustomerValues {
  std::vector<double> expected_purchases, p_alive, dert, expected_spend, clv;
  std::vector<double> annual_revenue, expected_next, expected_gap;
  std::vector<double> expected_in_plan_period;  // expected purchases in the plan's period; empty unless planned
  size_t size() const { return clv.size(); }
};

// Throws core::Error(kFit) naming the customer when a prediction is not finite, and
// core::Error(kConfig) for a horizon or lookahead beyond kMaxHorizonUnits (or NaN).
CustomerValues ScoreCustomers(const model::PurchasePredictor& predictor, const model::GammaGammaParams& spend,
                              const summary::CustomerSummary& summary, const ValueOptions& options,
                              const std::vector<std::string>& ids);

// The discount rate per time unit of an annual rate.
double RatePerUnit(double annual_rate, double unit_days);

}  // namespace winnow::value
