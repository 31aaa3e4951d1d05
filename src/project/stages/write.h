// Stage 15, the last of the main job: write customers.csv, alerts.csv, reference_customers.csv,
// accounts.csv, plan.csv and rep_plans/ (with reps), model.json, spend_model.json and results.json (and what RunOptions::more_outputs
// adds, report.html) into a fresh folder beside out/, then swap it in whole (io/output_dir.h): a
// reader or a crash finds the previous run's outputs or this run's, never a mix.
#pragma once

#include <string>

#include "io/output_dir.h"
#include "project/config.h"
#include "project/run.h"
#include "project/stages/check.h"
#include "project/stages/computed.h"
#include "results/results.h"

namespace winnow::project {

struct WriteInput {
  Computed computed;
  const Checked* checked = nullptr;
  const ProjectConfig* config = nullptr;
  const RunOptions* run_options = nullptr;  // progress, more outputs, the test hook
  results::Results* results = nullptr;      // written as results.json; its `files` are filled in here
};

// Returns the folder written (out/, resolved).
std::string WriteOutputs(const WriteInput& input);

// What out/ may hold, and what to do when it holds something else.
io::OutputDir::Options OutDirOptions(const ProjectConfig& config);

}  // namespace winnow::project
