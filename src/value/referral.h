// Customer referral value: what a customer is worth through the customers it brings, after the
// customer referral value (CRV) of Kumar, Petersen & Leone (2007, "How valuable is word of mouth?",
// Harvard Business Review 85(10); 2010, "Driving profitability by encouraging customer
// referrals: who, when, and how", Journal of Marketing 74(5)) [KPL2007, KPL2010]. CRV counts only
// what the referrals caused: the value of customers who would not have come otherwise. It is
// reported beside a customer's own CLV and never added to the portfolio's value: the referred
// customers' own value is in their CLV already.
//
// For referrer i with referred customers R_i, observed for e_i time units since its first
// purchase, n_i = |R_i| referrals:
//
//   realized_i = sum_{c in R_i} margin * revenue_c         the margin the referred have brought so far
//                                                          (history; not part of the referral value)
//   referred_i = s * sum_{c in R_i} clv_c                  the incremental share of their future value
//   rate_i     = (k + n_i) / (k / m + e_i)                 referrals per time unit, shrunk towards the
//                                                          population rate m (Gamma-Poisson posterior
//                                                          mean; prior Gamma(k, rate k / m))
//   future_i   = rate_i * h * P(alive)_i * V * (1 + d)^(-h / 2)
//   referral_value_i = future_i + referred_i
//
// s is the incremental share (0.2 by default: KPL2007 credit a referrer only with the referred
// customers who would not have joined otherwise, and most referred customers would have found the
// firm anyway), h the horizon, d the discount rate per time unit (future referrals discounted at
// mid-horizon), V the value of a typical referred customer: the mean of margin * revenue_c + clv_c
// over all referred customers (a future referral is a customer the firm does not have yet, so its
// whole value counts). m = sum n_i / sum e_i; k maximizes the negative-binomial marginal
// likelihood sum_i log NB(n_i; k, e_i m / (k + e_i m)) (Brent's method on log k; k -> infinity
// means no heterogeneity, every rate = m).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace winnow::value {

struct ReferralInput {
  std::vector<uint32_t> referrer, referred;  // summary rows of each referral
};

struct ReferralOptions {
  double incremental_share = 0.2;  // s
  double margin = 1;
  double horizon = 0;        // time units
  double discount_rate = 0;  // per time unit
};

struct ReferralValues {
  std::vector<uint32_t> referrals;        // n_i
  std::vector<double> realized, referred, future, total, rate;
  double population_rate = 0;  // m, referrals per customer per time unit
  double prior_shape = 0;      // k (infinity reported as 1e12)
  double typical_referred_value = 0;  // V
  uint64_t referral_count = 0;
};

// The referrals log, `referrer_id,referred_id,date` (README "Inputs"), read against the customers:
// `row_of` gives the customer row of an id (std::numeric_limits<uint32_t>::max() for none).
// Referrals dated after `observation_end`, or whose referrer or referred customer has no row (no
// purchase by then), are left out and counted. Throws core::Error(kInput) with file, line and
// column for a date `date_format` cannot read, a customer referring itself, and a customer
// referred twice; and the CSV reader's errors.
struct ReferralLog {
  ReferralInput referrals;
  uint64_t skipped = 0;
};
ReferralLog ReadReferrals(const std::string& path, const std::string& date_format, core::Day observation_end,
                          const std::function<uint32_t(std::string_view id)>& row_of, size_t customers);

// exposure[i]: time units customer i has been observed since its first purchase; revenue, clv,
// p_alive: per summary row.
ReferralValues ComputeReferralValues(const ReferralInput& input, const std::vector<double>& exposure,
                                     const std::vector<double>& revenue, const std::vector<double>& clv,
                                     const std::vector<double>& p_alive, const ReferralOptions& options);

}  // namespace winnow::value
