// The field force's tables for the effort plan (README "Effort plans"): the reps, the territories
// (which rep works which customer), per-customer limits, and the truth of a simulated project's
// response. Each reader names file, line and column for a bad cell (core::Error(kInput)).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/response.h"

namespace winnow::plan {

struct Rep {
  std::string id, name;
  std::string channel = "visit";  // the channel the rep's contacts are planned in
  uint64_t capacity = 0;          // contacts per planning period
  double cost = 0;                // per contact
  uint64_t line = 0;              // in the reps table
};

// rep_id,capacity,cost and optionally name, channel (other columns are ignored). A rep listed
// twice, a capacity that is not a whole number >= 0 (at most 1e9), or a cost < 0 (at most 1e9) is
// an error at its cell; so is an empty table.
std::vector<Rep> ReadReps(const std::string& path);

// One row of a table keyed by customer: its id and the row's line.
struct Keyed {
  std::string customer_id;
  uint64_t line = 0;
};

// customer_id,rep_id: the rep that works each customer. A customer listed twice is an error.
struct Territory : Keyed {
  std::string rep_id;
  uint64_t rep_field = 0;  // the rep_id column's position, for errors about an unknown rep
};
std::vector<Territory> ReadTerritories(const std::string& path);

// customer_id,min,max: contacts per period for single customers (either may be empty: none).
// min > max, a count that is not a whole number in 0..max_contacts, or a customer listed twice
// is an error.
struct Limit : Keyed {
  int64_t min = -1, max = -1;  // -1: not given
};
std::vector<Limit> ReadLimits(const std::string& path, uint64_t max_contacts);

// customer_id,period_days,stake,amplitude,half,shape: a simulated project's true response
// (`winnow simulate --scenario pharma` writes truth/response.csv): the true gain of n contacts in
// a period of period_days is stake * Response{amplitude, half, shape}.Lift(n).
struct TruthRow : Keyed {
  double period_days = 0;
  double stake = 0;
  Response response;
};
std::vector<TruthRow> ReadResponseTruth(const std::string& path);

}  // namespace winnow::plan
