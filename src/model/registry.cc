#include "model/registry.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"
#include "model/bg_nbd.h"
#include "model/bg_bb.h"
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

const std::vector<ModelInfo>& Models() {
  static const std::vector<ModelInfo> models = [] {
    std::vector<ModelInfo> list;
    list.push_back({"bgnbd", "BG/NBD (Fader, Hardie & Lee 2005)", DataKind::kPurchases, &Make<BgNbd>});
    list.push_back({"mbgnbd", "MBG/NBD (Batislam, Denizel & Filiztekin 2007)", DataKind::kPurchases, &Make<MbgNbd>});
    list.push_back({"pnbd", "Pareto/NBD (Schmittlein, Morrison & Colombo 1987)", DataKind::kPurchases, &Make<ParetoNbd>});
    list.push_back({"bgbb", "BG/BB (Fader, Hardie & Shang 2010)", DataKind::kDiscrete, &Make<BgBb>});
    list.push_back({"sbg", "shifted-beta-geometric (Fader & Hardie 2007)", DataKind::kContractual,
                    &Make<ShiftedBetaGeometric>});
    list.push_back({"gg", "Gamma-Gamma spend (Fader, Hardie & Lee 2005)", DataKind::kSpend, &Make<GammaGamma>});
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

}  // namespace winnow::model
