#include "math/hyp2f1.h"

#include <algorithm>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>
#include <vector>

namespace winnow::math {

namespace {

// Cancellation accepted in a sum: the sum of the magnitudes of its parts at most this many times
// the magnitude of the result. Each part carries a few roundings, so the relative error stays
// below about kMaxCancellation x 10 eps = 2e-13; a sum that cancels more is refused (the caller
// tries another form, or reports that the value cannot be computed), never returned wrong.
constexpr double kMaxCancellation = 100;

// The hypergeometric series itself, summed until a term no longer changes the sum. With
// `refuse_cancellation`, refused (false) when its terms cancel by more than kMaxCancellation
// (terms of both signs: a negative numerator parameter, as Euler's transformation makes when
// c < a or c < b), so that another form is tried; the plain series, the last form, is summed as
// it is (its terms have both signs only for a negative a or b, where the result is as accurate
// as the largest term allows: the polynomials, (1-z)^-a).
bool Series(double a, double b, double c, double z, double* value, int max_terms = kHyp2F1MaxTerms,
            bool refuse_cancellation = false) {
  double term = 1.0, sum = 1.0, magnitude = 1.0;
  for (int n = 0; n < max_terms; ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    const double next = sum + term;
    if (!std::isfinite(next)) return false;
    magnitude += std::abs(term);
    if ((next == sum && std::abs(term) <= 1e-17 * std::abs(sum)) || term == 0.0) {
      if (refuse_cancellation && !(magnitude <= kMaxCancellation * std::abs(next))) return false;
      *value = next;
      return true;
    }
    sum = next;
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
  if (!Series(a, b, a + b - c + 1, 1 - z, &f1, 20000, true) || !Series(c - a, c - b, d + 1, 1 - z, &f2, 20000, true)) {
    return false;
  }
  int sign1 = 1, sign2 = 1;
  const double log1 = LogAbsGamma(c, &sign1) + LogAbsGamma(d, &sign1) - LogAbsGamma(c - a, &sign1) - LogAbsGamma(c - b, &sign1);
  const double log2 = d * std::log1p(-z) + LogAbsGamma(c, &sign2) + LogAbsGamma(-d, &sign2) - LogAbsGamma(a, &sign2) -
                      LogAbsGamma(b, &sign2);
  const double part1 = sign1 * std::exp(log1) * f1, part2 = sign2 * std::exp(log2) * f2;
  const double result = part1 + part2;
  // The two parts can be huge and cancel (the shifted-BG's DERL at alpha 3.3, beta 100, n 100,
  // d 0.1: 28 % off; at n 1000, 1e32 times too large): refused, the plain series follows.
  if (!std::isfinite(result) || !(std::abs(part1) + std::abs(part2) <= kMaxCancellation * std::abs(result))) {
    return false;
  }
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
    if (Series(c - a, c - b, c, z, &transformed, 20000, true)) {
      const double result = std::exp((c - a - b) * std::log1p(-z)) * transformed;
      if (std::isfinite(result)) {
        *value = result;
        return true;
      }
    }
  }
  if (z > 0.9) {
    // With positive parameters every term is positive: the plain series cannot cancel, and
    // within 20,000 terms its rounding stays near 1e-13; A&S 15.3.6 loses digits in its Gamma
    // ratios as c grows (4e-11 at c = 1e4, z = 0.99) even where its parts do not cancel.
    if (a > 0 && b > 0 && c > 0 && Series(a, b, c, z, value, 20000)) return true;
    if (NearOne(a, b, c, z, value)) return true;
  }
  return Series(a, b, c, z, value);
}

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// A bound on the ratios |t_(j+1) / t_j|, j >= n, of the terms of G: (P+j)/(C+j) < 1 once
// P + n > 0 (C - P = R > 0), and (A+j-1)/(j+1) <= max(1, (A+n-1)/(n+1)), falling in j.
double ClosedFormRatioBound(double A, double z, double n) { return A > 2 ? z * (A + n - 1.0) / (n + 1.0) : z; }

// Whether the tail after a term of size `term` at index n, bounded by term rho/(1-rho), times
// (1-z)^(A-1) is below kClosedFormTail of `scale` = E + (1-z)^(A-1) |G| (the larger terms of
// J/(A+B-1); the rounding estimate accepts at most 225-fold cancellation between them, so the
// truncation stays below 2.3e-14 of J).
constexpr double kClosedFormTail = 1e-16;
bool ClosedFormTailSmall(double A, double z, double n, double power, double term, double scale) {
  const double rho = ClosedFormRatioBound(A, z, n);
  return rho < 1.0 && power * term * rho <= kClosedFormTail * (1.0 - rho) * scale;
}

// The parts of (C) that do not depend on the series: E = (1 - (1-z)^(A-1))/(A-1) (log1p(u) at
// A = 1), (1-z)^(A-1), and whether the rounding estimate can still accept (the skip rule).
struct ClosedFormFront {
  double e, power;
  bool hopeless;
};
ClosedFormFront DropoutClosedFormFront(double A, double B, double R, double u) {
  const double log_one_minus_z = -std::log1p(u);
  const double exponent = (A - 1.0) * log_one_minus_z;
  // One exponential: expm1 where 1 - (1-z)^(A-1) would cancel (|exponent| <= 1/2), and then
  // (1-z)^(A-1) = 1 + expm1 to full relative precision; exp elsewhere.
  ClosedFormFront front{0, 0, false};
  if (exponent == 0.0) {
    front.e = -log_one_minus_z;
    front.power = 1.0;
  } else if (std::abs(exponent) <= 0.5) {
    const double expm1 = std::expm1(exponent);
    front.e = -expm1 / (A - 1.0);
    front.power = 1.0 + expm1;
  } else {
    front.power = std::exp(exponent);
    front.e = (1.0 - front.power) / (A - 1.0);
  }
  // J <= R u, so |E - (1-z)^(A-1) G| <= R u / (A+B-1), and the estimate is at least 4 eps E over it.
  front.hopeless = 4 * kEps * front.e * (A + B - 1.0) > kDropoutClosedFormMaxError * R * u;
  return front;
}

// (C) with factored out of the series, or false when rejected:
//   J = (A+B-1) [E - (1-z)^(A-1) G],  G = sum_{n>=1} g_n,  g_n = (P)_n (A)_(n-1) / ((C)_n n!) z^n,
// P = A+B-1-R, C = A+B-1 (2F1(P, A-1; C; z) = 1 + (A-1) G). G = (P/C) H, H = sum_{n>=1} b_n z^n
// with b_1 = 1, b_(n+1) = b_n (P+n)(A+n-1)/((C+n)(n+1)); coefficient(n) returns b_n, computed
// step by step or from DropoutTables' table by the same expression, so that single and batched
// evaluations agree to the last bit. Summed two terms per step in two chains (powers z^n and
// z^(n+1), each times z^2), which halves the latency the loop waits on.
template <typename Coefficient>
bool ClosedFormSum(double A, double B, double R, double u, const Coefficient& coefficient, double* value) {
  const double z = u / (1.0 + u);
  const double p = A + B - 1.0 - R, c = A + B - 1.0;
  // The stopping rule below needs P + n > 0: for -P in the thousands the terms alternate in sign
  // for as long (and the estimate would reject the sum).
  if (!(z <= kDropoutClosedFormMaxZ) || p <= -1000 || u == 0.0) return false;
  const ClosedFormFront front = DropoutClosedFormFront(A, B, R, u);
  if (front.hopeless) return false;
  const double power_g = front.power * (p / c);  // (1-z)^(A-1) G = power_g H
  const double power_abs = std::abs(power_g);
  // The first test of the stopping rule: with rho = z, |power_g| term z/(1-z) = |power_g| term u
  // against kClosedFormTail (E + |power_g| |H|); `weighted` bounds the rounding of H (term n
  // carries about n roundings).
  const double tail_factor = power_abs * u, z2 = z * z;
  double power_odd = z, power_even = z2, sum_odd = 0, sum_even = 0, weighted_odd = 0, weighted_even = 0;
  double index = 1.0;
  for (int step = 0; step < 1500; ++step, index += 2.0) {
    const double odd = coefficient(index) * power_odd, even = coefficient(index + 1.0) * power_even;
    sum_odd += odd;
    sum_even += even;
    weighted_odd += (index + 1.0) * std::abs(odd);
    weighted_even += (index + 2.0) * std::abs(even);
    power_odd *= z2;
    power_even *= z2;
    const double sum = sum_odd + sum_even;
    const double largest = std::max(std::abs(odd), std::abs(even));
    const double scale = front.e + power_abs * std::abs(sum);
    // |odd| may exceed |even|: both enter the tail bound. The bound with rho = z first (cheap,
    // and exact for A <= 2), then the conditions it assumes.
    if (largest * tail_factor <= kClosedFormTail * scale && p + index + 1.0 > 0 &&
        ClosedFormTailSmall(A, z, index + 1.0, power_abs, largest, scale)) {
      const double difference = front.e - power_g * sum;
      const double error = 4 * kEps * (front.e + power_abs * (weighted_odd + weighted_even));
      if (!(error <= kDropoutClosedFormMaxError * std::abs(difference))) return false;
      const double result = c * difference;
      if (!(result > 0) || !std::isfinite(result)) return false;
      *value = result;
      return true;
    }
  }
  return false;
}

double ClosedFormRatio(double A, double B, double R, double n) {
  const double p = A + B - 1.0 - R, c = A + B - 1.0;
  return (p + n) * (A + n - 1.0) / ((c + n) * (n + 1.0));
}

// b_1, b_2, ... of ClosedFormSum, one step at a time.
struct ClosedFormCoefficients {
  double A, B, R, b = 1.0, n = 1.0;
  // b_k for k = n or n + 1 (the sum asks for each index once, in order).
  double At(double k) {
    if (k > n) {
      b *= ClosedFormRatio(A, B, R, n);
      n = k;
    }
    return b;
  }
};

bool DropoutClosedForm(double A, double B, double R, double u, double* value) {
  ClosedFormCoefficients coefficients{A, B, R};
  return ClosedFormSum(A, B, R, u, [&](double k) { return coefficients.At(k); }, value);
}

double DropoutSeriesLength(double R, double u) {
  return R * u + 40.0 * (1.0 + u) + 10.0 * std::sqrt(R * u * (1.0 + u));
}

// The coefficients of (S) at step n >= 1: (R+n)/(n+1), the ratio w_(n+1)/w_n without z, and
// c_(n+1) = c_n + m_n, m_n = m_(n-1) (B+n-1)/(A+B+n-1) (m_0 = 1, c_1 = 1), one step at a time.
struct SeriesCoefficients {
  double A, B, R, m = 1.0, c = 1.0;
  // Advances to step n (called with n = 1, 2, ...) and returns (R+n)/(n+1); c is then c_(n+1).
  double Next(double n) {
    m *= (B + n - 1.0) / (A + B + n - 1.0);
    c += m;
    return (R + n) / (n + 1.0);
  }
};

// (S): (1-z)^R sum_{n>=1} w_n c_n, w_n = (R)_n z^n / n!, c_n = sum_{k<n} m_k,
// m_k = (B)_k / (A+B)_k; false when it has not converged within `max_terms`. step(n) returns
// {(R+n)/(n+1), c_(n+1)} for n >= 1, computed or from DropoutTables' tables (the same
// arithmetic, so that single and batched evaluations agree to the last bit).
template <typename Step>
bool SeriesSum(double R, double u, double max_terms, const Step& step, double* value) {
  const double z = u / (1.0 + u);
  if (z == 0.0) {
    *value = 0.0;
    return true;
  }
  constexpr double kRescale = 1e-280, kLogRescale = -280 * 2.302585092994045684;
  double w = R * z, sum = w, log_scale = 0.0;
  for (double n = 1; n < max_terms; n += 1.0) {
    const auto [ratio, c_next] = step(n);
    w *= ratio * z;  // w_(n+1)
    const double term = w * c_next;
    sum += term;
    if (w > 1e250) {
      w *= kRescale;
      sum *= kRescale;
      log_scale -= kLogRescale;
    }
    const double rho = z * (R + n + 1.0) / (n + 1.0);  // bounds the ratios after term n+1
    if (rho < 1.0 && term * rho <= 1e-17 * (1.0 - rho) * sum) {
      *value = std::exp(-R * std::log1p(u) + log_scale) * sum;
      return true;
    }
  }
  return false;
}

// For R < kSeriesPowerMaxR the terms of (S) as D_n z^n, D_n = (R)_n / n! c_n (below 1e211 for
// n <= 16000), summed two per step in two chains like ClosedFormSum; coefficient(k) returns D_k,
// step by step (SeriesPowerCoefficients) or tabled, the same arithmetic either way.
constexpr double kSeriesPowerMaxR = 50;
template <typename Coefficient>
bool SeriesPowerSum(double R, double u, double max_terms, const Coefficient& coefficient, double* value) {
  const double z = u / (1.0 + u);
  if (z == 0.0) {
    *value = 0.0;
    return true;
  }
  const double z2 = z * z;
  double power_odd = z, power_even = z2, sum_odd = 0, sum_even = 0;
  for (double n = 1; n < max_terms; n += 2.0) {
    const double odd = coefficient(n) * power_odd, even = coefficient(n + 1.0) * power_even;
    sum_odd += odd;
    sum_even += even;
    power_odd *= z2;
    power_even *= z2;
    const double rho = z * (R + n + 1.0) / (n + 1.0);  // bounds the ratios after term n+1
    const double sum = sum_odd + sum_even;
    if (rho < 1.0 && std::max(odd, even) * rho <= 1e-17 * (1.0 - rho) * sum) {
      *value = std::exp(-R * std::log1p(u)) * sum;
      return true;
    }
  }
  return false;
}

// D_1, D_2, ... of SeriesPowerSum: D_1 = R c_1 = R, D_(k+1) = D_k (R+k)/(k+1) c_(k+1)/c_k.
struct SeriesPowerCoefficients {
  SeriesCoefficients steps;
  double d, c_previous = 1.0, k = 1.0;
  explicit SeriesPowerCoefficients(double A, double B, double R) : steps{A, B, R}, d(R) {}
  // D_j for j = k or k + 1 (asked for each index once, in order).
  double At(double j) {
    if (j > k) {
      const double ratio = steps.Next(k);
      d *= ratio * (steps.c / c_previous);
      c_previous = steps.c;
      k = j;
    }
    return d;
  }
};

bool DropoutSeries(double A, double B, double R, double u, double max_terms, double* value) {
  if (R < kSeriesPowerMaxR) {
    SeriesPowerCoefficients coefficients(A, B, R);
    return SeriesPowerSum(R, u, max_terms, [&](double j) { return coefficients.At(j); }, value);
  }
  SeriesCoefficients coefficients{A, B, R};
  return SeriesSum(R, u, max_terms, [&](double n) {
    const double ratio = coefficients.Next(n);
    return std::pair<double, double>(ratio, coefficients.c);
  }, value);
}

// One integrator for the process: it builds its nodes once, and extends them under a lock (Boost's
// integrate is not callable on a const object in 1.74).
boost::math::quadrature::tanh_sinh<double>& TanhSinh() {
  static boost::math::quadrature::tanh_sinh<double> integrator;
  return integrator;
}

// Quadrature over v = -log p (see hyp2f1.h).
double DropoutQuadrature(double A, double B, double R, double u) {
  // log(A B(A,B)) = lnG(A+1) + log(G(B)/G(A+B)).
  const double log_a_beta = std::lgamma(A + 1.0) + std::log(boost::math::tgamma_delta_ratio(B, A));
  const double log_beta = log_a_beta - std::log(A);
  const double p1 = 1e-9 / (B + (R + 1.0) * u + 1.0);
  const double v1 = -std::log(p1);
  const double ru = R * u;
  const double slope = (B - 1.0) * ru + 0.5 * R * (R + 1.0) * u * u;
  const double tail = ru * std::exp(-A * v1 - log_a_beta) - slope * std::exp(-(A + 1.0) * v1 - log_beta) / (A + 1.0);
  const auto integrand = [&](double v) {
    const double p = std::exp(-v);
    // log(1-p) to full relative precision at both ends (B up to 1e8 multiplies its error).
    const double log_one_minus_p = v < 0.7 ? std::log(-std::expm1(-v)) : std::log1p(-p);
    const double log_weight = -A * v + (B - 1.0) * log_one_minus_p - log_beta + v;
    if (log_weight < -745.0) return 0.0;
    return std::exp(log_weight) * -std::expm1(-R * std::log1p(u * p));
  };
  // [0, 1] by tanh-sinh, which takes the (1-e^-v)^(B-1) ~ v^(B-1) singularity at 0 when B < 1;
  // the rest, split where the integrand changes shape, by adaptive Gauss-Kronrod (Boost 1.74's
  // tanh-sinh loses the node positions next to a left end other than 0). Each piece first by one
  // 31-point rule; a piece is refined only while its error estimate exceeds 1e-14 of the whole
  // (a piece holding 1e-39 of J would otherwise be refined to 1e-13 of itself: 16,000 nodes).
  double body = TanhSinh().integrate(integrand, 0.0, std::min(1.0, v1), 1e-9);
  double cuts[3] = {std::log1p(u), B > 1 ? std::log1p((B - 1.0) / A) : 0.0, v1};
  std::sort(cuts, cuts + 3);
  struct Piece {
    double lo, width, value, error;
  };
  Piece pieces[3];
  int count = 0;
  double lo = 1.0;
  using Kronrod = boost::math::quadrature::gauss_kronrod<double, 31>;
  for (double cut : cuts) {
    const double hi = std::min(cut, v1);
    if (!(hi > lo + 1e-3)) continue;
    // Over s in [0, 1]: Boost 1.74 compares an error estimate that is not scaled by the interval's
    // length with a tolerance that is.
    Piece& piece = pieces[count++];
    piece = {lo, hi - lo, 0, 0};
    piece.value = piece.width * Kronrod::integrate([&](double s) { return integrand(piece.lo + piece.width * s); }, 0.0,
                                                   1.0, 0, 0.0, &piece.error);
    piece.error *= piece.width;
    body += piece.value;
    lo = hi;
  }
  const double scale = body + tail;
  for (int k = 0; k < count; ++k) {
    Piece& piece = pieces[k];
    if (piece.error <= 1e-14 * scale) continue;
    const double tolerance = std::max(1e-13, 1e-14 * scale / std::abs(piece.value));
    body -= piece.value;
    piece.value = piece.width * Kronrod::integrate([&](double s) { return integrand(piece.lo + piece.width * s); }, 0.0,
                                                   1.0, 15, tolerance);
    body += piece.value;
  }
  return body + tail;
}

bool InDropoutDomain(double A, double B, double R, double u) {
  return A > 0 && B > 0 && R > 0 && u >= 0 && std::isfinite(A) && std::isfinite(B) && std::isfinite(R) &&
         std::isfinite(u);
}

// The per-customer coefficients of DropoutExpectations, grown as the horizons need them: the
// closed form's coefficients b_n and the series' (R+n)/(n+1) and c_(n+1), computed once by the same
// expressions as the single evaluation, which then costs no division per term.
class DropoutTables {
 public:
  DropoutTables(double A, double B, double R) : A_(A), B_(B), R_(R), coefficients_{A, B, R}, power_coefficients_(A, B, R) {
    series_d_.push_back(0.0);  // index 0 unused
    closed_.push_back(0.0);  // index 0 unused
    closed_.push_back(1.0);  // b_1
    series_ratio_.push_back(0.0);
    series_c_.push_back(0.0);
  }

  double Evaluate(double u) {
    double value = 0;
    // The tables grow in blocks outside the loops' path; data pointers and sizes are refreshed
    // after growing, so that a term reads its coefficient with one comparison and one load.
    const double* closed = closed_.data();
    size_t closed_size = closed_.size();
    const auto closed_coefficient = [&](double n) {
      const auto k = static_cast<size_t>(n);
      if (k >= closed_size) {
        GrowClosed(k + 64);
        closed = closed_.data();
        closed_size = closed_.size();
      }
      return closed[k];
    };
    if (ClosedFormSum(A_, B_, R_, u, closed_coefficient, &value)) return value;
    if (DropoutSeriesLength(R_, u) <= kDropoutSeriesMaxTerms && R_ < kSeriesPowerMaxR) {
      const double* ds = series_d_.data();
      size_t d_size = series_d_.size();
      const auto coefficient = [&](double j) {
        const auto k = static_cast<size_t>(j);
        if (k >= d_size) {
          GrowSeriesPower(k + 64);
          ds = series_d_.data();
          d_size = series_d_.size();
        }
        return ds[k];
      };
      if (SeriesPowerSum(R_, u, 4 * kDropoutSeriesMaxTerms, coefficient, &value)) return value;
    } else if (DropoutSeriesLength(R_, u) <= kDropoutSeriesMaxTerms) {
      const double* ratios = series_ratio_.data();
      const double* cs = series_c_.data();
      size_t series_size = series_ratio_.size();
      const auto step = [&](double n) {
        const auto k = static_cast<size_t>(n);
        if (k >= series_size) {
          GrowSeries(k + 64);
          ratios = series_ratio_.data();
          cs = series_c_.data();
          series_size = series_ratio_.size();
        }
        return std::pair<double, double>(ratios[k], cs[k]);
      };
      if (SeriesSum(R_, u, 4 * kDropoutSeriesMaxTerms, step, &value)) return value;
    }
    return DropoutQuadrature(A_, B_, R_, u);
  }

 private:
  void GrowClosed(size_t size) {
    while (closed_.size() < size) {
      // b_(k+1) = b_k ratio(k), as ClosedFormCoefficients computes it.
      const double k = static_cast<double>(closed_.size()) - 1.0;
      closed_.push_back(closed_.back() * ClosedFormRatio(A_, B_, R_, k));
    }
  }
  void GrowSeriesPower(size_t size) {
    while (series_d_.size() < size) series_d_.push_back(power_coefficients_.At(static_cast<double>(series_d_.size())));
  }
  void GrowSeries(size_t size) {
    while (series_ratio_.size() < size) {
      series_ratio_.push_back(coefficients_.Next(static_cast<double>(series_ratio_.size())));
      series_c_.push_back(coefficients_.c);
    }
  }

  double A_, B_, R_;
  std::vector<double> closed_;                   // b_n of the closed form's series
  SeriesCoefficients coefficients_;              // the series' coefficients so far
  std::vector<double> series_ratio_, series_c_;  // (R+n)/(n+1) and c_(n+1) at index n
  SeriesPowerCoefficients power_coefficients_;   // for R < kSeriesPowerMaxR
  std::vector<double> series_d_;                 // D_n at index n
};

}  // namespace

void DropoutExpectations(double A, double B, double R, const double* u, size_t count, double* out) {
  if (!InDropoutDomain(A, B, R, 0.0)) {
    std::fill(out, out + count, std::numeric_limits<double>::quiet_NaN());
    return;
  }
  DropoutTables tables(A, B, R);
  for (size_t k = 0; k < count; ++k) {
    out[k] = InDropoutDomain(A, B, R, u[k]) ? tables.Evaluate(u[k]) : std::numeric_limits<double>::quiet_NaN();
  }
}

double DropoutExpectation(double A, double B, double R, double u, DropoutMethod* method) {
  if (!InDropoutDomain(A, B, R, u)) return std::numeric_limits<double>::quiet_NaN();
  double value = 0;
  DropoutMethod used = DropoutMethod::kClosedForm;
  if (!DropoutClosedForm(A, B, R, u, &value)) {
    used = DropoutMethod::kSeries;
    const double length = DropoutSeriesLength(R, u);
    if (!(length <= kDropoutSeriesMaxTerms) || !DropoutSeries(A, B, R, u, 4 * kDropoutSeriesMaxTerms, &value)) {
      used = DropoutMethod::kQuadrature;
      value = DropoutQuadrature(A, B, R, u);
    }
  }
  if (method != nullptr) *method = used;
  return value;
}

}  // namespace winnow::math
