// Stages 2-4 on a simulated BG/NBD project: choose the model, refit it and Gamma-Gamma, score.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "project/stages/choose_model.h"
#include "project/stages/fit_models.h"
#include "project/stages/score.h"
#include "project/stages/stage_test_util.h"

namespace winnow::project {
namespace {

using testing::SimulatedProject;
using testing::TinyProject;
using winnow::testing::D;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;

ChooseModelInput Choose(Ingested& in, std::string model, std::vector<std::string> candidates, uint64_t sample = 0) {
  return {&in.log, in.calibration_options, std::move(model), std::move(candidates), 0, sample, 0, "week",
          core::FormatDay(in.period.calibration_end), core::FormatDay(in.period.observation_end), {}};
}

TEST(ChooseModelStage, RanksTheCandidatesOnTheHoldout) {
  TempDir dir;
  const ProjectConfig config = SimulatedProject(dir, 1500);
  Ingested in = Ingest({&config, {}});
  std::vector<std::string> said;
  ChooseModelInput input = Choose(in, "auto", {"bgnbd", "pnbd"});
  input.say = [&](const std::string& line) { said.push_back(line); };
  const ModelChoice choice = ChooseModel(input);
  const results::ModelSection& M = choice.section;
  ASSERT_EQ(M.candidates.size(), 2u);
  EXPECT_EQ(M.chosen, M.candidates[0].model);
  EXPECT_NE(M.candidates[0].model, M.candidates[1].model);
  if (!M.candidates[1].tied) {
    EXPECT_LE(M.candidates[0].holdout.mae, M.candidates[1].holdout.mae);
  }
  EXPECT_EQ(M.selection_customers, in.customers());
  EXPECT_TRUE(M.validation.predicted.empty());
  EXPECT_NE(M.reason.find(fmt::format("; {} customers, calibration to {}, holdout to {}", in.customers(),
                                      core::FormatDay(in.period.calibration_end), core::FormatDay(in.period.observation_end))),
            std::string::npos)
      << M.reason;
  EXPECT_TRUE(choice.notes.empty());
  ASSERT_EQ(said.size(), 2u);
  EXPECT_EQ(said[0], fmt::format("fitting bgnbd on {} customers up to {}", in.customers(),
                                 core::FormatDay(in.period.calibration_end)));
}

TEST(ChooseModelStage, AModelNamedInTheSettingsIsTaken) {
  TempDir dir;
  const ProjectConfig config = SimulatedProject(dir, 800);
  Ingested in = Ingest({&config, {}});
  const ModelChoice choice = ChooseModel(Choose(in, "mbgnbd", {"bgnbd", "pnbd"}));
  EXPECT_EQ(choice.section.chosen, "mbgnbd");
  ASSERT_EQ(choice.section.candidates.size(), 1u);
  EXPECT_EQ(choice.section.reason, "set in winnow.toml (model.name = \"mbgnbd\")");
}

TEST(ChooseModelStage, TheSelectionSampleIsDeterministicAndLeavesTheLogWhole) {
  TempDir dir;
  const ProjectConfig config = SimulatedProject(dir, 2000);
  Ingested in = Ingest({&config, {}});
  const size_t ids = in.log.ids.size();
  const summary::CustomerSummary a = SelectionSummary(in.log, in.calibration_options, 500);
  const summary::CustomerSummary b = SelectionSummary(in.log, in.calibration_options, 500);
  EXPECT_EQ(in.log.ids.size(), ids);
  EXPECT_EQ(a.customer, b.customer);
  EXPECT_GT(a.size(), 350u);
  EXPECT_LT(a.size(), 650u);
  EXPECT_EQ(SelectionSummary(in.log, in.calibration_options, 0).size(), ids);
  const ModelChoice choice = ChooseModel(Choose(in, "bgnbd", {}, 500));
  EXPECT_EQ(choice.section.selection_customers, a.size());
}

TEST(ChooseModelStage, NoCandidateFittedIsAFitErrorWithEachReason) {
  TempDir dir;
  std::string orders;  // nobody comes back: no model can be identified
  for (int k = 0; k < 60; ++k) orders += fmt::format("C{},2024-{:02}-{:02},10\n", k, 1 + k % 12, 1 + k % 28);
  orders += "C0,2025-06-01,10\n";
  const ProjectConfig config = TinyProject(dir, orders);
  Ingested in = Ingest({&config, {}});
  ExpectError([&] { ChooseModel(Choose(in, "auto", {"bgnbd", "pnbd"})); }, core::ErrorKind::kFit,
              {.rendered = "no purchase model could be fitted: bgnbd: bgnbd: no customer has a repeat purchase: all 57 "
                           "customers fitted are one-time buyers, so purchase rates and dropout cannot be told apart; "
                           "pnbd: pnbd: no customer has a repeat purchase: all 57 customers fitted are one-time buyers, "
                           "so purchase rates and dropout cannot be told apart"});
}

TEST(FitModelsStage, RecoversTheSimulatedParameters) {
  TempDir dir;
  const ProjectConfig config = SimulatedProject(dir, 4000);
  const Ingested in = Ingest({&config, {}});
  const FittedModels m = FitModels({&in.summary, "bgnbd", {}, 0, 0, 0, "week", {}});
  EXPECT_EQ(m.purchase.fit.model, "bgnbd");
  EXPECT_EQ(m.purchase.time_unit, "week");
  EXPECT_EQ(m.purchase.fit.customers, 4000);
  // Simulated with r 0.5, alpha 8, a 0.6, b 3; Gamma-Gamma p 6, q 4, gamma 60. Two standard
  // errors, as the fit reports them.
  const std::vector<double> truth = {0.5, 8, 0.6, 3};
  ASSERT_EQ(m.purchase.fit.std_errors.size(), 4u);
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(m.purchase.fit.params[k], truth[k], 2.5 * m.purchase.fit.std_errors[k]) << m.purchase.fit.param_names[k];
  }
  EXPECT_EQ(m.spend.fit.model, "gg");
  EXPECT_NEAR(m.gg.p * m.gg.gamma / (m.gg.q - 1), 6.0 * 60 / 3, 0.15 * 120);  // the mean spend
  EXPECT_DOUBLE_EQ(m.gg.q, m.spend.Param("q"));
}

TEST(FitModelsStage, FitsOnADeterministicSampleOfCustomers) {
  TempDir dir;
  const ProjectConfig config = SimulatedProject(dir, 3000);
  const Ingested in = Ingest({&config, {}});
  const FittedModels m = FitModels({&in.summary, "bgnbd", {0.5, 8, 0.6, 3}, 0, 600, 0, "week", {}});
  EXPECT_GT(m.purchase.fit.customers, 450);
  EXPECT_LT(m.purchase.fit.customers, 750);
  EXPECT_EQ(FitModels({&in.summary, "bgnbd", {0.5, 8, 0.6, 3}, 0, 600, 0, "week", {}}).purchase.fit.params,
            m.purchase.fit.params);
  const model::Observations spend = SampleObservations(in.summary, 600, [&](size_t k) { return in.summary.frequency[k] > 0; });
  EXPECT_EQ(m.spend.fit.customers, static_cast<double>(spend.size()));
}

TEST(FitModelsStage, WithoutRepeatBuyersNothingIsFitted) {
  TempDir dir;
  std::string orders;
  for (int k = 0; k < 40; ++k) orders += fmt::format("C{},2024-{:02}-{:02},10\n", k, 1 + k % 12, 1 + k % 28);
  const ProjectConfig config = TinyProject(dir, orders);
  const Ingested in = Ingest({&config, {}});
  // The purchase model already cannot tell purchase rates from dropout (and Gamma-Gamma would
  // have no repeat buyer to fit on).
  ExpectError([&] { FitModels({&in.summary, "bgnbd", {0.5, 8, 0.6, 3}, 0.1, 0, 0, "week", {}}); },
              core::ErrorKind::kFit,
              {.rendered = "bgnbd: no customer has a repeat purchase: all 39 customers fitted are one-time buyers, so "
                           "purchase rates and dropout cannot be told apart\n"
                           "hint: bgnbd needs some customers who bought again on a later day: use a log that covers more "
                           "time (a later --observation-end) or more customers; winnow describe shows the repeat buying "
                           "of a log"});
}

// A summary of one customer, x repeat purchases, recency t_x and age T in weeks (days rounded).
summary::CustomerSummary OneCustomer(uint32_t x, double t_x, double T) {
  summary::CustomerSummary s;
  s.unit = summary::TimeUnit::kWeek;
  s.observation_end = D("2025-01-01");
  s.customer = {0};
  s.frequency = {x};
  s.first_day = {s.observation_end - static_cast<core::Day>(std::lround(T * 7))};
  s.last_day = {s.first_day[0] + static_cast<core::Day>(std::lround(t_x * 7))};
  s.monetary_value = {35};
  s.total_revenue = {35.0 * (x + 1)};
  return s;
}

model::SavedModel CdnowBgNbd() {
  model::FitResult fit;
  fit.model = "bgnbd";
  fit.param_names = {"r", "alpha", "a", "b"};
  fit.params = {0.2426, 4.4135, 0.7931, 2.4259};  // Fader, Hardie & Lee (2005a), CDNOW, weeks
  return {fit, "week", 0};
}

TEST(ScoreStage, ExpectedPurchasesOfThePublishedExample) {
  // Fader, Hardie & Lee (2005a), "Counting your customers the easy way", p. 6: a customer with
  // x = 2, t_x = 30.43, T = 38.86 weeks makes 1.226 purchases in the next 39 weeks.
  const summary::CustomerSummary s = OneCustomer(2, 30.43, 38.86);
  const std::vector<std::string> ids = {"C1"};
  const model::SavedModel purchase = CdnowBgNbd();
  const Scores scores = Score({&s, &ids, &purchase, {6.25, 3.74, 15.44}, 7, 39 * 7, 0, 1, 13 * 7, 1});
  EXPECT_NEAR(scores.values.expected_purchases[0], 1.226, 1.5e-3);
  EXPECT_DOUBLE_EQ(scores.options.horizon, 39);
  EXPECT_DOUBLE_EQ(scores.options.lookahead, 13);
  EXPECT_DOUBLE_EQ(scores.options.discount_rate, 0);
  EXPECT_DOUBLE_EQ(scores.options.r, 0.2426);
  // Undiscounted, CLV is margin x expected spend x expected purchases.
  EXPECT_NEAR(scores.values.clv[0], scores.values.expected_spend[0] * scores.values.expected_purchases[0],
              1e-9 * scores.values.clv[0]);
  EXPECT_TRUE(scores.warnings.empty());
}

TEST(ScoreStage, DiscountingPerTimeUnitFromTheAnnualRate) {
  const summary::CustomerSummary s = OneCustomer(5, 30, 40);
  const std::vector<std::string> ids = {"C1"};
  const model::SavedModel purchase = CdnowBgNbd();
  const Scores plain = Score({&s, &ids, &purchase, {6.25, 3.74, 15.44}, 7, 365.25 * 3, 0, 0.3, 91, 1});
  const Scores discounted = Score({&s, &ids, &purchase, {6.25, 3.74, 15.44}, 7, 365.25 * 3, 0.1, 0.3, 91, 1});
  EXPECT_NEAR(discounted.options.discount_rate, std::pow(1.1, 7 / 365.25) - 1, 1e-12);
  EXPECT_LT(discounted.values.clv[0], plain.values.clv[0]);
  EXPECT_DOUBLE_EQ(discounted.values.expected_purchases[0], plain.values.expected_purchases[0]);
}

TEST(ScoreStage, StrictRefusesAnyWarning) {
  RefuseWarnings({});
  ExpectError([] { RefuseWarnings({{"boundary", "b at its bound"}, {"collapsed", "same"}}); }, core::ErrorKind::kInput,
              {.rendered = "strict: 2 warnings about the fit, nothing written:\n  [boundary] b at its bound\n  [collapsed] "
                           "same\nhint: the data do not support the model as fitted; drop --strict (or [run] strict) to "
                           "write the results with the warnings in them"});
}

}  // namespace
}  // namespace winnow::project
