// The effort plan stage (project/stages/plan.h) and its outputs: on a simulated project with a
// customers table (owners Ann and Bob) and a reps table, run as `winnow run` runs it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <nlohmann/json.hpp>

#include "project/run.h"
#include "project/stages/stage_test_util.h"
#include "results/columns.h"

namespace winnow::project {
namespace {

using core::ErrorKind;
using testing::CsvRows;
using testing::SimulatedProject;
using winnow::testing::ExpectError;
using winnow::testing::ReadFile;
using winnow::testing::TempDir;

// 600 simulated customers; every customer in the table, owned by Ann (two of three) or Bob.
std::string CustomersTable() {
  std::string table = "customer_id,name,type,region,owner,parent_id,potential\n";
  for (int k = 1; k <= 600; ++k) {
    table += fmt::format("C{:03},Name {},{},North,{},,{}\n", k, k, k % 2 ? "hospital" : "pharmacy",
                         k % 3 ? "Ann" : "Bob", 100 * k);
  }
  return table;
}

constexpr const char* kJudgment =
    "[[plan.judgment]]\nat_zero = 0.8\nat_plus_50 = 1.05\nat_saturation = 1.15\ncurrent = 2\n";

ProjectConfig Project(const TempDir& dir, const std::string& plan_toml, const std::string& reps =
                          "rep_id,name,capacity,cost\nAnn,Ann Alt,60,100\nBob,Bob Berg,25,100\n") {
  dir.Write("customers.csv", CustomersTable());
  dir.Write("reps.csv", reps);
  return SimulatedProject(dir, 600,
                          "customers = \"customers.csv\"\n[model]\nname = \"bgnbd\"\n[plan]\nreps = \"reps.csv\"\n" +
                              plan_toml);
}

nlohmann::json Results(const TempDir& dir) { return nlohmann::json::parse(ReadFile(dir.File("out/results.json"))); }

TEST(PlanStage, NoRepsNoPlan) {
  TempDir dir;
  dir.Write("customers.csv", CustomersTable());
  RunProject(SimulatedProject(dir, 300, "customers = \"customers.csv\"\n[model]\nname = \"bgnbd\"\n"));
  EXPECT_FALSE(Results(dir).contains("plan"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("out/plan.csv")));
}

TEST(PlanStage, PlansWithinCapacitiesAndBudgetAndBeatsTheEvenSpread) {
  TempDir dir;
  const RunOutcome outcome = RunProject(Project(dir, "budget = 7000\n" + std::string(kJudgment)));
  ASSERT_TRUE(outcome.results.plan.has_value());
  const results::PlanSection& p = *outcome.results.plan;
  const auto rows = CsvRows(ReadFile(dir.File("out/plan.csv")));
  ASSERT_GT(rows.size(), 1u);
  EXPECT_EQ(fmt::format("{}", fmt::join(rows[0], ",")), results::kPlanCsv.Header());
  uint64_t ann = 0, bob = 0, total = 0;
  for (size_t k = 1; k < rows.size(); ++k) {
    const uint64_t n = std::stoull(rows[k][3]);
    (rows[k][1] == "Ann" ? ann : bob) += n;
    total += n;
    EXPECT_FALSE(rows[k][6].empty());  // a reason for everyone
  }
  EXPECT_LE(ann, 60u);
  EXPECT_LE(bob, 25u);
  EXPECT_LE(total, 70u);  // the budget buys 70 contacts at 100
  EXPECT_EQ(total, p.plan.contacts);
  EXPECT_EQ(p.even_spread.contacts, p.plan.contacts);
  EXPECT_GE(p.plan.expected_gain, p.even_spread.expected_gain);
  EXPECT_TRUE(p.proven_optimal);  // concave response, one cost
  EXPECT_EQ(p.response_source, "judgment");
  EXPECT_FALSE(p.has_current);
  // Each rep's list, in the order to work it.
  const auto ann_list = CsvRows(ReadFile(dir.File("out/rep_plans/Ann.csv")));
  EXPECT_EQ(fmt::format("{}", fmt::join(ann_list[0], ",")), results::kRepPlanCsv.Header());
  EXPECT_EQ(ann_list[1][0], "1");
  const nlohmann::json j = Results(dir);
  EXPECT_EQ(j["plan"]["plan"]["contacts"], total);
  EXPECT_EQ(j["plan"]["reps"].size(), 2u);
  EXPECT_TRUE(j["plan"]["current"].is_null());
  EXPECT_GE(j["plan"]["curve"].size(), 2u);
}

TEST(PlanStage, MinimumsHoldAndSayWhy) {
  TempDir dir;
  const RunOutcome outcome = RunProject(Project(dir, "budget = 7000\n[[plan.rules]]\nkey_accounts = true\nmin = 1\n" +
                                                     std::string(kJudgment)));
  const auto rows = CsvRows(ReadFile(dir.File("out/customers.csv")));
  std::set<std::string> key;
  for (size_t k = 1; k < rows.size(); ++k) {
    if (!rows[k][results::kCustomersCsv.Index("key_account")].empty()) key.insert(rows[k][0]);
  }
  ASSERT_FALSE(key.empty());
  for (const auto& row : CsvRows(ReadFile(dir.File("out/plan.csv")))) {
    if (key.count(row[0])) {
      EXPECT_GE(std::stoi(row[3]), 1) << row[0];
    }
  }
}

TEST(PlanStage, UnknownRepInTerritoriesIsAnErrorAtItsCell) {
  TempDir dir;
  dir.Write("territories.csv", "customer_id,rep_id\nC001,Ann\nC002,Carl\n");
  const ProjectConfig config = Project(dir, "territories = \"territories.csv\"\n" + std::string(kJudgment));
  ExpectError([&] { RunProject(config); }, ErrorKind::kInput,
              {.message = "rep \"Carl\" is not in the reps table reps.csv", .file = dir.File("territories.csv"),
               .line = 3, .column = 2, .field = "rep_id"});
}

TEST(PlanStage, MinimumsBeyondARepsCapacityNameTheRep) {
  TempDir dir;
  const ProjectConfig config =
      Project(dir, "[[plan.rules]]\ntype = \"hospital\"\nmin = 1\n" + std::string(kJudgment));
  ExpectError([&] { RunProject(config); }, ErrorKind::kInput,
              {.message = "plan: rep Ann: the customers' minimums need 200 contacts, its capacity is 60",
               .file = dir.File("reps.csv"), .line = 2});
}

TEST(PlanStage, HistoryResponseWithoutAHistoryIsAConfigError) {
  TempDir dir;
  const ProjectConfig config = Project(dir, "response = \"history\"\n");
  ExpectError([&] { RunProject(config); }, ErrorKind::kConfig,
              {.message_has = "there is no interactions history (plan.interactions)"});
}

TEST(PlanStage, WithoutJudgmentOrHistoryTheDefaultCurveIsNamed) {
  TempDir dir;
  const RunOutcome outcome = RunProject(Project(dir, ""));
  bool said = false;
  for (const auto& note : outcome.results.notes) said |= note.find("winnow's default response") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(PlanStage, RepFilesHaveSafeNames) {
  TempDir dir;
  const std::string table = "rep_id,name,capacity,cost\nAnn,Ann,60,100\nBob,Bob,25,100\n../x,X,5,100\n";
  RunProject(Project(dir, kJudgment, table));
  EXPECT_TRUE(std::filesystem::exists(dir.File("out/rep_plans/___x.csv")));
  EXPECT_TRUE(std::filesystem::exists(dir.File("out/rep_plans/Ann.csv")));
}

TEST(PlanSettings, BadSettingsAreNamed) {
  TempDir dir;
  dir.Write("orders.csv", "customer_id,date,amount\nA,2024-01-01,1\n");
  auto load = [&](const std::string& plan) {
    dir.Write("winnow.toml", "[input]\ntransactions = \"orders.csv\"\n[plan]\nreps = \"reps.csv\"\n" + plan);
    return LoadProjectConfig(dir.path());
  };
  ExpectError([&] { load("goal = \"target\"\n"); }, ErrorKind::kConfig,
              {.message = "plan.goal: goal \"target\" needs plan.target_gain (the expected gain to reach)",
               .line = 5});
  ExpectError([&] { load("goal = \"targt\"\n"); }, ErrorKind::kConfig,
              {.message_has = "(did you mean \"target\"?)"});
  ExpectError([&] { load("[[plan.rules]]\ntier = \"A\"\nminn = 1\n"); }, ErrorKind::kConfig,
              {.message = "unknown key \"plan.rules[1].minn\" (did you mean \"min\"?); the keys of [[plan.rules]] are "
                          "key_accounts, max, min, tier, type",
               .line = 7, .column = 1});
  ExpectError([&] { load("[[plan.rules]]\ntier = \"Z\"\nmin = 1\n"); }, ErrorKind::kConfig,
              {.message = "plan.rules[1].tier: \"Z\" is not a tier; the tiers are A, B, C"});
  ExpectError([&] { load("[[plan.rules]]\ntier = \"A\"\nmin = 3\nmax = 2\n"); }, ErrorKind::kConfig,
              {.message = "plan.rules[1]: min 3 is more than max 2"});
  ExpectError([&] { load("[[plan.judgment]]\nat_zero = 0.8\nat_plus_50 = 1.3\nat_saturation = 1.2\n"); },
              ErrorKind::kConfig, {.message_has = "plan.judgment[1]"});
  // One response per group of plan.response_by: a judgment names a group of that kind, once.
  ExpectError([&] { load("[[plan.judgment]]\ntier = \"A\"\nat_zero = 0.8\nat_plus_50 = 1.05\nat_saturation = 1.2\n"); },
              ErrorKind::kConfig,
              {.message = "plan.judgment[1]: names a tier, but plan.response_by is \"type\" (one response per type): "
                          "name a type or set plan.response_by = \"tier\""});
  ExpectError(
      [&] {
        load(std::string("[[plan.judgment]]\nat_zero = 0.8\nat_plus_50 = 1.05\nat_saturation = 1.2\n") +
             "[[plan.judgment]]\nat_zero = 0.9\nat_plus_50 = 1.02\nat_saturation = 1.1\n");
      },
      ErrorKind::kConfig, {.message = "plan.judgment[2]: a second judgment for every other customer (naming no type)"});
  ExpectError([&] { load("rules = 3\n"); }, ErrorKind::kConfig,
              {.message = "plan.rules: expected an array of tables ([[plan.rules]]), found an integer"});
  ExpectError(
      [&] {
        dir.Write("winnow.toml", "[input]\ntransactions = \"orders.csv\"\n[plan]\ninteractions = \"i.csv\"\n");
        LoadProjectConfig(dir.path());
      },
      ErrorKind::kConfig, {.message = "plan.interactions: needs plan.reps (the reps table) to plan with"});
}

TEST(PlanStage, AJudgmentForATypeNobodyHasIsAnError) {
  TempDir dir;
  const ProjectConfig config = Project(
      dir, "[[plan.judgment]]\ntype = \"clinic\"\nat_zero = 0.8\nat_plus_50 = 1.05\nat_saturation = 1.2\ncurrent = 2\n");
  ExpectError([&] { RunProject(config); }, ErrorKind::kConfig,
              {.message = "plan.judgment[1].type: no customer of the plan is of type \"clinic\"; the types are "
                          "hospital, pharmacy"});
}

TEST(PlanStage, NotesSayWhatIsLeftOutAndWhatIsOutOfReach) {
  TempDir dir;
  dir.Write("limits.csv", "customer_id,min,max\nC001,0,0\nZ999,1,2\n");
  const RunOutcome outcome = RunProject(
      Project(dir, "limits = \"limits.csv\"\ngoal = \"target\"\ntarget_gain = 1e9\n" + std::string(kJudgment)));
  std::string notes;
  for (const auto& note : outcome.results.notes) notes += note + "\n";
  EXPECT_NE(notes.find("plan.limits: 1 rows name customers without a purchase in the log"), std::string::npos) << notes;
  EXPECT_NE(notes.find("plan: the target gain 1000000000 is out of reach"), std::string::npos) << notes;
  ASSERT_TRUE(outcome.results.plan.has_value());
  EXPECT_FALSE(outcome.results.plan->target_reached);
  for (const auto& row : CsvRows(ReadFile(dir.File("out/plan.csv")))) {
    if (row[0] == "C001") {
      EXPECT_EQ(row[3], "0");
      EXPECT_NE(row[6].find("its limits allow no contact"), std::string::npos) << row[6];
    }
  }
}

}  // namespace
}  // namespace winnow::project
