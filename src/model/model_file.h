// model.json: a fitted model as written by `winnow fit` and read by `winnow predict`.
//   {"model": "bgnbd", "params": {"r": .., ...}, "std_errors": {"r": .. or null, ...},
//    "log_likelihood": .., "n_customers": .., "time_unit": "week", "aic": .., "bic": .., ...,
//    "warnings": [{"code": "boundary", "message": ".."}, ...]}
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "model/fit.h"

namespace winnow::model {

struct SavedModel {
  FitResult fit;
  std::string time_unit;
  double penalizer = 0;
  // The named parameter, or throws core::Error(kInput).
  double Param(const std::string& name) const;
};

// Warnings as a JSON array of {"code", "message"}.
nlohmann::ordered_json WarningsJson(const std::vector<FitWarning>& warnings);
// The model.json document as a JSON object (non-finite numbers as null), also embedded in
// results.json.
nlohmann::ordered_json ModelJsonObject(const SavedModel& model);
void WriteModelJson(const SavedModel& model, const std::string& path);
// Throws core::Error(kInput) naming the file and what is wrong.
SavedModel ReadModelJson(const std::string& path);

}  // namespace winnow::model
