#include "math/hyp2f1.h"

#include <cmath>

namespace winnow::math {

bool Hyp2F1(double a, double b, double c, double z, double* value) {
  if (!(z >= 0.0 && z < 1.0) || !std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c)) return false;
  if (c <= 0 && c == std::floor(c)) return false;
  double term = 1.0, sum = 1.0;
  for (int n = 0; n < kHyp2F1MaxTerms; ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    const double next = sum + term;
    if (!std::isfinite(next)) return false;
    if (next == sum && std::abs(term) <= 1e-17 * std::abs(sum)) {
      *value = next;
      return true;
    }
    sum = next;
    if (term == 0.0) {
      *value = sum;
      return true;
    }
  }
  return false;
}

}  // namespace winnow::math
