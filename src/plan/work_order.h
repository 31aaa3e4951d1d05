// The order a rep works its list (rep_plans/REP.csv, and the dashboard's list from plan.csv):
// the customers with planned contacts first, most expected gain per contact first; then the
// others, by the gain of one more contact; ties by customer id. One definition for the writer
// and the server.
#pragma once

#include <cmath>
#include <string_view>
#include <utility>

namespace winnow::plan {

// The sort key of a row: (0 planned / 1 not, minus the gain per contact or the next contact's
// gain); a missing value sorts last.
inline std::pair<int, double> WorkOrderKey(double contacts, double expected_gain, double next_contact_gain) {
  const bool planned = std::isfinite(contacts) && contacts > 0;
  const double v = planned ? expected_gain / contacts : next_contact_gain;
  return {planned ? 0 : 1, std::isfinite(v) ? -v : INFINITY};
}

inline bool WorkOrderLess(const std::pair<int, double>& key_a, std::string_view id_a,
                          const std::pair<int, double>& key_b, std::string_view id_b) {
  return key_a != key_b ? key_a < key_b : id_a < id_b;
}

}  // namespace winnow::plan
