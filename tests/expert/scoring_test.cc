// The scores of experts: relevance and decay by hand, percentiles, weights, ties, experts without
// activity, tiers, rising stars, explanations, and monotonicity over random instances.
#include "expert/scoring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "test_util.h"

namespace winnow::expert {
namespace {

using core::ErrorKind;
using testing::ExpectError;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Tables built by hand.
struct Builder {
  ExpertTables t;
  uint32_t Expert(const std::string& specialty = "onc", const std::string& country = "DE") {
    expert::Expert e;
    e.id = "E" + std::to_string(t.experts.size());
    e.name = e.id;
    e.specialty = specialty;
    e.country = country;
    t.experts.push_back(e);
    return static_cast<uint32_t>(t.experts.size() - 1);
  }
  void Pub(uint32_t e, int year, AuthorPosition position, double citations = kNaN, double impact = kNaN,
           const std::string& keywords = "") {
    t.pub_ids.push_back("P" + std::to_string(t.pub_ids.size()));
    t.authorships.push_back({static_cast<uint32_t>(t.pub_ids.size() - 1), e, year, position, citations, impact, "J",
                             keywords});
  }
  void Trial(uint32_t e, int year, TrialPhase phase, TrialRole role) {
    t.trial_ids.push_back("T" + std::to_string(t.trial_ids.size()));
    t.trials.push_back({static_cast<uint32_t>(t.trial_ids.size() - 1), e, phase, role, year, ""});
  }
  void Talk(uint32_t e, int year, TalkLevel level, TalkRole role) {
    t.events.push_back("V" + std::to_string(t.events.size()));
    t.talks.push_back({static_cast<uint32_t>(t.events.size() - 1), e, year, level, role});
  }
  void Member(uint32_t e, BodyKind kind, int from, int to) {
    t.bodies.push_back("B" + std::to_string(t.bodies.size()));
    t.memberships.push_back({static_cast<uint32_t>(t.bodies.size() - 1), e, kind, from, to});
  }
};

ScoringOptions AsOf(int year) {
  ScoringOptions o;
  o.as_of_year = year;
  return o;
}

TEST(ScoreExperts, RelevanceAndDecayByHand) {
  Builder b;
  const uint32_t e = b.Expert();
  b.Trial(e, 2020, TrialPhase::kIII, TrialRole::kPrincipal);  // 3 * 1.5 * 0.5^(4/4)
  b.Trial(e, 2024, TrialPhase::kIV, TrialRole::kSteering);    // 2 * 0.8
  b.Trial(e, 2025, TrialPhase::kI, TrialRole::kSub);          // after as_of: left out
  b.Pub(e, 2024, AuthorPosition::kFirst, 0);                  // 2 * (1 + 0)
  b.Pub(e, 2022, AuthorPosition::kMiddle, std::expm1(5.0));   // 1 * (1 + 5/5) * 0.5^(2/4)
  b.Pub(e, 2024, AuthorPosition::kLast, kNaN, 9.0);           // 2 * (1 + log(10)/5)
  b.Pub(e, 2024, AuthorPosition::kMiddle);                    // 1
  b.Talk(e, 2024, TalkLevel::kInternational, TalkRole::kKeynote);  // talks 4 * 2, congress 2 * 2
  b.Talk(e, 2020, TalkLevel::kRegional, TalkRole::kPanel);         // talks 1 * 0.8 * 0.5
  b.Talk(e, 2022, TalkLevel::kNational, TalkRole::kChair);         // talks 3 * 0.5^0.5, congress 1.5 * 0.5^0.5
  b.Talk(e, 2024, TalkLevel::kLocal, TalkRole::kSpeaker);          // talks 0.5
  b.Member(e, BodyKind::kGuidelineCommittee, 2022, 0);             // 3 * (0.5^0.5 + 0.5^0.25 + 1)
  b.Member(e, BodyKind::kEditorialBoard, 2019, 2020);              // 2 * (0.5^1.25 + 0.5^1)
  b.Member(e, BodyKind::kAdvisoryBoard, 2023, 2030);               // 2 * (0.5^0.25 + 1): counted to as_of
  b.Member(e, BodyKind::kSocietyBoard, 2024, 0);                   // 1.5
  const auto s = ScoreExperts(b.t, Network{}, AsOf(2024));
  ASSERT_EQ(s.size(), 1u);
  const double h = std::sqrt(0.5), q = std::pow(0.5, 0.25);
  EXPECT_DOUBLE_EQ(s[0].raw[kTrials], 3 * 1.5 * 0.5 + 2 * 0.8);
  EXPECT_DOUBLE_EQ(s[0].raw[kPublications], 2 + 2 * h + 2 * (1 + std::log(10.0) / 5) + 1);
  EXPECT_DOUBLE_EQ(s[0].raw[kTalks], 8 + 0.4 + 3 * h + 0.5);
  EXPECT_DOUBLE_EQ(s[0].raw[kCongress], 4 + 1.5 * h);
  EXPECT_DOUBLE_EQ(s[0].raw[kCommittees],
                   3 * (h + q + 1) + 2 * (std::pow(0.5, 1.25) + 0.5) + 2 * (q + 1) + 1.5);
  EXPECT_EQ(s[0].raw[kMultiplier], 0);
  // Alone in its group, an active expert is at the top of every criterion with activity.
  for (int c = 0; c < kMultiplier; ++c) EXPECT_EQ(s[0].scores[c], 100) << CriterionName(static_cast<Criterion>(c));
  EXPECT_EQ(s[0].scores[kMultiplier], 0);
  EXPECT_DOUBLE_EQ(s[0].total, 85);  // the weights of the five criteria with activity: 0.85
}

TEST(ScoreExperts, HalfLifeAndDefaultYear) {
  Builder b;
  const uint32_t e = b.Expert();
  b.Trial(e, 2016, TrialPhase::kI, TrialRole::kSub);
  b.Pub(e, 2022, AuthorPosition::kMiddle);  // the latest year: as_of 2022
  ScoringOptions o;
  o.half_life_years = 2;
  const auto s = ScoreExperts(b.t, Network{}, o);
  EXPECT_DOUBLE_EQ(s[0].raw[kTrials], 0.125);
  EXPECT_DOUBLE_EQ(s[0].raw[kPublications], 1);
}

TEST(ScoreExperts, PercentilesWithinTheGroupTiesShareTheScore) {
  Builder b;
  const uint32_t none = b.Expert(), one = b.Expert(), same = b.Expert(), five = b.Expert(), other = b.Expert("card");
  for (const uint32_t e : {one, same}) b.Trial(e, 2024, TrialPhase::kI, TrialRole::kSub);
  for (int k = 0; k < 5; ++k) b.Trial(five, 2024, TrialPhase::kI, TrialRole::kSub);
  b.Trial(other, 2024, TrialPhase::kI, TrialRole::kSub);
  const auto s = ScoreExperts(b.t, Network{}, AsOf(2024));
  EXPECT_EQ(s[none].scores[kTrials], 0);
  EXPECT_EQ(s[one].scores[kTrials], 100 * 2.5 / 4);
  EXPECT_EQ(s[same].scores[kTrials], 100 * 2.5 / 4);
  EXPECT_EQ(s[five].scores[kTrials], 100);
  EXPECT_EQ(s[other].scores[kTrials], 100);  // alone in cardiology
  EXPECT_EQ(s[one].total, s[same].total);
  EXPECT_EQ(s[one].explanation, s[same].explanation);
  // Compared with all, cardiology's expert ties with the two.
  ScoringOptions all = AsOf(2024);
  all.compare_within = "all";
  const auto t = ScoreExperts(b.t, Network{}, all);
  EXPECT_EQ(t[other].scores[kTrials], 100 * 3.0 / 5);
  EXPECT_EQ(t[one].scores[kTrials], 100 * 3.0 / 5);
  EXPECT_EQ(t[five].scores[kTrials], 100);
}

TEST(ScoreExperts, NoActivityScoresZero) {
  Builder b;
  const uint32_t idle = b.Expert(), busy = b.Expert();
  b.Pub(busy, 2024, AuthorPosition::kFirst);
  Network net;
  net.pagerank = {0.5, 0.5};
  net.collaborators = {0, 0};
  net.institutions = {1, 1};
  net.countries = {1, 1};
  const auto s = ScoreExperts(b.t, net, AsOf(2024));
  for (int c = 0; c < kCriteria; ++c) EXPECT_EQ(s[idle].scores[c], 0);
  EXPECT_EQ(s[idle].total, 0);
  EXPECT_EQ(s[idle].tier, "local");
  EXPECT_FALSE(s[idle].rising_star);
  EXPECT_EQ(s[idle].explanation, "no activity");
  EXPECT_EQ(s[busy].scores[kMultiplier], 0);  // no collaborators: no multiplier
}

TEST(ScoreExperts, MultiplierFromPageRankAndReach) {
  Builder b;
  for (int k = 0; k < 4; ++k) b.Expert();
  Network net;
  net.pagerank = {0.1, 0.2, 0.3, 0.4};
  net.collaborators = {0, 2, 1, 5};
  net.institutions = {1, 2, 2, 3};
  net.countries = {1, 1, 2, 2};
  const auto s = ScoreExperts(b.t, net, AsOf(2024));
  // PageRank percentiles (expert 0 without collaborators counts 0): 0, 50, 75, 100; reach
  // 0, 5, 5, 10: 0, 62.5, 62.5, 100.
  EXPECT_DOUBLE_EQ(s[0].raw[kMultiplier], 0);
  EXPECT_DOUBLE_EQ(s[1].raw[kMultiplier], 0.5 + 0.625);
  EXPECT_DOUBLE_EQ(s[2].raw[kMultiplier], 0.75 + 0.625);
  EXPECT_DOUBLE_EQ(s[3].raw[kMultiplier], 2);
  EXPECT_EQ(s[0].scores[kMultiplier], 0);
  EXPECT_EQ(s[1].scores[kMultiplier], 50);
  EXPECT_EQ(s[2].scores[kMultiplier], 75);
  EXPECT_EQ(s[3].scores[kMultiplier], 100);
  EXPECT_EQ(s[3].explanation, "multiplier 100: 5 collaborators at 3 institutions in 2 countries");
}

TEST(ScoreExperts, WeightsAreRespected) {
  Builder b;
  std::mt19937 rng(7);
  for (int k = 0; k < 12; ++k) b.Expert(k % 2 ? "onc" : "card");
  for (int k = 0; k < 40; ++k) {
    const uint32_t e = static_cast<uint32_t>(rng() % 12);
    b.Trial(e, 2015 + static_cast<int>(rng() % 10), TrialPhase::kII, TrialRole::kPrincipal);
    b.Pub(static_cast<uint32_t>(rng() % 12), 2015 + static_cast<int>(rng() % 10), AuthorPosition::kMiddle);
    b.Talk(static_cast<uint32_t>(rng() % 12), 2020, TalkLevel::kNational, TalkRole::kKeynote);
    b.Member(static_cast<uint32_t>(rng() % 12), BodyKind::kAdvisoryBoard, 2018, 2020);
  }
  Network net;
  for (int k = 0; k < 12; ++k) {
    net.pagerank.push_back(1.0 / 12 + k * 1e-3);
    net.collaborators.push_back(static_cast<uint32_t>(k % 4));
    net.institutions.push_back(1 + static_cast<uint32_t>(k % 3));
    net.countries.push_back(1);
  }
  for (int c = 0; c < kCriteria; ++c) {
    ScoringOptions o = AsOf(2024);
    for (double& w : o.weights) w = 0;
    o.weights[c] = 1;
    const auto s = ScoreExperts(b.t, net, o);
    for (size_t e = 0; e < s.size(); ++e) EXPECT_EQ(s[e].total, s[e].scores[c]) << CriterionName(Criterion(c));
  }
  ScoringOptions o = AsOf(2024);
  for (double& w : o.weights) w = 2;  // normalized: the plain mean
  const auto s = ScoreExperts(b.t, net, o);
  for (const ExpertScore& x : s) {
    double mean = 0;
    for (const double v : x.scores) mean += v;
    EXPECT_NEAR(x.total, mean / static_cast<double>(kCriteria), 1e-12);
  }
}

TEST(ScoreExperts, BadOptions) {
  Builder b;
  b.Expert();
  ScoringOptions o;
  o.weights[kTalks] = -1;
  ExpectError([&] { ScoreExperts(b.t, Network{}, o); }, ErrorKind::kConfig,
              {.message = "experts.weights: the weight of talks is -1: expected a number >= 0"});
  for (double& w : o.weights) w = 0;
  ExpectError([&] { ScoreExperts(b.t, Network{}, o); }, ErrorKind::kConfig,
              {.message = "experts.weights: all weights are 0: give at least one > 0"});
  ScoringOptions p;
  p.compare_within = "city";
  ExpectError([&] { ScoreExperts(b.t, Network{}, p); }, ErrorKind::kConfig,
              {.message = "experts.compare_within is \"city\": expected specialty, country or all"});
  ScoringOptions h;
  h.half_life_years = 0;
  ExpectError([&] { ScoreExperts(b.t, Network{}, h); }, ErrorKind::kConfig,
              {.message = "experts.half_life_years is 0: expected a number > 0"});
}

TEST(ScoreExperts, AreaKeywordsFilterPublications) {
  Builder b;
  const uint32_t lung = b.Expert(), breast = b.Expert();
  b.Pub(lung, 2024, AuthorPosition::kFirst, kNaN, kNaN, "nsclc; lung cancer");
  b.Pub(breast, 2024, AuthorPosition::kFirst, kNaN, kNaN, "her2,breast cancer");
  b.Trial(breast, 2024, TrialPhase::kI, TrialRole::kSub);  // trials are not filtered
  ScoringOptions o = AsOf(2024);
  o.area_keywords = {"LUNG"};
  const auto s = ScoreExperts(b.t, Network{}, o);
  EXPECT_EQ(s[lung].raw[kPublications], 2);
  EXPECT_EQ(s[breast].raw[kPublications], 0);
  EXPECT_EQ(s[breast].raw[kTrials], 1);
}

TEST(ScoreExperts, Tiers) {
  Builder b;
  const uint32_t global = b.Expert(), national = b.Expert(), by_talk = b.Expert(), regional = b.Expert(),
                 local = b.Expert(), few_countries = b.Expert();
  for (int k = 0; k < 3; ++k) {
    b.Talk(global, 2023, TalkLevel::kInternational, TalkRole::kSpeaker);
    b.Talk(few_countries, 2023, TalkLevel::kInternational, TalkRole::kSpeaker);
  }
  b.Pub(national, 2023, AuthorPosition::kMiddle);
  b.Talk(by_talk, 2023, TalkLevel::kNational, TalkRole::kPanel);
  b.Pub(regional, 2023, AuthorPosition::kMiddle);
  b.Talk(local, 2023, TalkLevel::kLocal, TalkRole::kSpeaker);
  Network net;
  net.pagerank = std::vector<double>(6, 1.0 / 6);
  net.collaborators = {4, 10, 0, 9, 0, 12};
  net.institutions = {3, 5, 1, 2, 1, 4};
  net.countries = {3, 1, 1, 2, 1, 2};
  const auto s = ScoreExperts(b.t, net, AsOf(2024));
  EXPECT_EQ(s[global].tier, "global");
  EXPECT_EQ(s[national].tier, "national");
  EXPECT_EQ(s[by_talk].tier, "national");
  EXPECT_EQ(s[regional].tier, "regional");
  EXPECT_EQ(s[local].tier, "local");
  EXPECT_EQ(s[few_countries].tier, "national");  // international talks, but 2 countries
  ScoringOptions o = AsOf(2024);
  o.global_countries = 2;
  o.national_collaborators = 9;
  const auto t = ScoreExperts(b.t, net, o);
  EXPECT_EQ(t[few_countries].tier, "global");
  EXPECT_EQ(t[regional].tier, "national");
}

TEST(ScoreExperts, RisingStars) {
  Builder b;
  const uint32_t rising = b.Expert(), steady = b.Expert(), small = b.Expert(), idle = b.Expert();
  (void)idle;
  // Rising: 1 publication a year in 2015-2021, 4 a year in 2022-2024.
  for (int year = 2015; year <= 2024; ++year) {
    for (int k = 0; k < (year >= 2022 ? 4 : 1); ++k) b.Pub(rising, year, AuthorPosition::kFirst);
    for (int k = 0; k < 2; ++k) b.Pub(steady, year, AuthorPosition::kFirst);
  }
  b.Pub(small, 2024, AuthorPosition::kMiddle);  // all recent, but a low score
  ScoringOptions o = AsOf(2024);
  for (double& w : o.weights) w = 0;
  o.weights[kPublications] = 1;
  o.rising_min_score = 60;
  const auto s = ScoreExperts(b.t, Network{}, o);
  EXPECT_TRUE(s[rising].rising_star);
  EXPECT_FALSE(s[steady].rising_star);
  EXPECT_EQ(s[small].total, 50);  // the mean rank 2 of 4 (idle is 1)
  EXPECT_FALSE(s[small].rising_star);  // below rising_min_score 60
  o.rising_min_score = 50;
  EXPECT_TRUE(ScoreExperts(b.t, Network{}, o)[small].rising_star);  // no earlier activity
  o.rising_growth = 5;  // 4 a year against 1 a year is not 5 times
  EXPECT_FALSE(ScoreExperts(b.t, Network{}, o)[rising].rising_star);
}

TEST(ScoreExperts, Explanation) {
  Builder b;
  const uint32_t e = b.Expert(), other = b.Expert();
  for (int year : {2022, 2023, 2024}) b.Trial(e, year, TrialPhase::kIII, TrialRole::kPrincipal);
  b.Trial(e, 2023, TrialPhase::kII, TrialRole::kSteering);
  for (int k = 0; k < 12; ++k) {
    b.Pub(e, 2021 + k % 4, k < 5 ? AuthorPosition::kLast : AuthorPosition::kMiddle);
  }
  b.Talk(e, 2023, TalkLevel::kInternational, TalkRole::kKeynote);
  b.Talk(e, 2024, TalkLevel::kInternational, TalkRole::kKeynote);
  b.Member(e, BodyKind::kGuidelineCommittee, 2020, 0);
  b.Pub(other, 2024, AuthorPosition::kMiddle);
  const auto s = ScoreExperts(b.t, Network{}, AsOf(2024));
  EXPECT_EQ(s[e].explanation,
            "trials 100: principal investigator in 3 trials (3 phase III), steering committee member in 1 trial "
            "since 2022; publications 100: 12 publications (5 first or last author) since 2021; talks 100: "
            "2 talks (2 international) since 2023");
  ScoringOptions o = AsOf(2024);
  for (double& w : o.weights) w = 0;
  o.weights[kCommittees] = 1;
  o.weights[kCongress] = 2;
  EXPECT_EQ(ScoreExperts(b.t, Network{}, o)[e].explanation,
            "congress 100: keynote at 2 international congresses; committees 100: member of 1 guideline committee");
}

// A random instance: 16 experts in 2 specialties, a few dozen items of every kind, a network.
Builder RandomInstance(std::mt19937& rng, Network* net) {
  Builder b;
  const int n = 16;
  for (int k = 0; k < n; ++k) b.Expert(k % 3 ? "onc" : "card", k % 2 ? "DE" : "FR");
  const auto pick = [&](int m) { return static_cast<int>(rng() % static_cast<unsigned>(m)); };
  const auto who = [&] { return static_cast<uint32_t>(pick(n)); };
  for (int k = 0; k < 30; ++k) {
    b.Trial(who(), 2012 + pick(13), TrialPhase(pick(4)), TrialRole(pick(3)));
    b.Pub(who(), 2012 + pick(13), AuthorPosition(pick(3)), pick(2) ? kNaN : pick(200), pick(2) ? kNaN : pick(40));
    b.Talk(who(), 2012 + pick(13), TalkLevel(pick(4)), TalkRole(pick(4)));
    const int from = 2010 + pick(15);
    b.Member(who(), BodyKind(pick(4)), from, pick(2) ? 0 : from + pick(5));
  }
  net->pagerank.clear();
  net->collaborators.clear();
  net->institutions.clear();
  net->countries.clear();
  for (int k = 0; k < n; ++k) {
    net->pagerank.push_back((1 + pick(5)) / 50.0);
    net->collaborators.push_back(static_cast<uint32_t>(pick(6)));
    net->institutions.push_back(1 + static_cast<uint32_t>(pick(3)));
    net->countries.push_back(1 + static_cast<uint32_t>(pick(2)));
  }
  return b;
}

// The number of experts with a higher total.
size_t RankOf(const std::vector<ExpertScore>& s, uint32_t e) {
  size_t above = 0;
  for (const ExpertScore& x : s) above += x.total > s[e].total;
  return above;
}

TEST(ScoreExperts, OneMoreRoleNeverLowersScoreOrRank) {
  std::mt19937 rng(2026);
  const ScoringOptions o = AsOf(2024);
  int raised = 0;
  for (int round = 0; round < 200; ++round) {
    Network net;
    Builder b = RandomInstance(rng, &net);
    const auto before = ScoreExperts(b.t, net, o);
    const uint32_t e = static_cast<uint32_t>(rng() % b.t.experts.size());
    const int year = 2012 + static_cast<int>(rng() % 13);
    const int what = round % 3;
    if (what == 0) b.Trial(e, year, TrialPhase(rng() % 4), TrialRole::kPrincipal);
    if (what == 1) b.Talk(e, year, TalkLevel(rng() % 4), TalkRole::kKeynote);
    if (what == 2) b.Member(e, BodyKind::kGuidelineCommittee, year, 0);
    const auto after = ScoreExperts(b.t, net, o);
    for (int c = 0; c < kCriteria; ++c) ASSERT_GE(after[e].scores[c], before[e].scores[c]) << "round " << round;
    ASSERT_GE(after[e].total, before[e].total) << "round " << round;
    ASSERT_LE(RankOf(after, e), RankOf(before, e)) << "round " << round;
    for (size_t x = 0; x < after.size(); ++x) {
      if (x != e) {
        ASSERT_LE(after[x].total, before[x].total) << "round " << round;
      }
    }
    raised += after[e].total > before[e].total;
  }
  EXPECT_GT(raised, 100);  // the check is not empty: most additions raise the score
}

TEST(ScoreExperts, Deterministic) {
  std::mt19937 rng(11);
  Network net;
  const Builder b = RandomInstance(rng, &net);
  const auto s = ScoreExperts(b.t, net, AsOf(2024)), t = ScoreExperts(b.t, net, AsOf(2024));
  for (size_t e = 0; e < s.size(); ++e) {
    EXPECT_EQ(s[e].total, t[e].total);
    EXPECT_EQ(s[e].explanation, t[e].explanation);
    EXPECT_EQ(s[e].tier, t[e].tier);
  }
}

}  // namespace
}  // namespace winnow::expert
