// Stage 11 of the main job, when the project has reps (plan.reps): the effort plan (README "Effort
// plans"). Who works whom (territories or the customers table's owner), today's contacts (the
// interactions history), how value answers contacts per group of customers (estimated from the
// history where it identifies the curve, else CALLPLAN's judgment from winnow.toml; plan/response.h),
// what is at stake per customer, the limits (rules, per-customer limits), then the allocation
// (plan/optimize.h) beside the even spread and today's allocation of the same contacts, the reason
// for each customer, and, for a simulated project, the true gains (plan.truth).
//
// The stake: the customer's expected value in the period at today's level of contact,
//   stake = margin x expected spend x expected purchases in the period      (plan.stake = "value")
// plus, with plan.stake = "value+upside" and a potential,
//         margin x P(alive) x max(0, potential - annual revenue) x period / year,
// so that the response's lift (the share of the stake contacts add) is CALLPLAN's index applied to
// the account's sales (Lodish 1971). A customer that is probably lost has little stake, and so
// little to gain from a contact.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/field_force.h"
#include "project/config.h"
#include "project/stages/accounts.h"
#include "project/stages/ingest.h"
#include "project/stages/stage.h"
#include "project/stages/tiers.h"
#include "results/results.h"
#include "value/customer_value.h"

namespace winnow::project {

struct PlanInput {
  const ProjectConfig* config = nullptr;
  const Ingested* in = nullptr;
  const std::vector<uint32_t>* customer_of_log_row = nullptr;
  const value::CustomerValues* values = nullptr;  // with expected_in_plan_period
  const AccountLinks* accounts = nullptr;
  const Tiering* tiering = nullptr;
  Say say;
};

// One customer of the plan (a row of plan.csv).
struct PlanRow {
  uint32_t customer = 0;  // customer row
  uint32_t rep = 0;       // index into EffortPlan::reps
  uint16_t contacts = 0, even = 0;
  double expected_gain = 0;
  double current = 0;  // contacts per period today; NaN without a history
  double stake = 0;
  double next_gain = 0;  // of one contact more than planned (0 at the maximum)
  std::string reason;
};

struct EffortPlan {
  bool planned = false;  // false without plan.reps: nothing else is filled
  std::vector<plan::Rep> reps;
  std::vector<PlanRow> rows;  // the customers in the plan, most expected gain first
  results::PlanSection section;
  std::vector<std::string> notes;
};

// Throws core::Error: kInput for a bad table (file, line, column), a rep named by the territories
// that the reps table lacks, limits that contradict each other, minimums the capacities or the
// budget cannot meet; kConfig for plan.response = "history" when the history does not identify the
// response, or a judgment without today's level and no history.
EffortPlan PlanEffort(const PlanInput& input);

}  // namespace winnow::project
