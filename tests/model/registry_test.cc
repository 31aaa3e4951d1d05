// The registry's lines agree with the models they name: a model's name, its data, its
// predictions and its roles (candidate of winnow run and compare, simulation, distribution,
// lifetime value) are each stated once, in model/registry.cc, and checked here against what the
// model's code does.
#include "model/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/model_file.h"
#include "model/model_test_util.h"

namespace winnow::model {
namespace {

using winnow::testing::ExpectError;

// A saved model of the registry line with every parameter 1.5 (a valid point of every model).
SavedModel OnesModel(const ModelInfo& info) {
  SavedModel m;
  m.fit.model = info.name;
  m.fit.param_names = info.make()->param_names();
  m.fit.params.assign(m.fit.param_names.size(), 1.5);
  m.time_unit = "week";
  return m;
}

TEST(Registry, EachLineNamesItsModel) {
  std::set<std::string> names;
  for (const auto& info : Models()) {
    EXPECT_EQ(info.make()->name(), info.name);
    EXPECT_TRUE(names.insert(info.name).second) << info.name << " twice";
    EXPECT_FALSE(info.title.empty()) << info.name;
    EXPECT_EQ(&FindModel(info.name), &info);
  }
  ExpectError([] { FindModel("bgndb"); }, core::ErrorKind::kUsage,
              {.message = "unknown model \"bgndb\" (did you mean \"bgnbd\"?); models: bgnbd, mbgnbd, pnbd, bgbb, sbg, gg"});
}

// The predictor a line names matches the model's data: purchase models predict purchases, the
// models of whole periods predict per period, and no line names both.
TEST(Registry, PredictorsFollowTheKindOfData) {
  for (const auto& info : Models()) {
    const bool purchases = info.kind == DataKind::kPurchases;
    const bool periods = info.kind == DataKind::kDiscrete || info.kind == DataKind::kContractual;
    EXPECT_EQ(info.purchase_predictor != nullptr, purchases) << info.name;
    EXPECT_EQ(info.period_predictor != nullptr, periods) << info.name;
    EXPECT_EQ(info.valuation, purchases ? Valuation::kSpendModel : periods ? Valuation::kUnitValue : Valuation::kNone)
        << info.name;
    const SavedModel saved = OnesModel(info);
    if (purchases) {
      const auto predictor = MakePredictor(saved);
      double value = 0;
      EXPECT_EQ(predictor->LifetimeDiscountedPurchases(0.01, 2, 3, 5, &value), info.lifetime_value) << info.name;
      EXPECT_EQ(predictor->PurchaseCountProbability(2, 1, &value), info.count_distribution) << info.name;
    } else {
      EXPECT_FALSE(info.count_distribution) << info.name;
      ExpectError([&] { MakePredictor(saved); }, core::ErrorKind::kUsage,
                  {.message = "the " + info.name + " model does not predict purchases; --model-file needs a purchase model: bgnbd, "
                                       "mbgnbd or pnbd"});
    }
    if (periods) {
      // --lifetime is refused exactly by the models without a lifetime value.
      bool refused = false;
      try {
        info.period_predictor(saved, PeriodOptions{3, 0.1, true});
      } catch (const core::Error& e) {
        refused = e.kind() == core::ErrorKind::kUsage;
      }
      EXPECT_EQ(refused, !info.lifetime_value) << info.name;
      const auto predictor = info.period_predictor(saved, PeriodOptions{3, 0.1, false});
      std::string columns;
      for (size_t k = 0; k < predictor->summary_columns(); ++k) {
        columns += (k ? "," : "") + predictor->columns()[k];
      }
      EXPECT_EQ(columns, DataColumns(info.kind)) << info.name;
      EXPECT_EQ(predictor->columns().back(), "dert") << info.name;
    }
  }
}

// The candidates of winnow run and compare are purchase models; the defaults are among them.
TEST(Registry, CandidatesAndDefaults) {
  for (const auto& info : Models()) {
    if (info.candidate) {
      EXPECT_EQ(info.kind, DataKind::kPurchases) << info.name;
    }
    if (info.default_candidate || info.compare_default) {
      EXPECT_TRUE(info.candidate) << info.name;
    }
  }
  EXPECT_EQ(DefaultCandidates(), (std::vector<std::string>{"bgnbd", "mbgnbd", "pnbd"}));
  EXPECT_EQ(ModelNames([](const ModelInfo& info) { return info.compare_default; }), (std::vector<std::string>{"bgnbd"}));
  EXPECT_EQ(SpendModel().name, "gg");
  EXPECT_EQ(SpendModel().kind, DataKind::kSpend);
}

// Each simulated model's default parameters are a full set of its parameters, each > 0.
TEST(Registry, SimulationDefaultsNameEveryParameter) {
  size_t defaults = 0;
  for (const auto& info : Models()) {
    defaults += info.simulate_default;
    if (info.simulation == Simulation::kNone) {
      EXPECT_TRUE(info.simulation_params.empty()) << info.name;
      EXPECT_FALSE(info.simulate_default) << info.name;
      continue;
    }
    EXPECT_FALSE(info.simulation_source.empty()) << info.name;
    std::vector<std::string> names;
    std::stringstream list(info.simulation_params);
    for (std::string item; std::getline(list, item, ',');) {
      const size_t eq = item.find('=');
      ASSERT_NE(eq, std::string::npos) << info.name << ": " << item;
      names.push_back(item.substr(0, eq));
      EXPECT_GT(std::stod(item.substr(eq + 1)), 0) << info.name << ": " << item;
    }
    EXPECT_EQ(names, info.make()->param_names()) << info.name;
    const bool log = info.simulation == Simulation::kBgNbdLog || info.simulation == Simulation::kMbgNbdLog ||
                     info.simulation == Simulation::kParetoNbdLog;
    EXPECT_EQ(log, info.kind == DataKind::kPurchases) << info.name;
  }
  EXPECT_EQ(defaults, 1u);
}

TEST(Registry, WordsForMessages) {
  EXPECT_EQ(ShortTitle(FindModel("bgbb")), "BG/BB");
  EXPECT_EQ(ShortTitle(FindModel("bgnbd")), "BG/NBD");
  EXPECT_EQ(core::JoinOr({}), "");
  EXPECT_EQ(core::JoinOr({"pnbd"}), "pnbd");
  EXPECT_EQ(core::JoinOr({"bgnbd", "pnbd"}), "bgnbd or pnbd");
  EXPECT_EQ(core::JoinOr({"bgnbd", "mbgnbd", "pnbd"}), "bgnbd, mbgnbd or pnbd");
  EXPECT_STREQ(DataColumns(DataKind::kDiscrete), "frequency,recency,periods");
  EXPECT_STREQ(DataColumns(DataKind::kContractual), "duration,churned");
}

}  // namespace
}  // namespace winnow::model
