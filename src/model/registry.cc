#include "model/registry.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"
#include "model/bg_bb.h"
#include "model/bg_nbd.h"
#include "model/gamma_gamma.h"
#include "model/mbg_nbd.h"
#include "model/pareto_nbd.h"
#include "model/sbg.h"

namespace winnow::model {

namespace {

template <typename T>
std::unique_ptr<Model> Make() {
  return std::make_unique<T>();
}

}  // namespace

const char* DataColumns(DataKind kind) {
  switch (kind) {
    case DataKind::kPurchases:
      return "frequency,recency,T";
    case DataKind::kDiscrete:
      return "frequency,recency,periods";
    case DataKind::kContractual:
      return "duration,churned";
    case DataKind::kSpend:
      return "frequency,monetary_value";
  }
  return "";
}

// One line per model. The fields after `make` by name (designated initializers), so a line
// says what it has: predictions, valuation, the roles in run/compare, the simulation.
const std::vector<ModelInfo>& Models() {
  static const std::vector<ModelInfo> models = [] {
    using enum DataKind;
    using enum Simulation;
    std::vector<ModelInfo> list;
    list.push_back({.name = "bgnbd", .title = "BG/NBD (Fader, Hardie & Lee 2005)", .kind = kPurchases,
                    .make = &Make<BgNbd>, .purchase_predictor = &MakeBgNbdPredictor, .valuation = Valuation::kSpendModel,
                    .count_distribution = true, .candidate = true, .default_candidate = true,
                    .compare_default = true, .simulation = kBgNbdLog,
                    .simulation_params = "r=0.243,alpha=4.414,a=0.793,b=2.426", .simulation_source = "CDNOW",
                    .simulate_default = true});
    list.push_back({.name = "mbgnbd", .title = "MBG/NBD (Batislam, Denizel & Filiztekin 2007)", .kind = kPurchases,
                    .make = &Make<MbgNbd>, .purchase_predictor = &MakeMbgNbdPredictor, .valuation = Valuation::kSpendModel,
                    .candidate = true, .default_candidate = true, .simulation = kMbgNbdLog,
                    .simulation_params = "r=0.243,alpha=4.414,a=0.793,b=2.426", .simulation_source = "CDNOW"});
    list.push_back({.name = "pnbd", .title = "Pareto/NBD (Schmittlein, Morrison & Colombo 1987)", .kind = kPurchases,
                    .make = &Make<ParetoNbd>, .purchase_predictor = &MakeParetoNbdPredictor, .valuation = Valuation::kSpendModel,
                    .lifetime_value = true, .candidate = true, .default_candidate = true, .simulation = kParetoNbdLog,
                    .simulation_params = "r=0.5533,alpha=10.5776,s=0.6061,beta=11.665", .simulation_source = "CDNOW"});
    list.push_back({.name = "bgbb", .title = "BG/BB (Fader, Hardie & Shang 2010)", .kind = kDiscrete,
                    .make = &Make<BgBb>, .period_predictor = &MakeBgBbPredictor, .valuation = Valuation::kUnitValue,
                    .simulation = kBgBbSummary, .simulation_params = "alpha=1.204,beta=0.75,gamma=0.657,delta=2.783",
                    .simulation_source = "donations"});
    list.push_back({.name = "sbg", .title = "shifted-beta-geometric (Fader & Hardie 2007)", .kind = kContractual,
                    .make = &Make<ShiftedBetaGeometric>, .period_predictor = &MakeSbgPredictor,
                    .valuation = Valuation::kUnitValue, .lifetime_value = true, .simulation = kSbgSummary,
                    .simulation_params = "alpha=0.704,beta=1.182", .simulation_source = "regular plan"});
    list.push_back({.name = "gg", .title = "Gamma-Gamma spend (Fader, Hardie & Lee 2005)", .kind = kSpend,
                    .make = &Make<GammaGamma>});
    return list;
  }();
  return models;
}

const ModelInfo& FindModel(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& info : Models()) {
    if (info.name == name) return info;
    names.push_back(info.name);
  }
  const std::string guess = core::DidYouMean(name, names);
  throw core::Error(core::ErrorKind::kUsage,
                    fmt::format("unknown model \"{}\"{}; models: {}", name,
                                guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess), fmt::join(names, ", ")));
}

std::vector<std::string> ModelNames(bool (*which)(const ModelInfo&)) {
  std::vector<std::string> names;
  for (const auto& info : Models()) {
    if (which(info)) names.push_back(info.name);
  }
  return names;
}

std::vector<std::string> DefaultCandidates() {
  return ModelNames([](const ModelInfo& info) { return info.default_candidate; });
}

const ModelInfo& SpendModel() {
  for (const auto& info : Models()) {
    if (info.kind == DataKind::kSpend) return info;
  }
  throw core::Error(core::ErrorKind::kUsage, "no spend model in the registry");
}

std::string ShortTitle(const ModelInfo& info) { return info.title.substr(0, info.title.find(" (")); }

}  // namespace winnow::model
