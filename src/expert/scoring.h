// The six criteria, the total, tiers, rising stars and the explanation of every expert (README
// "Experts"). Each criterion adds up the expert's items weighted by relevance and decayed by age,
//   raw = sum over items of relevance(item) * 0.5^((as_of_year - year) / half_life)
// (a membership counts each year it ran, an ongoing one to as_of_year), optionally only items whose
// keywords match the therapeutic area, then is normalized within the comparison group (specialty
// by default) to 0-100 by percentile rank of raw (ties share the mean rank; 0 activity scores 0).
// The multiplier is the percentile of PageRank combined with reach. total = the weighted mean of
// the six scores. Tiers from reach and international activity; rising stars from the growth of
// the score over recent years.
//
// Relevance of an item (raw = the decayed sum; items dated after as_of_year are left out):
//   trials        role: principal investigator 3, steering committee 2, sub-investigator 1;
//                 times phase: III 1.5, II 1.2, I 1, IV 0.8; dated by start_year
//   publications  author position: first or last 2, middle 1; times 1 + ln(1 + citations)/5 when
//                 citations are given, else 1 + ln(1 + impact)/5 when the impact is given, else 1;
//                 with area_keywords, only publications one of whose keywords (split at ';' and
//                 ',') contains one of the area keywords (case-insensitive) count. The area filter
//                 applies to publications only (trials, talks and memberships carry no keywords).
//   talks         level: international 4, national 2, regional 1, local 0.5; times role: keynote 2,
//                 chair 1.5, speaker 1, panel 0.8
//   committees    kind: guideline committee 3, advisory board 2, editorial board 2, society board
//                 1.5; for each year from `from` to `to` (ongoing or later: as_of_year), decayed by
//                 that year's age
//   congress      keynote or chair at an international or national event: level international 2,
//                 national 1, times role keynote 2, chair 1.5 (other talks do not count)
// Percentile within the group of n experts: 100 * (L + (E + 1)/2) / n, L the experts of the group
// with a lower raw value, E those with the same (itself included); raw <= 0 scores 0. So more
// raw activity never lowers an expert's own score, and never raises another's.
// Multiplier: raw = (percentile of PageRank + percentile of reach) / 100 within the group (0-2),
// reach = collaborators + institutions + countries (Network); both 0 for an expert without
// collaborators; without a network (empty vectors) every multiplier is 0. The score is the
// percentile of that raw value.
// total = sum_c weight_c * score_c / sum_c weight_c.
// Tier: global when network countries >= global_countries and international talks >=
// global_international; else national when collaborators >= national_collaborators or any
// national or international talk; else regional when any trial, publication, membership or
// non-local talk; else local.
// Rising star: activity = the undecayed relevance of every item per year (memberships per year
// active). recent = activity in the last rising_years (as_of_year included) / rising_years;
// earlier = activity before / the years from the expert's first active year to the window (at
// least 1; 0 without earlier activity). Rising when recent > 0, recent >= rising_growth *
// earlier and total >= rising_min_score.
// Explanation: up to 3 criteria with the largest weight * score (> 0), ties in criterion order,
// each as "NAME SCORE: facts", joined by "; " (e.g. "trials 92: principal investigator in 3 trials
// (3 phase III) since 2022; publications 80: 12 publications (5 first or last author) since
// 2021"); "no activity" when none.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "expert/network.h"
#include "expert/tables.h"

namespace winnow::expert {

enum Criterion : uint8_t { kTrials, kPublications, kTalks, kCommittees, kCongress, kMultiplier, kCriteria };

// "trials", "publications", "talks", "committees", "congress", "multiplier".
const char* CriterionName(Criterion c);

struct ScoringOptions {
  int as_of_year = 0;            // the year ages count from (default: the latest year in the tables)
  double half_life_years = 4;
  std::vector<std::string> area_keywords;  // empty: every publication counts
  std::string compare_within = "specialty";  // "specialty", "country" or "all"
  double weights[kCriteria] = {0.25, 0.20, 0.15, 0.15, 0.10, 0.15};  // sum to 1 (normalized if not)
  // Tiers: global when the expert's reach spans at least global_countries countries and its
  // international items (talks at international events, international trials... here: talks)
  // are at least global_international; national when at least national_collaborators
  // collaborators or national talks; regional when any activity beyond local; else local.
  uint32_t global_countries = 3;
  uint32_t global_international = 3;
  uint32_t national_collaborators = 10;
  // Rising star: the total over the last rising_years against the total before, and a minimum
  // recent score.
  int rising_years = 3;
  double rising_growth = 2.0;   // recent raw activity per year / earlier activity per year at least
  double rising_min_score = 50;  // total score at least
};

struct ExpertScore {
  double scores[kCriteria] = {};  // 0-100
  double raw[kCriteria] = {};
  double total = 0;       // 0-100
  std::string tier;       // "global", "national", "regional", "local"
  bool rising_star = false;
  std::string explanation;  // the criteria that carry the score and the facts behind them
};

// The year ages count from: options.as_of_year, or when it is 0 the latest year in the tables.
int AsOfYear(const ExpertTables& tables, const ScoringOptions& options);

// Scores every expert. Throws core::Error(kConfig) for weights that are negative or all zero, a
// half-life <= 0 and an unknown compare_within. `network` is BuildNetwork(tables) (vectors of one
// entry per expert), or a default Network{} for none; other sizes are a bug (std::logic_error).
std::vector<ExpertScore> ScoreExperts(const ExpertTables& tables, const Network& network,
                                      const ScoringOptions& options);

}  // namespace winnow::expert
