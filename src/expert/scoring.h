// The six criteria, the total, tiers, rising stars and the explanation of every expert (README
// "Experts"). Each criterion adds up the expert's items weighted by relevance and decayed by age,
//   raw = sum over items of relevance(item) * 0.5^((as_of_year - year) / half_life)
// (a membership counts each year it ran, an ongoing one to as_of_year), optionally only items whose
// keywords match the therapeutic area, then is normalized within the comparison group (specialty
// by default) to 0-100 by percentile rank of raw (ties share the mean rank; 0 activity scores 0).
// The multiplier is the percentile of PageRank combined with reach. total = the weighted mean of
// the six scores. Tiers from reach and international activity; rising stars from the growth of
// the score over recent years.
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

// Scores every expert. Throws core::Error(kConfig) for weights that are negative or all zero.
std::vector<ExpertScore> ScoreExperts(const ExpertTables& tables, const Network& network,
                                      const ScoringOptions& options);

}  // namespace winnow::expert
