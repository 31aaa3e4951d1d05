#include "math/hyp2f1.h"

#include <cmath>
#include <initializer_list>

namespace winnow::math {

namespace {

// The hypergeometric series itself, summed until a term no longer changes the sum.
bool Series(double a, double b, double c, double z, double* value, int max_terms = kHyp2F1MaxTerms) {
  double term = 1.0, sum = 1.0;
  for (int n = 0; n < max_terms; ++n) {
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

// log|Gamma(x)| and its sign.
double LogAbsGamma(double x, int* sign) {
  int s = 1;
  const double value = lgamma_r(x, &s);
  *sign *= s;
  return value;
}

// A&S 15.3.6, for z near 1 when c - a - b is not an integer:
//   2F1(a,b;c;z) = G(c)G(c-a-b)/(G(c-a)G(c-b)) 2F1(a, b; a+b-c+1; 1-z)
//                + (1-z)^(c-a-b) G(c)G(a+b-c)/(G(a)G(b)) 2F1(c-a, c-b; c-a-b+1; 1-z)
bool NearOne(double a, double b, double c, double z, double* value) {
  const double d = c - a - b;
  if (std::abs(d - std::nearbyint(d)) < 1e-6) return false;
  for (double g : {c - a, c - b, a, b}) {
    if (g <= 0 && g == std::floor(g)) return false;  // a term vanishes: not handled here
  }
  double f1 = 0, f2 = 0;
  if (!Series(a, b, a + b - c + 1, 1 - z, &f1, 20000) || !Series(c - a, c - b, d + 1, 1 - z, &f2, 20000)) return false;
  int sign1 = 1, sign2 = 1;
  const double log1 = LogAbsGamma(c, &sign1) + LogAbsGamma(d, &sign1) - LogAbsGamma(c - a, &sign1) - LogAbsGamma(c - b, &sign1);
  const double log2 = d * std::log1p(-z) + LogAbsGamma(c, &sign2) + LogAbsGamma(-d, &sign2) - LogAbsGamma(a, &sign2) -
                      LogAbsGamma(b, &sign2);
  const double result = sign1 * std::exp(log1) * f1 + sign2 * std::exp(log2) * f2;
  if (!std::isfinite(result)) return false;
  *value = result;
  return true;
}

}  // namespace

bool Hyp2F1(double a, double b, double c, double z, double* value) {
  if (!(z >= 0.0 && z < 1.0) || !std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c)) return false;
  if (c <= 0 && c == std::floor(c)) return false;
  // Euler's transformation 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z)
  // (Abramowitz & Stegun 15.3.3) when it makes the numerator parameters smaller: for the
  // BG/NBD expectations with large x (a, b close to c) its terms stay small where the plain
  // series' terms grow huge before they shrink.
  if (std::abs(c - a) + std::abs(c - b) < std::abs(a) + std::abs(b)) {
    double transformed = 0;
    if (Series(c - a, c - b, c, z, &transformed, 20000)) {
      const double result = std::exp((c - a - b) * std::log1p(-z)) * transformed;
      if (std::isfinite(result)) {
        *value = result;
        return true;
      }
    }
  }
  if (z > 0.9 && NearOne(a, b, c, z, value)) return true;
  return Series(a, b, c, z, value);
}

}  // namespace winnow::math
