// TEST ONLY, until the response work of issue 12 is merged: Response::Lift as plan/response.h
// declares it, so the optimizer's tests link. Delete this file (and its mention in
// tests/CMakeLists.txt) when src/plan/response.cc defines Lift.
#include <cmath>

#include "plan/response.h"

namespace winnow::plan {

double Response::Lift(double contacts) const {
  if (contacts <= 0) return 0;
  const double x = std::pow(contacts, shape);
  return amplitude * x / (std::pow(half, shape) + x);
}

}  // namespace winnow::plan
