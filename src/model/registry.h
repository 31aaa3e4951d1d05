// The models by name: one line per model in registry.cc, and everything the commands, the
// configuration and the report need to know about a model: its name and title, the data it is
// fitted on, what it predicts, how it is valued, whether it is a candidate of `winnow run` and
// `compare`, and how `winnow simulate` draws from it. The commands and winnow.toml read these facts
// here instead of spelling model names, so a new model is its own files plus one line in
// registry.cc (docs/ARCHITECTURE.md, "Adding a model").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/model.h"
#include "model/predict.h"

namespace winnow::model {

// What kind of data a model is fitted on.
enum class DataKind {
  kPurchases,    // frequency, recency, T (continuous time)
  kDiscrete,     // frequency, recency (period index), periods (BG/BB)
  kContractual,  // duration, churned (shifted-BG)
  kSpend,        // frequency, monetary_value (Gamma-Gamma)
};
// The summary columns of a kind, as read and written: "frequency,recency,periods" for kDiscrete.
const char* DataColumns(DataKind kind);

// How `winnow simulate` draws data from a model's story (src/simulate/).
enum class Simulation {
  kNone,          // not simulated on its own (Gamma-Gamma: the amounts of a simulated log)
  kBgNbdLog,      // a transaction log, BG/NBD's story (simulate::SimulateBgNbd)
  kMbgNbdLog,     // a transaction log, MBG/NBD's story
  kParetoNbdLog,  // a transaction log, Pareto/NBD's story
  kBgBbSummary,   // a summary frequency,recency,periods (simulate::SimulateBgBb)
  kSbgSummary,    // a summary duration,churned (simulate::SimulateSbg)
};

// How `winnow predict` turns a model's predictions into money.
enum class Valuation {
  kNone,        // the model is itself a valuation (Gamma-Gamma: the expected spend per purchase)
  kSpendModel,  // DERT x the expected spend of a Gamma-Gamma model (--spend-model) x the margin
  kUnitValue,   // DERT x a value per transaction or period (--unit-value) x the margin
};

struct ModelInfo {
  std::string name;   // as in --model, model.json and winnow.toml: "bgnbd"
  std::string title;  // for people, with the paper: "BG/NBD (Fader, Hardie & Lee 2005)"
  DataKind kind;
  std::unique_ptr<Model> (*make)();
  // Predictions: a purchase model's PurchasePredictor (predict, run, compare, the server), or a
  // period model's PeriodPredictor (predict on BG/BB and shifted-BG summaries); null when the
  // model predicts neither (Gamma-Gamma's spend goes with a purchase model).
  std::unique_ptr<PurchasePredictor> (*purchase_predictor)(const SavedModel&) = nullptr;
  std::unique_ptr<PeriodPredictor> (*period_predictor)(const SavedModel&, const PeriodOptions&) = nullptr;
  Valuation valuation = Valuation::kNone;
  bool lifetime_value = false;      // DERT over the whole remaining lifetime in closed form (predict --lifetime)
  bool count_distribution = false;  // P(X(t) = k) of a new customer (winnow distribution)
  // The purchase models `winnow run` and `compare` choose among (model.name, model.candidates,
  // --models), and the defaults: winnow.toml's model.candidates, and compare's --models.
  bool candidate = false;
  bool default_candidate = false;
  bool compare_default = false;
  // winnow simulate: how it draws, the published estimates it draws with unless --params are
  // given (parameter names as in param_names()) and where they come from, and its default --model.
  Simulation simulation = Simulation::kNone;
  std::string simulation_params = {};
  std::string simulation_source = {};
  bool simulate_default = false;
};

const std::vector<ModelInfo>& Models();
// Throws core::Error(kUsage) listing the models, with the closest name.
const ModelInfo& FindModel(const std::string& name);
// The names of the models for which `which` holds, in the registry's order.
std::vector<std::string> ModelNames(bool (*which)(const ModelInfo&));
// winnow.toml's model.candidates when not set: the models with default_candidate.
std::vector<std::string> DefaultCandidates();
// The spend model that values the purchase models' predictions (Valuation::kSpendModel).
const ModelInfo& SpendModel();
// The title without its paper: "BG/BB".
std::string ShortTitle(const ModelInfo& info);

}  // namespace winnow::model
