// The expert tables: good tables, duplicates, and every error with its message, file and line.
#include "expert/tables.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"

namespace winnow::expert {
namespace {

using core::ErrorKind;
using testing::ErrorSays;
using testing::ExpectError;
using testing::TempDir;

constexpr const char* kExperts =
    "expert_id,name,specialty,institution,country,customer_id\n"
    "E1,Ada,oncology,Charite,DE,C1\n"
    "E2,Ben,oncology,LMU,DE,\n"
    "E3,Cleo,cardiology,APHP,FR,C7\n";

TEST(ExpertTables, ReadsEveryTable) {
  TempDir dir;
  ExpertPaths paths;
  paths.experts = dir.Write("experts.csv", kExperts);
  paths.publications = dir.Write("publications.csv",
                                 "pub_id,expert_id,year,journal,author_position,citations,impact,keywords\n"
                                 "P1,E1,2021,NEJM,First,120,,Lung Cancer;EGFR\n"
                                 "P1,E2,2021,NEJM,7,,,\n"
                                 "P2,E2,2023,Lancet,N,,45.5,Breast\n"
                                 "P3,E3,2022,JACC,middle,3,,\n");
  paths.trials = dir.Write("trials.csv",
                           "trial_id,expert_id,phase,role,start_year,status\n"
                           "T1,E1,III,Principal Investigator,2022,recruiting\n"
                           "T1,E2,3,sub-investigator,2022,recruiting\n"
                           "T2,E3,phase ii,STEERING_COMMITTEE,2019,completed\n");
  paths.talks = dir.Write("talks.csv",
                          "event,expert_id,year,level,role\n"
                          "ASCO 2023,E1,2023,International,Keynote\n"
                          "ASCO 2023,E2,2023,international,panelist\n");
  paths.memberships = dir.Write("memberships.csv",
                                "body,expert_id,kind,from,to\n"
                                "S3 lung,E1,guideline committee,2018,\n"
                                "ESMO board,E3,Editorial,2015,2020\n");
  const ExpertTables t = ReadExpertTables(paths);
  ASSERT_EQ(t.experts.size(), 3u);
  EXPECT_EQ(t.experts[0].id, "E1");
  EXPECT_EQ(t.experts[0].name, "Ada");
  EXPECT_EQ(t.experts[0].specialty, "oncology");
  EXPECT_EQ(t.experts[0].institution, "Charite");
  EXPECT_EQ(t.experts[0].country, "DE");
  EXPECT_EQ(t.experts[0].customer_id, "C1");
  EXPECT_EQ(t.experts[1].customer_id, "");
  EXPECT_EQ(t.experts[2].line, 4u);
  EXPECT_EQ(t.duplicates, 0u);

  ASSERT_EQ(t.authorships.size(), 4u);
  EXPECT_EQ(t.pub_ids, (std::vector<std::string>{"P1", "P2", "P3"}));
  EXPECT_EQ(t.authorships[0].pub, 0u);
  EXPECT_EQ(t.authorships[1].pub, 0u);
  EXPECT_EQ(t.authorships[1].expert, 1u);
  EXPECT_EQ(t.authorships[0].position, AuthorPosition::kFirst);
  EXPECT_EQ(t.authorships[1].position, AuthorPosition::kMiddle);
  EXPECT_EQ(t.authorships[2].position, AuthorPosition::kLast);
  EXPECT_EQ(t.authorships[3].position, AuthorPosition::kMiddle);
  EXPECT_EQ(t.authorships[0].citations, 120);
  EXPECT_TRUE(std::isnan(t.authorships[0].impact));
  EXPECT_TRUE(std::isnan(t.authorships[2].citations));
  EXPECT_EQ(t.authorships[2].impact, 45.5);
  EXPECT_EQ(t.authorships[0].keywords, "lung cancer;egfr");
  EXPECT_EQ(t.authorships[0].journal, "NEJM");
  EXPECT_EQ(t.authorships[2].year, 2023);

  ASSERT_EQ(t.trials.size(), 3u);
  EXPECT_EQ(t.trial_ids, (std::vector<std::string>{"T1", "T2"}));
  EXPECT_EQ(t.trials[0].role, TrialRole::kPrincipal);
  EXPECT_EQ(t.trials[0].phase, TrialPhase::kIII);
  EXPECT_EQ(t.trials[1].role, TrialRole::kSub);
  EXPECT_EQ(t.trials[1].phase, TrialPhase::kIII);
  EXPECT_EQ(t.trials[2].role, TrialRole::kSteering);
  EXPECT_EQ(t.trials[2].phase, TrialPhase::kII);
  EXPECT_EQ(t.trials[2].start_year, 2019);
  EXPECT_EQ(t.trials[2].status, "completed");
  EXPECT_EQ(t.trials[2].expert, 2u);

  ASSERT_EQ(t.talks.size(), 2u);
  EXPECT_EQ(t.events, (std::vector<std::string>{"ASCO 2023"}));
  EXPECT_EQ(t.talks[0].level, TalkLevel::kInternational);
  EXPECT_EQ(t.talks[0].role, TalkRole::kKeynote);
  EXPECT_EQ(t.talks[1].role, TalkRole::kPanel);

  ASSERT_EQ(t.memberships.size(), 2u);
  EXPECT_EQ(t.bodies, (std::vector<std::string>{"S3 lung", "ESMO board"}));
  EXPECT_EQ(t.memberships[0].kind, BodyKind::kGuidelineCommittee);
  EXPECT_EQ(t.memberships[0].from, 2018);
  EXPECT_EQ(t.memberships[0].to, 0);
  EXPECT_EQ(t.memberships[1].kind, BodyKind::kEditorialBoard);
  EXPECT_EQ(t.memberships[1].to, 2020);
}

TEST(ExpertTables, OnlyTheExpertsTableIsRequired) {
  TempDir dir;
  ExpertPaths paths;
  paths.experts = dir.Write("experts.csv", "expert_id\nE1\n");
  const ExpertTables t = ReadExpertTables(paths);
  ASSERT_EQ(t.experts.size(), 1u);
  EXPECT_EQ(t.experts[0].name, "E1");  // the id stands in for a missing name
  EXPECT_TRUE(t.authorships.empty() && t.trials.empty() && t.talks.empty() && t.memberships.empty());
}

TEST(ExpertTables, ExactDuplicateRowsAreCountedAndReadOnce) {
  TempDir dir;
  ExpertPaths paths;
  paths.experts = dir.Write("experts.csv", std::string(kExperts) + "E3,Cleo,cardiology,APHP,FR,C7\n");
  paths.publications = dir.Write("publications.csv",
                                 "pub_id,expert_id,year,author_position\n"
                                 "P1,E1,2021,first\n"
                                 "P1,E1,2021,first\n"
                                 "P1,E1,2021,first\n"
                                 "P1,E2,2021,last\n");
  paths.talks = dir.Write("talks.csv",
                          "event,expert_id,year,level,role\n"
                          "X,E1,2023,local,speaker\n"
                          "X,E1,2023,local,chair\n"
                          "X,E1,2023,local,speaker\n");
  const ExpertTables t = ReadExpertTables(paths);
  EXPECT_EQ(t.experts.size(), 3u);
  EXPECT_EQ(t.authorships.size(), 2u);
  EXPECT_EQ(t.talks.size(), 2u);
  EXPECT_EQ(t.duplicates, 1u + 2u + 1u);
}

// The error of reading `table` (written as `content`) next to the good experts table.
core::Error ReadBad(const TempDir& dir, const std::string& table, const std::string& content, ErrorKind kind,
                    const ErrorSays& says, std::source_location where = std::source_location::current()) {
  ExpertPaths paths;
  paths.experts = table == "experts" ? dir.Write("experts.csv", content) : dir.Write("experts.csv", kExperts);
  const std::string path = dir.Write(table + ".csv", content);
  if (table == "publications") paths.publications = path;
  if (table == "trials") paths.trials = path;
  if (table == "talks") paths.talks = path;
  if (table == "memberships") paths.memberships = path;
  return ExpectError([&] { ReadExpertTables(paths); }, kind, says, where);
}

TEST(ExpertTables, Errors) {
  TempDir dir;
  const std::string pubs = dir.File("publications.csv"), trials = dir.File("trials.csv"),
                    talks = dir.File("talks.csv"), members = dir.File("memberships.csv"),
                    experts = dir.File("experts.csv");
  ReadBad(dir, "publications", "pub_id,expert_id,year,author_position\nP1,E1,2021,first\nP2,E9,2022,last\n",
          ErrorKind::kInput,
          {.headline =
               pubs + ":3:2: column \"expert_id\": unknown expert \"E9\": not in the experts table " + experts});
  ReadBad(dir, "publications", "pub_id,expert_id,year,author_position\nP1,E1,2021,second\n", ErrorKind::kInput,
          {.headline = pubs + ":2:4: column \"author_position\": unknown author_position \"second\": expected first "
                              "(or 1), last (or N) or middle (or k, or a number from 2)"});
  ReadBad(dir, "publications", "pub_id,expert_id,year,author_position\nP1,E1,1899,first\n", ErrorKind::kInput,
          {.headline = pubs + ":2:3: column \"year\": \"1899\" is not a year from 1900 to 2199"});
  ReadBad(dir, "publications", "pub_id,expert_id,year,author_position\nP1,E1,20x1,first\n", ErrorKind::kInput,
          {.headline = pubs + ":2:3: column \"year\": \"20x1\" is not a year from 1900 to 2199"});
  ReadBad(dir, "publications", "pub_id,expert_id,year,author_position,citations\nP1,E1,2021,first,-3\n",
          ErrorKind::kInput, {.headline = pubs + ":2:5: column \"citations\": \"-3\" is not a number >= 0"});
  ReadBad(dir, "publications", "pub_id,expert_id,year,author_position,impact\nP1,E1,2021,first,high\n",
          ErrorKind::kInput, {.headline = pubs + ":2:5: column \"impact\": \"high\" is not a number >= 0"});
  ReadBad(dir, "publications", "pub_id,expert_id,year,author_position\n,E1,2021,first\n", ErrorKind::kInput,
          {.headline = pubs + ":2:1: column \"pub_id\": empty: every row needs a pub_id"});
  ReadBad(dir, "publications", "pub_id,expert_id,author_position\nP1,E1,first\n", ErrorKind::kInput,
          {.message_has = "year", .file = pubs});
  ReadBad(dir, "trials", "trial_id,expert_id,phase,role,start_year\nT1,E1,V,pi,2020\n", ErrorKind::kInput,
          {.headline = trials + ":2:3: column \"phase\": unknown phase \"V\": expected I, II, III or IV (or 1-4, or "
                                "phase I-IV)"});
  ReadBad(dir, "trials", "trial_id,expert_id,phase,role,start_year\nT1,E1,2,boss,2020\n", ErrorKind::kInput,
          {.headline = trials + ":2:4: column \"role\": unknown role \"boss\": expected principal_investigator (or "
                                "PI), sub_investigator (or sub, SI) or steering_committee (or steering)"});
  ReadBad(dir, "trials", "trial_id,expert_id,phase,role,start_year\nT1,E1,2,pi,2020\nT1,E4,2,pi,2020\n",
          ErrorKind::kInput,
          {.headline = trials + ":3:2: column \"expert_id\": unknown expert \"E4\": not in the experts table " +
                       experts});
  ReadBad(dir, "talks", "event,expert_id,year,level,role\nA,E1,2020,global,keynote\n", ErrorKind::kInput,
          {.headline = talks + ":2:4: column \"level\": unknown level \"global\": expected international, "
                               "national, regional or local"});
  ReadBad(dir, "talks", "event,expert_id,year,level,role\nA,E1,2020,local,host\n", ErrorKind::kInput,
          {.headline = talks + ":2:5: column \"role\": unknown role \"host\": expected keynote, chair, speaker or "
                               "panel (or panelist)"});
  ReadBad(dir, "memberships", "body,expert_id,kind,from,to\nB,E1,club,2010,\n", ErrorKind::kInput,
          {.headline = members + ":2:3: column \"kind\": unknown kind \"club\": expected guideline_committee (or "
                                 "guideline), advisory_board (or advisory), society_board (or society) or "
                                 "editorial_board (or editorial)"});
  ReadBad(dir, "memberships", "body,expert_id,kind,from,to\nB,E1,advisory,2010,2009\n", ErrorKind::kInput,
          {.headline = members + ":2:5: column \"to\": 2009 is before the from year 2010"});
  ReadBad(dir, "experts", "expert_id,name\nE1,Ada\nE2,Ben\nE1,Other\n", ErrorKind::kInput,
          {.headline = experts + ":4:1: column \"expert_id\": expert \"E1\" is listed twice (first on line 2)"});
  ReadBad(dir, "experts", "expert_id,name\nE1,Ada\n,Ben\n", ErrorKind::kInput,
          {.headline = experts + ":3:1: column \"expert_id\": empty: every expert needs an id"});
  ReadBad(dir, "experts", "name,country\nAda,DE\n", ErrorKind::kInput, {.message_has = "expert_id", .file = experts});
}

}  // namespace
}  // namespace winnow::expert
