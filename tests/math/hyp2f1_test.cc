// math::Hyp2F1 (src/math/hyp2f1.cc: the series, Euler's transformation, A&S 15.3.6 near z = 1)
// tested directly: against closed forms, against the series summed in 50 significant digits
// (Boost.Multiprecision cpp_bin_float_50), and against Euler's integral by tanh-sinh quadrature
// in long double where the series is too long to sum (z near 1). Its one caller is the
// shifted-BG's discounted expected residual lifetime (model/sbg.cc),
//   DERL = S(n) 2F1(1, beta + n; alpha + beta + n; 1/(1+d)),
// so the grid covers what a fit reaches there: alpha and beta from 0.01 to 100 (the BG/BB and
// sBG fits of tests/model land between 0.2 and 10), contract periods n from 1 to 1,000 and
// discount rates d from 1e-4 to 10 per period (z from 0.09 to 0.9999). The purchase models do
// not call it: BG/NBD and MBG/NBD go through math::DropoutExpectation
// (tests/math/dropout_expectation_test.cc), Pareto/NBD through math/hyp2f1_pareto.h
// (tests/math/hyp2f1_pareto_test.cc, z negative and large included).
#include "math/hyp2f1.h"

#include <gtest/gtest.h>

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace winnow::math {
namespace {

using Big = boost::multiprecision::cpp_bin_float_50;

// The defining series (A&S 15.1.1) in 50 digits, until a term is below 1e-40 of the sum (the
// terms of the grid below are positive or alternate with a shrinking size after n > |a|, |b|).
// Returns NaN when that takes more than `max_terms` terms.
double SeriesIn50Digits(double a, double b, double c, double z, int max_terms = 400000) {
  Big term = 1, sum = 1;
  const Big A = a, B = b, C = c, Z = z;
  for (int n = 0; n < max_terms; ++n) {
    term *= (A + n) * (B + n) / ((C + n) * (n + 1)) * Z;
    sum += term;
    if (n > std::abs(a) + std::abs(b) && abs(term) < Big("1e-40") * abs(sum)) return static_cast<double>(sum);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// Euler's integral (A&S 15.3.1), for c > b > 0 and z < 1:
//   2F1(a, b; c; z) = 1/B(b, c-b) int_0^1 t^(b-1) (1-t)^(c-b-1) (1-zt)^-a dt,
// by tanh-sinh quadrature in long double (it takes the end-point singularities when b < 1 or
// c - b < 1). Independent of Hyp2F1's series and transformations.
double EulerIntegral(double a, double b, double c, double z) {
  const long double lb = b, lcb = c - b, la = a, lz = z;
  boost::math::quadrature::tanh_sinh<long double> integrator;
  auto f = [&](long double t, long double distance) {
    // Boost passes the distance to the nearer end, a - t (negative) below the middle and b - t
    // above it: 1 - t then comes exact near t = 1.
    const long double complement = t > 0.5L ? distance : 1 - t;
    return std::pow(t, lb - 1) * std::pow(complement, lcb - 1) * std::pow(1 - lz * t, -la);
  };
  const long double tolerance = std::sqrt(std::numeric_limits<long double>::epsilon());
  const long double integral = integrator.integrate(f, 0.0L, 1.0L, tolerance);
  return static_cast<double>(integral / boost::math::beta(lb, lcb));
}

double RelativeError(double value, double reference) { return std::abs(value - reference) / std::abs(reference); }

double Value(double a, double b, double c, double z) {
  double value = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(Hyp2F1(a, b, c, z, &value)) << "2F1(" << a << ", " << b << "; " << c << "; " << z << ")";
  return value;
}

TEST(Hyp2F1, IsOneAtZero) {
  for (double a : {-3.5, 0.1, 1.0, 40.0}) {
    for (double c : {0.5, 2.0, 1e4}) EXPECT_EQ(Value(a, 2.5, c, 0.0), 1.0) << a << " " << c;
  }
}

// Closed forms (A&S 15.1.3, 15.1.8, 15.1.6): -log(1-z)/z, (1-z)^-a, asin(sqrt z)/sqrt z.
TEST(Hyp2F1, MatchesClosedForms) {
  for (double z : {1e-8, 0.001, 0.1, 0.5, 0.9, 0.99, 0.999}) {
    SCOPED_TRACE("z = " + std::to_string(z));
    EXPECT_LT(RelativeError(Value(1, 1, 2, z), -std::log1p(-z) / z), 1e-13);
    for (double a : {0.3, 1.0, 7.5, -2.5}) {
      for (double b : {0.2, 3.0, 150.0}) {
        // For a < 0 the binomial series of (1-z)^-a alternates: its error is relative to the sum
        // of |terms|, (1+z)^-a.
        const double exact = std::pow(1 - z, -a);
        const double scale = a < 0 ? std::pow(1 + z, -a) : exact;
        // From z = 0.9 on, sums of many terms and A&S 15.3.6 (c - a - b = -a) lose digits as c grows:
        // 8e-12 at b = c = 150.
        const double tolerance = z >= 0.9 && b > 100 ? 1e-11 : 1e-14;
        EXPECT_LE(std::abs(Value(a, b, b, z) - exact), tolerance * scale) << "a = " << a << ", b = " << b;
      }
    }
    EXPECT_LT(RelativeError(Value(0.5, 0.5, 1.5, z), std::asin(std::sqrt(z)) / std::sqrt(z)), 1e-14);
  }
  // A polynomial when a is a non-positive integer: 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1)).
  for (double z : {0.3, 0.95}) {
    const double b = 3.5, c = 1.25;
    EXPECT_LT(RelativeError(Value(-2, b, c, z), 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1))), 1e-14);
  }
}

// Positive parameters, against the series in 50 digits: up to z = 0.99 with c above a and b
// (the shifted-BG's case: the plain series, Euler's transformation and A&S 15.3.6's series all
// have positive terms; above z = 0.9 A&S 15.3.6's two parts can cancel, 2F1(0.25, 300; 320.5;
// 0.93) came out 1.6e5 for 1.67 before such a cancellation was refused), and up to z = 0.6 with
// c below a or b, where Euler's transformation has terms of both signs (2F1(1, 300; 50; 0.3) came out 2.8e49
// for 6.1e7, and 2F1(30, 0.05; 4; 0.6) 5e-7 off).
TEST(Hyp2F1, MatchesTheSeriesInFiftyDigits) {
  int compared = 0;
  for (double a : {0.25, 1.0, 3.0, 30.0}) {
    for (double b : {0.05, 0.7, 2.0, 12.5, 300.0}) {
      for (double c : {0.3, 1.5, 4.0, 50.0, 320.5, 1e4}) {
        for (double z : {0.01, 0.3, 0.6, 0.85, 0.9, 0.93, 0.99}) {
          // With c below a or b the terms grow for a long while near z = 1: the sum overflows.
          if (z > 0.6 && !(c > a && c > b)) continue;
          const double reference = SeriesIn50Digits(a, b, c, z);
          ASSERT_TRUE(std::isfinite(reference));
          EXPECT_LT(RelativeError(Value(a, b, c, z), reference), 1e-13)
              << "2F1(" << a << ", " << b << "; " << c << "; " << z << "), reference " << reference;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 500);
}

// The shifted-BG's DERL: 2F1(1, beta + n; alpha + beta + n; 1/(1+d)) over the range of its fits
// and of --discount-rate, against Euler's integral (c - b = alpha > 0; the quadrature's own
// error, with its peak at t = 1 for n = 1,000, is what sets the 1e-10) and, where it is short
// enough, the 50-digit series (1e-13).
TEST(Hyp2F1, ShiftedBetaLifetimeRangeMatchesEulersIntegral) {
  int computed = 0, refused = 0;
  for (double alpha : {0.01, 0.2, 0.704, 1.5, 3.3, 10.0, 100.0}) {
    for (double beta : {0.01, 0.3, 1.182, 4.0, 25.0, 100.0}) {
      for (double n : {1.0, 3.0, 10.0, 100.0, 1000.0}) {
        for (double d : {1e-4, 1e-3, 0.01, 0.1, 1.0, 10.0}) {
          const double b = beta + n, c = alpha + beta + n, z = 1 / (1 + d);
          SCOPED_TRACE("alpha = " + std::to_string(alpha) + ", beta = " + std::to_string(beta) +
                       ", n = " + std::to_string(n) + ", d = " + std::to_string(d));
          double value = 0;
          // Refused only where the series cannot converge in its cap (z so near 1 that the terms
          // ~ z^k k^-alpha need more than kHyp2F1MaxTerms terms) and A&S 15.3.6 cannot stand in:
          // c - a - b = alpha - 1 an integer, or its two parts cancel (for alpha > 1 and large c:
          // 2F1(1, 1000.01; 1001.51; 1/1.1) came out 4e32 times too large, and 2F1(1, 200;
          // 203.3; 1/1.1), alpha 3.3, beta 100, n 100, 28 % off, before that was refused).
          // model/sbg.cc turns a refusal into an error with a hint.
          if (!Hyp2F1(1, b, c, z, &value)) {
            EXPECT_LT(d, 1e-3);
            ++refused;
            continue;
          }
          ++computed;
          EXPECT_LT(RelativeError(value, EulerIntegral(1, b, c, z)), 1e-10) << value;
          if (z <= 0.99) {
            const double series = SeriesIn50Digits(1, b, c, z);
            EXPECT_LT(RelativeError(value, series), 1e-13) << value;
          }
        }
      }
    }
  }
  EXPECT_GT(computed, 1000);
  EXPECT_LT(refused, 200);
}

// Outside its domain (z < 0, z >= 1, c a non-positive integer, arguments not finite) it says no
// and leaves the value alone: Pareto/NBD's z < 0 goes through math/hyp2f1_pareto.h.
TEST(Hyp2F1, RefusesArgumentsOutsideItsDomain) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  for (const auto& [a, b, c, z] : std::vector<std::array<double, 4>>{{1, 1, 2, -0.5},
                                                                      {1, 1, 2, -1e6},
                                                                      {1, 1, 2, 1.0},
                                                                      {1, 1, 2, 1.5},
                                                                      {1, 1, 0, 0.5},
                                                                      {1, 1, -3, 0.5},
                                                                      {nan, 1, 2, 0.5},
                                                                      {1, inf, 2, 0.5},
                                                                      {1, 1, nan, 0.5},
                                                                      {1, 1, 2, nan}}) {
    double value = 12345;
    EXPECT_FALSE(Hyp2F1(a, b, c, z, &value)) << a << " " << b << " " << c << " " << z;
    EXPECT_EQ(value, 12345);
  }
}

}  // namespace
}  // namespace winnow::math
