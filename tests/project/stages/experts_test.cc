// The experts stage (project/stages/experts.h) and its outputs, on a simulated project of 300
// customers with a table of two of them, four experts at those two, their publications, trials, talks and memberships.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

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

constexpr const char* kExpertsToml =
    "customers = \"customers.csv\"\n[model]\nname = \"bgnbd\"\n[experts]\nexperts = \"experts.csv\"\n"
    "publications = \"publications.csv\"\ntrials = \"trials.csv\"\ntalks = \"talks.csv\"\n"
    "memberships = \"memberships.csv\"\nas_of_year = 2026\n";

void WriteTables(const TempDir& dir) {
  dir.Write("customers.csv", "customer_id,name,type\nC001,Klinikum A,hospital\nC002,Praxis B,practice\n");
  dir.Write("experts.csv",
            "expert_id,name,specialty,institution,country,customer_id\n"
            "X1,Prof. Anna Adler,cardiology,Klinikum A,DE,C001\nX2,Dr. Ben Berg,cardiology,Klinikum A,DE,C001\n"
            "X3,Dr. Cleo Cruz,cardiology,Hopital C,FR,\nX4,Dr. Dan Dorn,cardiology,Praxis B,DE,C002\n");
  dir.Write("publications.csv",
            "pub_id,expert_id,year,journal,author_position,citations,impact,keywords\n"
            "P1,X1,2025,Lancet,first,40,60,heart failure\nP1,X2,2025,Lancet,middle,40,60,heart failure\n"
            "P1,X3,2025,Lancet,last,40,60,heart failure\nP2,X1,2023,EHJ,last,10,20,arrhythmia\n"
            "P3,X4,2018,Local J,first,0,1,hypertension\n");
  dir.Write("trials.csv", "trial_id,expert_id,phase,role,start_year,status\nT1,X1,III,principal_investigator,2024,"
                          "ongoing\nT1,X3,III,sub_investigator,2024,ongoing\n");
  dir.Write("talks.csv", "event,expert_id,year,level,role\nESC 2025,X1,2025,international,keynote\n"
                         "ESC 2025,X3,2025,international,speaker\nDGK 2024,X2,2024,national,chair\n");
  dir.Write("memberships.csv", "body,expert_id,kind,from,to\nESC HF guideline,X1,guideline_committee,2022,\n"
                               "DGK board,X2,society_board,2020,2023\n");
}

// Without experts.as_of_year the ages count from the latest year in the tables, and results.json
// says which year that was (it said 0).
TEST(ExpertsStage, TheYearAgesCountFromIsRecorded) {
  TempDir dir;
  WriteTables(dir);
  std::string toml = kExpertsToml;
  toml.erase(toml.find("as_of_year = 2026\n"));
  const RunOutcome outcome = RunProject(SimulatedProject(dir, 300, toml));
  ASSERT_TRUE(outcome.results.experts.has_value());
  EXPECT_EQ(outcome.results.experts->as_of_year, 2025);  // the publications and talks of 2025
}

TEST(ExpertsStage, ScoresWritesAndLinksTheExperts) {
  TempDir dir;
  WriteTables(dir);
  const RunOutcome outcome = RunProject(SimulatedProject(dir, 300, kExpertsToml));
  ASSERT_TRUE(outcome.results.experts.has_value());
  const results::ExpertSection& e = *outcome.results.experts;
  EXPECT_EQ(e.experts, 4u);
  EXPECT_EQ(e.linked_accounts, 3u);
  EXPECT_EQ(e.as_of_year, 2026);
  EXPECT_GT(e.edges, 0u);
  const auto rows = CsvRows(ReadFile(dir.File("out/experts.csv")));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(fmt::format("{}", fmt::join(rows[0], ",")), results::kExpertsCsv.Header());
  // X1 leads: PI of a phase III trial, first author in the Lancet, a keynote, a guideline seat.
  EXPECT_EQ(rows[1][0], "X1");
  const int total = results::kExpertsCsv.Index("total_score");
  for (size_t k = 2; k < rows.size(); ++k) EXPECT_GE(std::stod(rows[k - 1][total]), std::stod(rows[k][total]));
  EXPECT_FALSE(rows[1][results::kExpertsCsv.Index("explanation")].empty());
  const auto edges = CsvRows(ReadFile(dir.File("out/expert_network.csv")));
  EXPECT_EQ(fmt::format("{}", fmt::join(edges[0], ",")), results::kExpertNetworkCsv.Header());
  EXPECT_GE(edges.size(), 4u);  // X1-X2, X1-X3, X2-X3 (the paper), X1-X3 again (trial, talk): merged
  const nlohmann::json j = nlohmann::json::parse(ReadFile(dir.File("out/results.json")));
  EXPECT_EQ(j["experts"]["experts"], 4);
  EXPECT_EQ(j["experts"]["top"][0]["expert_id"], "X1");
}

TEST(ExpertsStage, AnUnknownExpertInAnActivityTableIsAnErrorAtItsLine) {
  TempDir dir;
  WriteTables(dir);
  dir.Write("talks.csv", "event,expert_id,year,level,role\nESC 2025,X1,2025,international,keynote\n"
                         "ESC 2025,X9,2025,international,speaker\n");
  const ProjectConfig config = SimulatedProject(dir, 300, kExpertsToml);
  ExpectError([&] { RunProject(config); }, ErrorKind::kInput,
              {.message_has = "X9", .file = dir.File("talks.csv"), .line = 3});
}

TEST(ExpertsSettings, BadSettingsAreNamed) {
  TempDir dir;
  dir.Write("orders.csv", "customer_id,date,amount\nA,2024-01-01,1\n");
  auto load = [&](const std::string& experts) {
    dir.Write("winnow.toml", "[input]\ntransactions = \"orders.csv\"\n[experts]\n" + experts);
    return LoadProjectConfig(dir.path());
  };
  ExpectError([&] { load("publications = \"p.csv\"\n"); }, ErrorKind::kConfig,
              {.message = "experts.publications: needs experts.experts (the experts table)"});
  ExpectError([&] { load("experts = \"e.csv\"\n[experts.weights]\ntrial = 1\n"); }, ErrorKind::kConfig,
              {.message = "unknown criterion \"experts.weights.trial\" (did you mean \"trials\"?); the criteria are "
                          "trials, publications, talks, committees, congress, multiplier"});
  ExpectError([&] { load("experts = \"e.csv\"\n[experts.weights]\ntrials = 0\npublications = 0\ntalks = 0\n"
                         "committees = 0\ncongress = 0\nmultiplier = 0\n"); },
              ErrorKind::kConfig,
              {.message = "experts.weights: the weights are all 0: give at least one criterion a weight"});
  ExpectError([&] { load("experts = \"e.csv\"\ndamping = 1\n"); }, ErrorKind::kConfig,
              {.message = "experts.damping: must be below 1 (PageRank's damping)"});
  ExpectError([&] { load("experts = \"e.csv\"\ncompare_within = \"region\"\n"); }, ErrorKind::kConfig,
              {.message_has = "unknown value \"region\""});
}

}  // namespace
}  // namespace winnow::project
