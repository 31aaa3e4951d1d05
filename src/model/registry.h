// The models by name: one line per model in registry.cc.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/model.h"

namespace winnow::model {

// What kind of data a model is fitted on.
enum class DataKind {
  kPurchases,    // frequency, recency, T (continuous time)
  kDiscrete,     // frequency, recency (period index), periods (BG/BB)
  kContractual,  // duration, churned (shifted-BG)
  kSpend,        // frequency, monetary_value (Gamma-Gamma)
};

struct ModelInfo {
  std::string name;
  std::string title;
  DataKind kind;
  std::unique_ptr<Model> (*make)();
};

const std::vector<ModelInfo>& Models();
// Throws core::Error(kUsage) listing the models, with the closest name.
const ModelInfo& FindModel(const std::string& name);

}  // namespace winnow::model
