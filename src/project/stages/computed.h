// What the computing stages of the main job have produced, for the stages that present it (the
// headline and top lists, the plausibility guard, the writer): pointers to their outputs.
#pragma once

#include "project/stages/accounts.h"
#include "project/stages/alerts.h"
#include "project/stages/experts.h"
#include "project/stages/fit_models.h"
#include "project/stages/ingest.h"
#include "project/stages/plan.h"
#include "project/stages/reference.h"
#include "project/stages/referrals.h"
#include "project/stages/rollup.h"
#include "project/stages/score.h"
#include "project/stages/tiers.h"

namespace winnow::project {

struct Computed {
  const Ingested* ingested = nullptr;
  const FittedModels* models = nullptr;
  const Scores* scores = nullptr;
  const Referrals* referrals = nullptr;
  const AccountLinks* accounts = nullptr;
  const Tiering* tiering = nullptr;
  const AlertList* alerts = nullptr;
  const ReferenceList* references = nullptr;
  const Rollup* rollup = nullptr;
  const EffortPlan* plan = nullptr;  // planned == false without plan.reps
  const ExpertList* experts = nullptr;  // present == false without experts.experts
  std::vector<std::string> tier_names;

  const std::string& TierName(size_t row) const { return tier_names[tiering->tier[row]]; }
};

}  // namespace winnow::project
