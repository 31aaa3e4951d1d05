// Stage 13 of the main job: the headline figures and the lists results.json carries (the top
// customers by value, the key accounts, the top alerts of each group, the reference customers), for
// the summary, the report and the dashboard.
#pragma once

#include <cstdint>
#include <vector>

#include "project/stages/computed.h"
#include "results/results.h"

namespace winnow::project {

struct HeadlineInput {
  Computed computed;
  std::vector<segment::TierSummary> tiers;  // as in results.json
  size_t top_customers = 100;
  size_t top_alerts = 500;  // at_risk
  size_t top_lost = 100;
  size_t key_accounts = 200;
  std::string rank_by;
  double lookahead_days = 0;
};

struct HeadlineLists {
  results::Headline headline;
  std::vector<results::TopRow> top_customers, key_accounts;
  std::vector<results::AlertRow> top_alerts;
  std::vector<results::ReferenceRow> reference_customers;
};

HeadlineLists MakeHeadline(const HeadlineInput& input);

// The k-th alert (AlertList::alerts) as a row of alerts.csv.
results::AlertRow AlertRowOf(const Computed& computed, size_t k, double lookahead_days);

}  // namespace winnow::project
