// Stage 5 of the main job: referral value (value/referral.h) from the optional referrals log, and
// each customer's value, the one tiers and rankings use (tiers.rank_by): its CLV, or CLV + referral
// value.
#pragma once

#include <string>
#include <vector>

#include "project/stages/ingest.h"
#include "results/results.h"
#include "value/customer_value.h"
#include "value/referral.h"

namespace winnow::project {

struct ReferralsInput {
  const Ingested* ingested = nullptr;
  const value::CustomerValues* values = nullptr;
  std::string path;  // the referrals log, resolved; empty: none
  std::string date_format;
  double incremental_share = 0.2;
  bool rank_with_referrals = false;  // tiers.rank_by = "clv+referral"
  double margin = 1;
  double horizon = 0;        // time units
  double discount_rate = 0;  // per time unit
};

struct Referrals {
  value::ReferralValues values;
  std::vector<double> value;  // per customer: CLV, or CLV + referral value (rank_with_referrals)
  results::ReferralSection section;
  std::vector<std::string> notes;
};

Referrals ComputeReferrals(const ReferralsInput& input);

}  // namespace winnow::project
