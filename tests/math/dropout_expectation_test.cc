// J(A, B, R, u) = E_{p ~ Beta(A, B)} [(1 - (1 + p u)^-R) / p], the BG/NBD and MBG/NBD expectation
// (src/math/hyp2f1.cc: closed form, positive series, quadrature), against an independent long
// double quadrature over p (math/dropout_reference.h): on a grid over the whole parameter range
// the fits can reach, and across every switch between the three methods.
#include <gtest/gtest.h>

#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "math/dropout_reference.h"
#include "math/hyp2f1.h"

namespace winnow::math {
namespace {

using testing::ReferenceDropoutExpectation;

constexpr double kTolerance = 1e-10;

const char* Name(DropoutMethod method) {
  switch (method) {
    case DropoutMethod::kClosedForm: return "closed form";
    case DropoutMethod::kSeries: return "series";
    case DropoutMethod::kQuadrature: return "quadrature";
  }
  return "?";
}

// |J - reference| / reference at (A, B, R, u), after checking that J is finite and >= 0.
double RelativeError(double A, double B, double R, double u, DropoutMethod* method) {
  const double got = DropoutExpectation(A, B, R, u, method);
  const long double want = ReferenceDropoutExpectation(A, B, R, u);
  EXPECT_TRUE(std::isfinite(got) && got >= 0) << "A " << A << " B " << B << " R " << R << " u " << u << ": " << got;
  const double error = static_cast<double>(std::abs(got - want) / want);
  EXPECT_LE(error, kTolerance) << Name(*method) << " at A " << A << " B " << B << " R " << R << " u " << u << ": "
                               << got << " against " << static_cast<double>(want);
  return error;
}

// A from 1e-6 (the wholesale fit's 4e-6) through 1 to 10, B to 1e8, R = r + x from 1e-4 to 1e4,
// u = t/(alpha+T) from 1e-8 (alpha = 1e4, t of a day) to 1e8 (alpha = 1e-4, t = 1e4).
TEST(DropoutExpectation, MatchesIndependentQuadratureOnTheGrid) {
  double worst[3] = {0, 0, 0};
  int cases[3] = {0, 0, 0};
  for (double A : {1e-6, 4e-6, 1e-3, 0.3, 0.793, 1.0, 1.2, 3.0, 10.0}) {
    for (double B : {0.05, 2.4, 4200.0, 1e8}) {
      for (double R : {1e-4, 0.24, 50.0, 1e4}) {
        for (double u : {1e-8, 0.03, 3.0, 9.5, 1e3, 1e8}) {
          DropoutMethod method{};
          const double error = RelativeError(A, B, R, u, &method);
          const int k = static_cast<int>(method);
          worst[k] = std::max(worst[k], error);
          ++cases[k];
        }
      }
    }
  }
  for (int k = 0; k < 3; ++k) {
    std::printf("%-11s %4d cases, largest relative error %.2g\n", Name(static_cast<DropoutMethod>(k)), cases[k], worst[k]);
    EXPECT_GT(cases[k], 20) << "the grid should exercise every method";
  }
}

// Along lines in u (and in A across 1), every place where the method changes is located by
// bisection to 1e-12 relative in u, and both sides are checked against the reference. The lines
// and the switches they cross:
//   CDNOW x = 0 (0.793, 2.426, 0.243): closed form -> series at z = 0.9 (u = 9), series ->
//     quadrature where the series would need > 4000 terms (u ~ 100).
//   CDNOW heavy buyer (0.793, 52.4, 50.2): the same with R in the tens (the 2F1 stopping rule
//     waits for n >= R).
//   Wholesale (4e-6, 4200, 0.5): series -> quadrature (the closed form is never accepted: B is
//     large and A - 1 ~ -1, the case).
//   Large B (3, 1e8, 1e4): series with rescaling against overflow (R = 1e4) -> quadrature.
//   R > A + B - 1 (10, 2.4, 50): 2F1 terms of both signs; closed form <-> series.
//   B across the rounding estimate at u = 3 (A 0.793, R 0.243): closed form -> series as B grows
//     (E - (1-z)^(A-1) G ~ R u / (A+B-1) cancels), then series -> closed form as A moves through
//     1 at B = 2.4 is not a switch any more: with A - 1 factored out, A = 1 is the closed form.
TEST(DropoutExpectation, EverySwitchIsAccurateOnBothSides) {
  struct Line {
    const char* name;
    double A, B, R;
  };
  std::set<std::pair<DropoutMethod, DropoutMethod>> seen;
  int switches = 0;
  const auto check_switch = [&](const char* name, auto at, double lo, double hi) {
    // at(s) evaluates the method at the line's coordinate s; lo and hi bracket a change.
    DropoutMethod m_lo{}, m_hi{};
    at(lo, &m_lo);
    at(hi, &m_hi);
    for (int step = 0; step < 60 && hi - lo > 1e-12 * std::abs(hi); ++step) {
      const double mid = 0.5 * (lo + hi);
      DropoutMethod m{};
      at(mid, &m);
      (m == m_lo ? lo : hi) = mid;
    }
    at(lo, &m_lo);
    at(hi, &m_hi);
    seen.insert({m_lo, m_hi});
    ++switches;
    std::printf("%s: %s -> %s at %s %.12g\n", name, Name(m_lo), Name(m_hi), std::string(name)[0] == 'B' ? "log B" : "log u",
                0.5 * (lo + hi));
    return std::make_pair(lo, hi);
  };
  for (const Line& line : {Line{"CDNOW x = 0", 0.793, 2.426, 0.243}, Line{"CDNOW heavy buyer", 0.793, 52.4, 50.2},
                           Line{"wholesale", 4e-6, 4200, 0.5}, Line{"large B", 3, 1e8, 1e4},
                           Line{"R > A+B-1", 10, 2.4, 50}}) {
    const auto at = [&](double log_u, DropoutMethod* m) { DropoutExpectation(line.A, line.B, line.R, std::exp(log_u), m); };
    double previous = std::log(1e-10);
    DropoutMethod previous_method{};
    at(previous, &previous_method);
    for (double log_u = previous + 0.25; log_u <= std::log(1e8); log_u += 0.25) {
      DropoutMethod method{};
      at(log_u, &method);
      if (method != previous_method) {
        const auto [lo, hi] = check_switch(line.name, at, previous, log_u);
        DropoutMethod m{};
        RelativeError(line.A, line.B, line.R, std::exp(lo), &m);
        RelativeError(line.A, line.B, line.R, std::exp(hi), &m);
      }
      previous = log_u;
      previous_method = method;
    }
  }
  {
    const double A = 0.793, R = 0.243, u = 3;
    const auto at = [&](double log_b, DropoutMethod* m) { DropoutExpectation(A, std::exp(log_b), R, u, m); };
    DropoutMethod below{}, above{};
    at(std::log(2.0), &below);
    at(std::log(1e4), &above);
    ASSERT_EQ(below, DropoutMethod::kClosedForm);
    ASSERT_EQ(above, DropoutMethod::kSeries);
    const auto [lo, hi] = check_switch("B across the rounding estimate", at, std::log(2.0), std::log(1e4));
    DropoutMethod m{};
    RelativeError(A, std::exp(lo), R, u, &m);
    RelativeError(A, std::exp(hi), R, u, &m);
  }
  for (double A : {0.99, 0.9999, 1.0, 1.0001, 1.01}) {
    DropoutMethod m{};
    RelativeError(A, 2.4, 0.24, 3, &m);
    EXPECT_EQ(m, DropoutMethod::kClosedForm) << A;
  }
  {
    // A heavy buyer (x = 5000 at CDNOW's a, b, r): A+B-1-R = a+b-1-r > 0, so the closed form's
    // parameters do not limit it however large x is.
    DropoutMethod m{};
    RelativeError(0.793, 5002.426, 5000.243, 0.5, &m);
    EXPECT_EQ(m, DropoutMethod::kClosedForm);
  }
  using M = DropoutMethod;
  for (const auto& pair : {std::make_pair(M::kClosedForm, M::kSeries), std::make_pair(M::kSeries, M::kQuadrature)}) {
    EXPECT_TRUE(seen.count(pair)) << Name(pair.first) << " -> " << Name(pair.second) << " was not crossed";
  }
  EXPECT_GE(switches, 8);
}

// The paper's closed form itself (FHL2005a eqs. 9 and 10, without Euler's transformation),
//   J = (A+B-1)/(A-1) [1 - (1-z)^R 2F1(R, B; A+B-1; z)],
// in 50-digit arithmetic (Boost.Multiprecision's hypergeometric_pFq), which has digits to spare
// for its cancellation: this ties J as a mixture over p to the published formula, including the
// issue's case (A = 4e-6, B = 4,203, z = 0.93, where double precision gave 1e125).
TEST(DropoutExpectation, MatchesThePublishedClosedFormInFiftyDigits) {
  using Big = boost::multiprecision::cpp_bin_float_50;
  struct Case {
    double A, B, R, u;
  };
  for (const Case& c : {Case{0.793, 2.426, 0.243, 3.0}, Case{0.793, 4.426, 2.243, 30.0}, Case{4e-6, 4203, 3.5, 13.0},
                        Case{4e-6, 4200, 0.5, 22.3}, Case{1.2, 1e8, 0.24, 0.5}, Case{3.0, 2.4, 50.0, 0.2},
                        Case{0.999999, 2.4, 0.24, 3.0}}) {
    const Big A(c.A), B(c.B), R(c.R), u(c.u);
    const Big z = u / (1 + u);
    const Big f = boost::math::hypergeometric_pFq({R, B}, {A + B - 1}, z);
    const Big want = (A + B - 1) / (A - 1) * (1 - pow(1 - z, R) * f);
    const double got = DropoutExpectation(c.A, c.B, c.R, c.u);
    EXPECT_NEAR(got, static_cast<double>(want), kTolerance * static_cast<double>(want))
        << c.A << " " << c.B << " " << c.R << " " << c.u;
  }
}

// J <= R u (no dropout), J -> R u as B -> infinity, J rises with u, and J is finite for the
// smallest A at the largest u (where J ~ R u, the series would need 4e9 terms).
TEST(DropoutExpectation, BoundedByTheNoDropoutLimit) {
  for (double A : {1e-6, 0.793, 1.0, 10.0}) {
    double previous = 0;
    for (double u : {1e-6, 1e-2, 1.0, 9.0, 9.1, 100.0, 1e4, 1e8}) {
      const double j = DropoutExpectation(A, 2.4, 0.24, u);
      EXPECT_LE(j, 0.24 * u * (1 + 1e-15)) << A << " " << u;
      EXPECT_GT(j, previous) << A << " " << u;
      previous = j;
    }
    EXPECT_NEAR(DropoutExpectation(A, 1e14, 0.24, 50.0) / (0.24 * 50.0), 1.0, 1e-9 * std::max(1.0, A));
  }
  EXPECT_TRUE(std::isnan(DropoutExpectation(0, 1, 1, 1)));
  EXPECT_TRUE(std::isnan(DropoutExpectation(1, 1, 1, -1)));
  EXPECT_EQ(DropoutExpectation(1, 1, 1, 0), 0.0);
}

// The batched form (one customer's horizons, coefficients shared) against single calls, over
// horizons that cross the closed form's, the series' and the quadrature's ranges in one batch:
// equal to the last bit (the same expressions in the same order; the value module relies on
// batched and single predictions being the same numbers).
TEST(DropoutExpectation, BatchedHorizonsEqualSingleCalls) {
  std::vector<double> u;
  for (double t = 0; t <= 1e4; t = t < 1 ? t + 0.25 : t * 1.3) u.push_back(t / 12.0);
  std::vector<double> batched(u.size());
  for (double A : {4e-6, 0.793, 1.0, 3.0}) {
    for (double B : {0.05, 2.4, 52.4, 4200.0, 1e8}) {
      for (double R : {1e-4, 0.24, 50.2, 2000.0}) {
        DropoutExpectations(A, B, R, u.data(), u.size(), batched.data());
        for (size_t k = 0; k < u.size(); ++k) {
          const double single = DropoutExpectation(A, B, R, u[k]);
          EXPECT_EQ(batched[k], single) << A << " " << B << " " << R << " " << u[k];
        }
      }
    }
  }
  const double bad = -1;
  DropoutExpectations(1, 1, 1, &bad, 1, batched.data());
  EXPECT_TRUE(std::isnan(batched[0]));
}

}  // namespace
}  // namespace winnow::math
