// Stage 11b of the main job, when the project has experts (experts.experts): the experts and key
// opinion leaders (README "Experts"). Reads the experts and their activity tables
// (expert/tables.h), builds the network of joint work and its PageRank (expert/network.h), scores
// the six criteria, the total, tiers, rising stars and explanations (expert/scoring.h), and links
// each expert to its account in the customers table.
#pragma once

#include <string>
#include <vector>

#include "expert/network.h"
#include "expert/scoring.h"
#include "expert/tables.h"
#include "project/config.h"
#include "project/stages/accounts.h"
#include "project/stages/stage.h"
#include "results/results.h"

namespace winnow::project {

struct ExpertsInput {
  const ProjectConfig* config = nullptr;
  const AccountLinks* accounts = nullptr;  // to check the experts' customer_id
  Say say;
};

struct ExpertList {
  bool present = false;  // false without experts.experts: nothing else is filled
  expert::ExpertTables tables;
  expert::Network network;
  std::vector<expert::ExpertScore> scores;
  std::vector<uint32_t> ranked;  // expert indices, highest total score first (ties by id)
  results::ExpertSection section;
  std::vector<std::string> notes;
};

// Throws the readers' core::Error(kInput) with file, line and column, and kConfig for bad weights.
ExpertList ScoreExpertsStage(const ExpertsInput& input);

// Expert `e` as a row of experts.csv (and of results.json's top list).
results::ExpertRow Row(const ExpertList& list, uint32_t e);

}  // namespace winnow::project
