// Stage 13b of the main job: the Account 360 (value/account_view.h) of the top parent accounts
// (purchasing groups, chains, ...) for results.json's `account_views`, the report's section of
// them. The same objects `winnow serve` answers at /api/accounts/{id}, built here from what the
// run computed instead of the files it wrote.
//
// Cost: only the subtrees of the chosen accounts are handed to the views (their accounts,
// customers, alerts, purchases, experts and plan rows), so the stage costs a pass over the
// accounts and the log plus the size of those subtrees, not copies of every customer's texts.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

#include "project/stages/computed.h"

namespace winnow::project {

struct AccountViewsInput {
  Computed computed;
  const std::vector<uint32_t>* customer_of_log_row = nullptr;  // Ingested::CustomerOfLogRows
  size_t top = 10;             // the first parents of Rollup::top_parents
  double lookahead_days = 0;   // alerts.lookahead, as alerts.csv writes it
};

// An array of Account 360 objects, the parents in the order of Rollup::top_parents.
nlohmann::ordered_json TopAccountViews(const AccountViewsInput& input);

}  // namespace winnow::project
