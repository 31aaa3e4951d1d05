// Stage 5 of the main job: referral value (value/referral.h) from the optional referrals log, and
// each customer's total value, CLV + referral value.
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
  double attribution = 1;
  double margin = 1;
  double horizon = 0;        // time units
  double discount_rate = 0;  // per time unit
};

struct Referrals {
  value::ReferralValues values;
  std::vector<double> total;  // per customer: CLV + referral value
  results::ReferralSection section;
  std::vector<std::string> notes;
};

Referrals ComputeReferrals(const ReferralsInput& input);

}  // namespace winnow::project
