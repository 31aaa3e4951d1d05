// Independent evaluation of J(A, B, R, u) = E_{p ~ Beta(A, B)} [(1 - (1 + p u)^-R) / p]
// (math/hyp2f1.h) for the tests: Gauss-Kronrod quadrature over p itself in long double (64-bit
// significand), on pieces in geometric progression towards both ends, with the normalizing
// Beta function from 50-digit lgamma. The production code never integrates over p: it uses the
// 2F1 closed form, a series in z = u/(1+u), or quadrature over v = -log p in double with a
// closed-form tail, so this shares no formula with it beyond the definition.
#pragma once

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <cmath>
#include <map>
#include <utility>

namespace winnow::testing {

// log B(A, B) from 50-digit lgamma (a double lgamma difference loses 1e-7 at B = 1e8), kept for
// the grids' repeated (A, B) pairs (the tests run single-threaded).
inline long double ReferenceLogBeta(double a, double b) {
  static std::map<std::pair<double, double>, long double> cache;
  const auto found = cache.find({a, b});
  if (found != cache.end()) return found->second;
  using boost::multiprecision::cpp_bin_float_50;
  const cpp_bin_float_50 x(a), y(b);
  const auto value = static_cast<long double>(lgamma(x) + lgamma(y) - lgamma(x + y));
  cache.emplace(std::make_pair(a, b), value);
  return value;
}

// int_lo^hi f by adaptive 31-point Gauss-Kronrod over s in [0, 1] (Boost 1.74 compares an
// error estimate that is not scaled by the interval's length with a tolerance that is).
template <typename F>
long double ReferenceIntegral(const F& f, long double lo, long double hi) {
  const long double width = hi - lo;
  return width * boost::math::quadrature::gauss_kronrod<long double, 31>::integrate(
                     [&](long double s) { return f(lo + width * s); }, 0.0L, 1.0L, 10, 1e-15L);
}

inline long double ReferenceDropoutExpectation(double a_in, double b_in, double r_in, double u_in) {
  const long double A = a_in, B = b_in, R = r_in, u = u_in;
  if (u == 0) return 0;
  const long double log_beta = ReferenceLogBeta(a_in, b_in);
  const auto g = [&](long double p) { return -expm1l(-R * log1pl(u * p)) / p; };
  long double total = 0;
  // p in [0, 1/2] on pieces [p/4, p]; below p = e = 1e-8 / (B + (R+1) u + 1), where
  // (1-p)^(B-1) g(p) = R u - s p + O((p (B + R u))^2) with s = (B-1) R u + R (R+1) u^2 / 2,
  // in closed form: R u e^A / A - s e^(A+1) / (A+1).
  const auto by_p = [&](long double p) {
    const long double log_weight = (A - 1) * logl(p) + (B - 1) * log1pl(-p) - log_beta;
    return log_weight < -11000 ? 0.0L : expl(log_weight) * g(p);
  };
  const long double expansion_below = 1e-8L / (B + (R + 1) * u + 1);
  long double hi = 0.5L;
  while (hi >= expansion_below) {
    total += ReferenceIntegral(by_p, hi / 4, hi);
    hi /= 4;
  }
  const long double slope = (B - 1) * R * u + R * (R + 1) * u * u / 2;
  total += expl(-log_beta) * (R * u * powl(hi, A) / A - slope * powl(hi, A + 1) / (A + 1));
  // p in [1/2, 1] as q = 1 - p on pieces [q/4, q] (the weight has q^(B-1)), and below q = 4^-30
  // in closed form: int_0^e q^(B-1) (1-q)^(A-1) g(1-q) dq = g(1) e^B / B (1 + O(e)). For B > 1
  // the pieces shrink by at least 4^-(B-1) once q is small, and they stop when the rest is below
  // 1e-21 of the total.
  const auto by_q = [&](long double q) {
    const long double log_weight = (A - 1) * log1pl(-q) + (B - 1) * logl(q) - log_beta;
    return log_weight < -11000 ? 0.0L : expl(log_weight) * g(1 - q);
  };
  const long double small_q = 1e-3L / (1 + fabsl(A - 1) + R);
  hi = 0.5L;
  for (int k = 0; k < 30; ++k) {
    const long double piece = ReferenceIntegral(by_q, hi / 4, hi);
    total += piece;
    hi /= 4;
    if (B > 1.5L && hi < small_q && piece <= 1e-21L * total * (1 - powl(4.0L, 1 - B))) return total;
  }
  total += expl(-log_beta + B * logl(hi)) / B * g(1.0L);
  return total;
}

}  // namespace winnow::testing
