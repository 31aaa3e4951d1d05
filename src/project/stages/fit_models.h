// Stage 3 of the main job: refit the chosen purchase model on the whole period (from the
// calibration estimates), and Gamma-Gamma for spend on the repeat buyers; each on a deterministic
// sample of at most model.fit_sample customers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/fit.h"
#include "model/gamma_gamma.h"
#include "model/model_file.h"
#include "project/stages/stage.h"
#include "summary/summary.h"

namespace winnow::project {

struct FitModelsInput {
  const summary::CustomerSummary* summary = nullptr;  // the whole period
  std::string model;                                 // the chosen purchase model
  std::vector<double> start;                         // its calibration estimates: a close start
  double penalizer = 0;
  uint64_t fit_sample = 0;  // customers at most (0: all)
  size_t threads = 0;
  std::string time_unit;
  Say say;
};

struct FittedModels {
  model::SavedModel purchase;  // as written to model.json
  model::SavedModel spend;     // Gamma-Gamma, spend_model.json
  model::GammaGammaParams gg;
  std::vector<model::FitWarning> warnings;  // the purchase fit's, then the spend fit's
  std::vector<std::string> notes;           // the optimizers' messages
};

// Throws core::Error(kFit) when no customer has a repeat purchase, or Gamma-Gamma's q <= 1 (an
// infinite mean spend).
FittedModels FitModels(const FitModelsInput& input);

// The summary rows of a deterministic sample of about `wanted` customers (by a hash of the
// customer's id index; all when wanted is 0 or fewer are eligible) that `also` accepts.
model::Observations SampleObservations(const summary::CustomerSummary& s, uint64_t wanted,
                                       const std::function<bool(size_t)>& also = {});

}  // namespace winnow::project
