// The per-model test kit, run for every model of the registry (src/model/registry.cc):
//   GradientMatchesDifferences        the analytic gradient of the log-likelihood against
//                                     central (or fourth-order) differences at several points
//   RecoversSimulatedParameters       the fit of 20,000 customers drawn from the model's story
//                                     (stories.h) lands within 3 standard errors of the truth
//   DataWithoutInformationIsAFitError the data that cannot identify the model give the fit error
//                                     that says why, exactly
// The tests are instantiated from the registry, so a new model fails them until it has its case
// in Cases() below: copy the case of the model nearest to it.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "model/model_test_util.h"
#include "model/registry.h"
#include "model/stories.h"
#include "test_util.h"

namespace winnow::model {
namespace {

using winnow::testing::ErrorSays;

Observations Purchases(std::vector<double> frequency, std::vector<double> recency, std::vector<double> age,
                       std::vector<double> weight) {
  Observations data;
  data.frequency = std::move(frequency);
  data.recency = std::move(recency);
  data.age = std::move(age);
  data.weight = std::move(weight);
  return data;
}

Observations Contracts(std::vector<double> periods, std::vector<double> churned, std::vector<double> weight) {
  Observations data;
  data.age = std::move(periods);
  data.churned = std::move(churned);
  data.weight = std::move(weight);
  return data;
}

Observations Spend(std::vector<double> frequency, std::vector<double> monetary, std::vector<double> weight) {
  Observations data;
  data.frequency = std::move(frequency);
  data.monetary = std::move(monetary);
  data.weight = std::move(weight);
  return data;
}

// Data that cannot identify the model and what the fit says about them.
struct NotIdentified {
  Observations data;
  ErrorSays says;
};

struct KitCase {
  std::string model;  // the registry name
  // The gradient check: data with every kind of row (x = 0, t_x = T, heavy buyers, weights) and
  // parameter points inside the domain and near its edges.
  Observations gradient_data;
  std::vector<std::vector<double>> gradient_at;
  double gradient_tolerance = 1e-5;
  bool fourth_order = false;  // for likelihoods whose rounding needs a larger step
  // Recovery: data simulated from `truth` (in the model's parameter order).
  std::function<Observations()> simulate;
  std::vector<double> truth;
  std::function<void(const FitResult&)> also_check_fit;  // more checks on the recovered fit
  std::vector<NotIdentified> not_identified;
};

const std::vector<KitCase>& Cases() {
  static const std::vector<KitCase> cases = [] {
    std::vector<KitCase> list;
    // The purchase models share the "one-time buyers only" data.
    const Observations one_time_buyers = Purchases({0, 0}, {0, 0}, {5, 6}, {1, 1});
    {
      KitCase c;
      c.model = "bgnbd";
      c.gradient_data =
          Purchases({0, 1, 2, 7, 30}, {0, 3.5, 20.1, 35.0, 38.0}, {10.0, 38.86, 38.86, 40.0, 39.0}, {3, 1, 2, 1, 1});
      c.gradient_at = {{0.243, 4.414, 0.793, 2.426}, {2.0, 0.5, 3.0, 0.4}};
      c.simulate = [] { return testing::SimulateBgNbd({0.8, 5.0, 1.6, 3.0}, 20000, 20261126); };
      c.truth = {0.8, 5.0, 1.6, 3.0};
      c.not_identified = {{one_time_buyers,
                           {.message = "bgnbd: no customer has a repeat purchase: both customers fitted are one-time "
                                       "buyers, so purchase rates and dropout cannot be told apart"}}};
      list.push_back(c);
    }
    {
      KitCase c;
      c.model = "mbgnbd";
      c.gradient_data = Purchases({0, 1, 2, 7, 30, 0}, {0, 3.5, 20.1, 35.0, 38.0, 0}, {10.0, 38.86, 38.86, 40.0, 39.0, 1e4},
                                  {3, 1, 2, 1, 1, 2});
      c.gradient_at = {{0.525, 6.183, 0.891, 1.614}, {2.0, 0.5, 3.0, 0.4}, {0.05, 40.0, 0.1, 9.0}};
      c.simulate = [] { return testing::SimulateMbgNbd({0.8, 5.0, 1.6, 3.0}, 20000, 20240601); };
      c.truth = {0.8, 5.0, 1.6, 3.0};
      c.not_identified = {{one_time_buyers,
                           {.message = "mbgnbd: no customer has a repeat purchase: both customers fitted are one-time "
                                       "buyers, so purchase rates and dropout cannot be told apart"}}};
      list.push_back(c);
    }
    {
      KitCase c;
      c.model = "pnbd";
      c.gradient_data =
          Purchases({0, 1, 2, 7, 30}, {0, 3.5, 20.1, 35.0, 38.0}, {10.0, 38.86, 38.86, 40.0, 38.0}, {3, 1, 2, 1, 1});
      // alpha < beta, alpha > beta, alpha = beta, and z near 1 (the 2F1's quadrature path).
      c.gradient_at = {
          {0.5533, 10.5776, 0.6061, 11.6650}, {2.0, 15.0, 1.0, 0.5}, {0.8, 4.0, 1.3, 4.0}, {0.3, 200.0, 0.4, 0.01}};
      c.gradient_tolerance = 1e-7;
      c.fourth_order = true;
      c.simulate = [] { return testing::SimulateParetoNbd({0.7, 9.0, 0.5, 6.0}, 20000, 2024); };
      c.truth = {0.7, 9.0, 0.5, 6.0};
      c.not_identified = {{one_time_buyers,
                           {.message = "pnbd: no customer has a repeat purchase: both customers fitted are one-time "
                                       "buyers, so purchase rates and dropout cannot be told apart"}}};
      list.push_back(c);
    }
    {
      KitCase c;
      c.model = "bgbb";
      c.gradient_data =
          Purchases({0, 1, 2, 6, 3, 0, 10}, {0, 1, 4, 6, 9, 0, 40}, {6, 6, 6, 6, 12, 1, 50}, {3, 1, 2, 1, 1, 2, 1});
      c.gradient_at = {{1.204, 0.750, 0.657, 2.783}, {0.3, 4.0, 2.5, 0.4}, {20.0, 0.05, 0.05, 30.0}};
      c.simulate = [] { return testing::SimulateBgBb({1.2, 0.8, 0.6, 2.5}, 20000, 20240602); };
      c.truth = {1.2, 0.8, 0.6, 2.5};
      c.not_identified = {{Purchases({0, 0}, {0, 0}, {6, 6}, {10, 3}),
                           {.message = "bgbb: no customer has a transaction, so transaction and dropout probabilities "
                                       "cannot be told apart"}}};
      list.push_back(c);
    }
    {
      KitCase c;
      c.model = "sbg";
      c.gradient_data = Contracts({1, 2, 5, 7, 7, 40, 1}, {1, 1, 1, 1, 0, 0, 0}, {369, 163, 37, 21, 241, 3, 2});
      c.gradient_at = {{0.704, 1.182}, {0.05, 30.0}, {8.0, 0.2}};
      c.simulate = [] { return testing::SimulateSbg({0.7, 1.5}, 20000, 20240603); };
      c.truth = {0.7, 1.5};
      // The fit works on the distinct (periods, churned) rows: at most 12 x 2 here.
      c.also_check_fit = [](const FitResult& fit) { EXPECT_LT(fit.distinct_rows, 30u); };
      c.not_identified = {
          {Contracts({3, 5}, {0, 0}, {100, 50}),
           {.message = "sbg: no contract has ended, so the churn probability cannot be estimated"}},
          {Contracts({1, 1}, {1, 0}, {30, 70}),
           {.message = "sbg: only the first period is observed, which fixes alpha/(alpha+beta) but not the "
                       "heterogeneity of churn"}}};
      list.push_back(c);
    }
    {
      KitCase c;
      c.model = "gg";
      c.gradient_data = Spend({1, 2, 5, 0}, {10.5, 33.0, 12.25, 0}, {1, 2, 1, 4});
      c.gradient_at = {{6.2, 3.7, 15.4}};
      c.gradient_tolerance = 1e-6;
      c.simulate = [] { return testing::SimulateGammaGamma({6.0, 3.5, 15.0}, 20000, 77); };
      c.truth = {6.0, 3.5, 15.0};
      c.not_identified = {
          {Spend({1, 0, 3}, {12.5, 0, 0}, {1, 5, 2}),
           {.rendered = "gg: 1 customer with repeat purchases and a positive mean spend; the Gamma-Gamma spend model "
                        "needs at least 2\n"
                        "hint: the spend model is fitted on the mean amount of repeat purchases, so one-time buyers do "
                        "not count: use a log that covers more time (a later --observation-end) or more customers"}}};
      list.push_back(c);
    }
    return list;
  }();
  return cases;
}

// The case of a registered model, or a failure that says what to add.
const KitCase* CaseOf(const std::string& model) {
  for (const KitCase& c : Cases()) {
    if (c.model == model) return &c;
  }
  ADD_FAILURE() << "model \"" << model << "\" has no kit case: add one to Cases() in tests/model/model_kit_test.cc";
  return nullptr;
}

std::vector<std::string> RegisteredModels() {
  std::vector<std::string> names;
  for (const ModelInfo& info : Models()) names.push_back(info.name);
  return names;
}

class ModelKit : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelKit, GradientMatchesDifferences) {
  const KitCase* c = CaseOf(GetParam());
  if (c == nullptr) return;
  ASSERT_FALSE(c->gradient_at.empty());
  const auto model = FindModel(c->model).make();
  for (const std::vector<double>& params : c->gradient_at) {
    if (c->fourth_order) {
      testing::ExpectGradientMatchesFourthOrderDifferences(*model, c->gradient_data, params, c->gradient_tolerance);
    } else {
      testing::ExpectGradientMatchesCentralDifferences(*model, c->gradient_data, params, c->gradient_tolerance);
    }
  }
}

TEST_P(ModelKit, RecoversSimulatedParameters) {
  const KitCase* c = CaseOf(GetParam());
  if (c == nullptr) return;
  const auto model = FindModel(c->model).make();
  const FitResult fit = testing::ExpectFitRecovers(*model, c->simulate(), c->truth);
  if (c->also_check_fit) c->also_check_fit(fit);
}

TEST_P(ModelKit, DataWithoutInformationIsAFitError) {
  const KitCase* c = CaseOf(GetParam());
  if (c == nullptr) return;
  ASSERT_FALSE(c->not_identified.empty());
  const auto model = FindModel(c->model).make();
  for (const NotIdentified& n : c->not_identified) testing::ExpectNotIdentified(*model, n.data, n.says);
}

// Every case names a registered model (a case left behind by a renamed model fails here).
TEST(ModelKitCases, NameRegisteredModels) {
  const std::vector<std::string> registered = RegisteredModels();
  for (const KitCase& c : Cases()) {
    EXPECT_NE(std::find(registered.begin(), registered.end(), c.model), registered.end()) << c.model;
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, ModelKit, ::testing::ValuesIn(RegisteredModels()),
                         [](const ::testing::TestParamInfo<std::string>& model) { return model.param; });

}  // namespace
}  // namespace winnow::model
