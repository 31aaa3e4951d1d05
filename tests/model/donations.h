// The donation data of Fader, Hardie & Shang (2010), the BG/BB's published example: 11,104
// first-time donors of 1995 and their repeat donations in the 6 years 1996-2001, as (x, t_x,
// donors) with n = 6. From datasets/donations.csv of the Python lifetimes package
// (github.com/CamDavidsonPilon/lifetimes). Used by bg_bb_test.cc and predict_test.cc.
#pragma once

#include "model/model.h"

namespace winnow::model::testing {

inline constexpr double kDonations[][3] = {
    {0, 0, 3464}, {1, 1, 1091}, {1, 2, 277}, {1, 3, 129}, {1, 4, 78},  {1, 5, 119}, {1, 6, 129}, {2, 2, 613},
    {2, 3, 255},  {2, 4, 155},  {2, 5, 173}, {2, 6, 234}, {3, 3, 322}, {3, 4, 181}, {3, 5, 225}, {3, 6, 357},
    {4, 4, 240},  {4, 5, 284},  {4, 6, 512}, {5, 5, 335}, {5, 6, 728}, {6, 6, 1203}};

// The table as weighted observations (frequency x, recency t_x, age n = 6, weight the donors).
inline Observations Donations() {
  Observations data;
  for (const auto& row : kDonations) {
    data.frequency.push_back(row[0]);
    data.recency.push_back(row[1]);
    data.age.push_back(6);
    data.weight.push_back(row[2]);
  }
  return data;
}

}  // namespace winnow::model::testing
