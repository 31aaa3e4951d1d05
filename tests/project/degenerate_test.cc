// Degenerate fits said out loud (issue 9): the warnings of a fit at a boundary, tied and collapsed
// candidates, the plausibility guard, --strict, and the penalizer's independence of the time unit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/csv_table.h"
#include "io/transaction_reader.h"
#include "model/fit.h"
#include "model/gamma_gamma.h"
#include "model/model_test_util.h"
#include "model/purchase_data.h"
#include "model/registry.h"
#include "model/selection.h"
#include "project/config.h"
#include "project/run.h"
#include "simulate/simulate.h"
#include "summary/summary.h"
#include "test_util.h"
#include "value/plausibility.h"

namespace winnow {
namespace {

using testing::ExpectError;
using testing::ReadFile;
using testing::TempDir;

bool HasWarning(const std::vector<model::FitWarning>& warnings, const std::string& code) {
  return std::any_of(warnings.begin(), warnings.end(), [&](const auto& w) { return w.code == code; });
}

// A log without churn: Pareto/NBD with a vanishing dropout rate (mean s / beta = 1e-9 a week).
simulate::SimulateOptions NoChurnOptions(uint64_t customers = 2000) {
  simulate::SimulateOptions o;
  o.story = simulate::PurchaseStory::kParetoNbd;
  o.pareto = {0.8, 5.0, 1e-4, 1e5};
  o.spend = simulate::GammaGammaParams{6.25, 3.74, 15.44};
  o.customers = customers;
  o.seed = 11;
  o.start = core::DaysFromCivil(2024, 1, 1);
  o.observation_length = 104;
  return o;
}

// The CDNOW-like story, with churn: BG/NBD at the published estimates.
simulate::SimulateOptions ChurnOptions(uint64_t customers = 2000) {
  simulate::SimulateOptions o = NoChurnOptions(customers);
  o.story = simulate::PurchaseStory::kBgNbd;
  o.purchase = {0.243, 4.414, 0.793, 2.426};
  return o;
}

summary::CustomerSummary Summarize(const simulate::SimulateOptions& o, const TempDir& dir, summary::TimeUnit unit,
                                   std::optional<core::Day> calibration_end = std::nullopt) {
  const std::string path = dir.File("log.csv");
  simulate::WriteSimulatedCsv(simulate::SimulateBgNbd(o), o, path);
  io::ReadOptions read;
  const io::TransactionLog log = io::ReadTransactions({path}, read);
  summary::SummaryOptions so;
  so.unit = unit;
  so.calibration_end = calibration_end;
  return summary::Summarize(log, so);
}

TEST(FitWarnings, NoChurnLogPutsEachPurchaseModelAtItsBoundary) {
  TempDir dir;
  const model::Observations data = model::SummaryObservations(Summarize(NoChurnOptions(), dir, summary::TimeUnit::kWeek));
  for (const char* name : {"bgnbd", "mbgnbd", "pnbd"}) {
    const model::FitResult fit = model::Fit(*model::FindModel(name).make(), data);
    EXPECT_TRUE(HasWarning(fit.warnings, "boundary")) << name;
    for (double p : fit.params) EXPECT_TRUE(std::isfinite(p));
  }
}

TEST(FitWarnings, ChurnLogAndCdnowFitWithoutWarnings) {
  TempDir dir;
  const model::Observations data = model::SummaryObservations(Summarize(ChurnOptions(), dir, summary::TimeUnit::kWeek));
  const model::FitResult fit = model::Fit(*model::FindModel("bgnbd").make(), data);
  EXPECT_TRUE(fit.warnings.empty()) << (fit.warnings.empty() ? "" : fit.warnings.front().message);

  const model::Observations cdnow = model::testing::CdnowSummary();
  for (const char* name : {"bgnbd", "mbgnbd", "pnbd"}) {
    const model::FitResult f = model::Fit(*model::FindModel(name).make(), cdnow);
    EXPECT_TRUE(f.warnings.empty()) << name << ": " << (f.warnings.empty() ? "" : f.warnings.front().message);
  }
}

TEST(FitWarnings, GammaGammaRunningOffTowardsInfiniteShapeIsABoundary) {
  // Every customer's transactions have exactly its mean value: no spread within customers, the
  // p -> infinity limit of Gamma-Gamma.
  model::Observations data;
  for (int i = 0; i < 400; ++i) {
    data.frequency.push_back(1 + i % 7);
    data.monetary.push_back(20.0 * std::exp(0.5 * std::sin(i * 1.7)));
    data.recency.push_back(0);
    data.age.push_back(0);
    data.weight.push_back(1);
  }
  try {
    EXPECT_TRUE(HasWarning(model::Fit(model::GammaGamma(), data).warnings, "boundary"));
  } catch (const core::Error& e) {  // or the optimizer runs off to the bound: an error saying so
    EXPECT_NE(e.message().find("runs off to infinity"), std::string::npos) << e.message();
  }
  // With the spread of a real log the fit is interior.
  model::Observations spread = data;
  for (size_t i = 0; i < spread.size(); ++i) spread.monetary[i] *= 1 + 0.8 * std::sin(i * 12.9898) / std::sqrt(spread.frequency[i]);
  EXPECT_FALSE(HasWarning(model::Fit(model::GammaGamma(), spread).warnings, "boundary"));
}

TEST(FitWarnings, PenalizedFitIsTheSameInDaysAndWeeks) {
  TempDir dir;
  const simulate::SimulateOptions o = ChurnOptions(1500);
  const model::Observations weeks = model::SummaryObservations(Summarize(o, dir, summary::TimeUnit::kWeek));
  const model::Observations days = model::SummaryObservations(Summarize(o, dir, summary::TimeUnit::kDay));
  model::FitOptions options;
  options.penalizer = 0.05;
  for (const char* name : {"bgnbd", "pnbd"}) {
    const auto m = model::FindModel(name).make();
    const model::FitResult w = model::Fit(*m, weeks, options), d = model::Fit(*m, days, options);
    const std::vector<bool> time = m->TimeParams();
    for (size_t k = 0; k < w.params.size(); ++k) {
      const double expected = time[k] ? 7 * w.params[k] : w.params[k];
      EXPECT_NEAR(d.params[k], expected, 1e-4 * expected) << m->name() << " " << w.param_names[k];
    }
    // The penalty does bite: the unpenalized fit differs.
    EXPECT_GT(std::abs(model::Fit(*m, weeks).params[0] - w.params[0]), 1e-3) << name;
  }
}

// lifetimes 0.11.3 (commit 4f2833f), BetaGeoFitter(penalizer_coef=0.01) on the CDNOW calibration
// summary in weeks, run beside winnow on 2026-12-02: r 0.24294, alpha 4.432437, a 0.285642,
// b 0.658454 (in days: alpha 31.02706, the rest the same).
TEST(FitWarnings, PenalizedCdnowFitMatchesLifetimes) {
  const model::Observations cdnow = model::testing::CdnowSummary();
  model::FitOptions options;
  options.penalizer = 0.01;
  const model::FitResult fit = model::Fit(*model::FindModel("bgnbd").make(), cdnow, options);
  const double expected[] = {0.24294, 4.432437, 0.285642, 0.658454};
  for (size_t k = 0; k < 4; ++k) EXPECT_NEAR(fit.params[k], expected[k], 2e-5 * expected[k]) << fit.param_names[k];
}

// Candidates whose validations are given directly.
model::FittedCandidate Candidate(const std::string& name, std::vector<double> predicted, double bic, size_t params = 4) {
  model::FittedCandidate c;
  c.model = name;
  c.fit.bic = bic;
  c.fit.params.assign(params, 1.0);
  c.validation.predicted = std::move(predicted);
  return c;
}

void SetMae(model::FittedCandidate* c, const std::vector<double>& actual) {
  double sum = 0;
  for (size_t i = 0; i < actual.size(); ++i) sum += std::abs(actual[i] - c->validation.predicted[i]);
  c->validation.metrics.mae = sum / static_cast<double>(actual.size());
}

TEST(ChooseModel, ClearWinnerOnTheHoldoutIsChosenWhateverItsBic) {
  std::vector<double> actual, good, bad;
  for (int i = 0; i < 500; ++i) {
    actual.push_back(i % 5);
    good.push_back(i % 5 + 0.1);
    bad.push_back(i % 5 + 1.0);
  }
  std::vector<model::FittedCandidate> c = {Candidate("bgnbd", bad, 100), Candidate("pnbd", good, 200)};
  for (auto& x : c) SetMae(&x, actual);
  const model::Choice choice = model::ChooseModel(c, actual);
  EXPECT_EQ(choice.order, std::vector<size_t>({1, 0}));
  EXPECT_EQ(choice.tied, std::vector<bool>({false, true}));
  EXPECT_NE(choice.reason.find("beyond the sampling noise"), std::string::npos) << choice.reason;
  EXPECT_TRUE(choice.warnings.empty());
}

TEST(ChooseModel, TiedCandidatesArePickedByBicThenBySimplicity) {
  std::vector<double> actual, a, b;
  for (int i = 0; i < 400; ++i) {
    actual.push_back(i % 3);
    // Errors of the same size on average, on different customers: a difference far inside the noise.
    a.push_back(i % 3 + (i % 2 ? 0.5 : -0.5));
    b.push_back(i % 3 + (i % 2 ? 0.7 : -0.3005));
  }
  std::vector<model::FittedCandidate> c = {Candidate("bgnbd", a, 1000), Candidate("pnbd", b, 990)};
  for (auto& x : c) SetMae(&x, actual);
  ASSERT_LT(c[0].validation.metrics.mae, c[1].validation.metrics.mae);
  model::Choice choice = model::ChooseModel(c, actual);
  EXPECT_EQ(choice.tied, std::vector<bool>({true, true}));
  EXPECT_EQ(choice.order.front(), 1u) << choice.reason;  // BIC 10 lower
  EXPECT_NE(choice.reason.find("the lowest BIC of the tied"), std::string::npos) << choice.reason;

  c[1].fit.bic = 999;  // within 2 of the other: the simplest, here the first candidate
  choice = model::ChooseModel(c, actual);
  EXPECT_EQ(choice.order.front(), 0u) << choice.reason;
  EXPECT_NE(choice.reason.find("the simplest"), std::string::npos) << choice.reason;
  c.push_back(Candidate("small", a, 1000.5, 2));  // fewer parameters wins among the tied
  SetMae(&c.back(), actual);
  choice = model::ChooseModel(c, actual);
  EXPECT_EQ(choice.order.front(), 2u) << choice.reason;
}

TEST(ChooseModel, IdenticalPredictionsAreCollapsed) {
  std::vector<double> actual = {0, 1, 2, 3, 0, 5}, p = {0.5, 1.2, 1.9, 2.5, 0.3, 3.1};
  std::vector<double> q = p;
  q[3] += 1e-6;  // within 1e-4
  std::vector<model::FittedCandidate> c = {Candidate("bgnbd", p, 10), Candidate("mbgnbd", q, 10), Candidate("pnbd", p, 10)};
  for (auto& x : c) SetMae(&x, actual);
  const model::Choice choice = model::ChooseModel(c, actual);
  ASSERT_EQ(choice.warnings.size(), 1u);
  EXPECT_EQ(choice.warnings[0].code, "collapsed");
  EXPECT_NE(choice.warnings[0].message.find("bgnbd, mbgnbd, pnbd collapse into one model"), std::string::npos);
  EXPECT_EQ(choice.tied, std::vector<bool>({true, true, true}));
  q[3] += 1e-2;
  c[1] = Candidate("mbgnbd", q, 10);
  SetMae(&c[1], actual);
  EXPECT_NE(model::ChooseModel(c, actual).warnings[0].message.find("bgnbd, pnbd collapse"), std::string::npos);
}

// Collapsed models differ by rounding, all in one direction: a standard error of 0 must not make
// the difference "significant" (seen on a public Online Retail log).
TEST(ChooseModel, ConsistentTinyDifferencesAreTies) {
  std::vector<double> actual, a, b;
  for (int i = 0; i < 300; ++i) {
    actual.push_back(i % 4);
    a.push_back(i % 4 + 0.25);
    b.push_back(i % 4 + 0.25 + 3e-8);
  }
  std::vector<model::FittedCandidate> c = {Candidate("bgnbd", a, 10), Candidate("pnbd", b, 10)};
  for (auto& x : c) SetMae(&x, actual);
  const model::Choice choice = model::ChooseModel(c, actual);
  EXPECT_EQ(choice.tied, std::vector<bool>({true, true}));
  EXPECT_NE(choice.reason.find("tied on the holdout"), std::string::npos) << choice.reason;
}

TEST(AliveWarnings, FireWhenNearlyEveryRepeatBuyerIsCertainlyAlive) {
  EXPECT_EQ(model::AliveWarnings("bgnbd", 100, 96).size(), 1u);
  EXPECT_TRUE(model::AliveWarnings("bgnbd", 100, 94).empty());
  EXPECT_TRUE(model::AliveWarnings("bgnbd", 19, 19).empty());  // too few to say
}

TEST(Plausibility, FlagsPredictionsFarBeyondOwnAndBaseHistory) {
  const size_t n = 200;
  value::CustomerValues v;
  std::vector<double> revenue(n), tenure(n, 730);
  std::vector<std::string> ids(n);
  for (size_t i = 0; i < n; ++i) {
    revenue[i] = 100 + static_cast<double>(i);  // 50..150 a year over two years
    ids[i] = "C" + std::to_string(i);
    v.expected_purchases.push_back(2);
    v.expected_next.push_back(0.5);
    v.p_alive.push_back(0.8);
    v.dert.push_back(2);
    v.expected_spend.push_back(30);
    v.clv.push_back(60);
    v.annual_revenue.push_back(60);
  }
  value::Plausibility check = value::CheckPlausibility({&v, &revenue, &tenure, &ids});
  EXPECT_EQ(check.flagged, 0u);
  EXPECT_TRUE(check.failures.empty());
  // 10 x max(own 75 a year, base p99 ~ 148.5 a year) = 1485: 2000 is implausible, 1400 is not.
  v.annual_revenue[7] = 2000;
  v.annual_revenue[8] = 1400;
  check = value::CheckPlausibility({&v, &revenue, &tenure, &ids});
  EXPECT_EQ(check.flagged, 1u);
  EXPECT_EQ(check.implausible[7], 1);
  EXPECT_EQ(check.implausible[8], 0);
  EXPECT_TRUE(check.failures.empty());  // one customer's CLV is not half the total
  // Implausible customers holding most of the value fail the run, as do negative values.
  v.clv[7] = 1e113;
  check = value::CheckPlausibility({&v, &revenue, &tenure, &ids});
  ASSERT_EQ(check.failures.size(), 1u);
  EXPECT_NE(check.failures[0].find("implausible"), std::string::npos) << check.failures[0];
  v.clv[7] = 60;
  v.expected_purchases[3] = -1.4e177;
  check = value::CheckPlausibility({&v, &revenue, &tenure, &ids});
  ASSERT_EQ(check.failures.size(), 1u);
  EXPECT_EQ(check.failures[0], "expected_purchases is negative or not finite for 1 customers (first: customer \"C3\": -1.4e+177)");
  value::CheckTotals(1e5, {1.21, -0.335, 0.125}, {"A", "B", "C"}, &check);
  EXPECT_EQ(check.failures.size(), 3u);
}

// A project over a simulated no-churn log.
void WriteNoChurnProject(const TempDir& dir, const std::string& extra = "") {
  const simulate::SimulateOptions o = NoChurnOptions(1500);
  std::filesystem::create_directories(dir.File("data"));
  simulate::WriteSimulatedCsv(simulate::SimulateBgNbd(o), o, dir.File("data/orders.csv"));
  dir.Write("winnow.toml", "[input]\ntransactions = \"data/orders.csv\"\n" + extra);
}

TEST(RunProject, NoChurnLogWarnsAndStaysFinite) {
  TempDir dir;
  WriteNoChurnProject(dir);
  const project::RunOutcome outcome = project::RunProject(project::LoadProjectConfig(dir.path()));
  const auto& w = outcome.results.model.warnings;
  EXPECT_TRUE(HasWarning(w, "boundary"));
  // The three candidates end near the same no-churn model: tied on the holdout.
  EXPECT_NE(outcome.results.model.reason.find("tied on the holdout"), std::string::npos) << outcome.results.model.reason;
  EXPECT_TRUE(HasWarning(w, "p_alive_near_one"));
  const nlohmann::json j = nlohmann::json::parse(ReadFile(dir.File("out/results.json")));
  EXPECT_GE(j["model"]["warnings"].size(), 3u);
  EXPECT_EQ(j["headline"]["warnings"], j["model"]["warnings"]);
  EXPECT_TRUE(j["model"]["candidates"][0]["tied"].get<bool>());
  const double total = j["headline"]["customer_value"].get<double>();
  EXPECT_TRUE(std::isfinite(total) && total > 0);
  for (const auto& t : j["tiers"]) {
    EXPECT_GE(t["value_share"].get<double>(), 0);
    EXPECT_LE(t["value_share"].get<double>(), 1);
  }
  const io::CsvTable customers = io::CsvTable::Read(dir.File("out/customers.csv"));
  for (const char* column : {"clv", "expected_purchases", "expected_spend", "dert", "annual_revenue"}) {
    for (double x : customers.Numbers(column)) ASSERT_TRUE(std::isfinite(x) && x >= 0) << column << " " << x;
  }
  EXPECT_NE(project::FormatRunSummary(outcome).find("warning: [boundary]"), std::string::npos);
}

TEST(RunProject, StrictTurnsWarningsIntoAnErrorAndWritesNothing) {
  TempDir dir;
  WriteNoChurnProject(dir, "[run]\nstrict = true\n");
  const project::ProjectConfig config = project::LoadProjectConfig(dir.path());
  EXPECT_TRUE(config.strict);
  // The warnings carry the fitted estimates: the message is checked for its start and a boundary warning.
  const core::Error e = ExpectError(
      [&] { project::RunProject(config); }, core::ErrorKind::kInput,
      {.message_has = "[boundary]",
       .hint = "the data do not support the model as fitted; drop --strict (or [run] strict) to write the results "
               "with the warnings in them"});
  EXPECT_EQ(core::ExitCode(e.kind()), 2);
  EXPECT_EQ(e.message().rfind("strict: ", 0), 0u) << e.message();
  EXPECT_FALSE(std::filesystem::exists(dir.File("out/customers.csv")));
  EXPECT_FALSE(std::filesystem::exists(dir.File("out/results.json")));
}

}  // namespace
}  // namespace winnow
