#include "math/hyp2f1_pareto.h"

#include <algorithm>
#include <array>
#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <limits>

namespace winnow::math {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLog2 = 0.69314718055994530942;

// Two doubles in one vector register (GCC's vector extension: SSE2 on x86-64, NEON on arm64).
using Double2 = double __attribute__((vector_size(16)));

// log 2F1(a, b; a+1; z) = (1-b) log(1-z) + log G,  G = sum_n t_n,  t_n = (p)_n / (c)_n z^n,
// p = a+1-b, c = a+1, t_0 = 1, t_{n+1} = t_n r_n with r_n = (p+n)/(c+n) z, and its derivatives
// through d log t_n / da = sum_{k<n} 1/(p+k) - 1/(c+k) = sum_{k<n} b/((p+k)(c+k)) and
// d log t_n / db = -sum_{k<n} 1/(p+k); d/dz from sum_n n t_n.
// The ratios r_n rise towards z, so the tail after t_n is at most t_n z/(1-z); the derivative sums
// weight t_n by about n, hence the factor n+1 in their stopping rule.
// Two terms per step, in the two lanes of a Double2: lanes (t_n, t_{n+1}) for odd n become
// (t_{n+2}, t_{n+3}) through (r_n r_{n+1}, r_{n+1} r_{n+2}), the running sums of d log t alike,
// so that a step takes one vector division and the two lanes share its instructions. The
// stopping rule is tested every other step, on the second lane: at most three terms more than
// term by term, each below 1e-17 of the sum. Results differ from a term-by-term sum by rounding
// (1e-15 relative).
LogHyp2F1 Series(double a, double b, double z, bool derivatives) {
  const double p = a + 1.0 - b, c = a + 1.0;
  LogHyp2F1 result{0.0, 0.0, 0.0, a * b / (a + 1.0)};
  if (z == 0.0) return result;
  const double log1m_z = std::log1p(-z);
  // Stop when t_n z/(1-z) (n+1 with derivatives) <= 1e-17 G.
  const double threshold = 1e-17 * (1.0 - z) / z;
  const Double2 two = {2.0, 2.0};
  // After the step that ends at term n (even), term = (t_{n-1}, t_n), and pk, ck hold p+k, c+k
  // for the next two ratios (k = n, n+1). Before the first step term = (t_{-1}, t_0) = (1, 1)
  // with r_{-1} = 1, so that t_1 = r_0; the lanes of G start from (0, t_0).
  Double2 pk = {p, p + 1.0}, ck = {c, c + 1.0};
  Double2 term = {1.0, 1.0}, sum = {0.0, 1.0}, ratio_last = {1.0, 1.0};
  if (!derivatives) {
    const auto step = [&] {
      const Double2 ratio = pk / ck * z;
      term *= __builtin_shufflevector(ratio_last, ratio, 1, 2) * ratio;
      sum += term;
      ratio_last = ratio;
      pk += two;
      ck += two;
    };
    for (int n = 4; n < 1000000; n += 4) {
      step();
      step();
      if (term[1] <= threshold * (sum[0] + sum[1])) break;
    }
    result.value = (1.0 - b) * log1m_z + std::log(sum[0] + sum[1]);
    return result;
  }
  // One division for 1/(p+k) and 1/(c+k): both from 1/((p+k)(c+k)).
  Double2 log_a = {0, 0}, log_b = {0, 0}, sum_a = {0, 0}, sum_b = {0, 0}, sum_n = {0, 0}, index = {1.0, 2.0};
  Double2 step_a_last = {0, 0}, step_b_last = {0, 0};
  const auto step = [&] {
    const Double2 inverse = 1.0 / (pk * ck);
    const Double2 inverse_p = ck * inverse;
    const Double2 ratio = pk * (pk * inverse) * z;
    const Double2 step_a = b * inverse;
    term *= __builtin_shufflevector(ratio_last, ratio, 1, 2) * ratio;
    sum += term;
    log_a += __builtin_shufflevector(step_a_last, step_a, 1, 2) + step_a;
    log_b -= __builtin_shufflevector(step_b_last, inverse_p, 1, 2) + inverse_p;
    sum_a += term * log_a;
    sum_b += term * log_b;
    sum_n += term * index;
    ratio_last = ratio;
    step_a_last = step_a;
    step_b_last = inverse_p;
    pk += two;
    ck += two;
    index += two;
  };
  for (int n = 4; n < 1000000; n += 4) {
    step();
    step();
    if (term[1] * (n + 1.0) <= threshold * (sum[0] + sum[1])) break;
  }
  const double total = sum[0] + sum[1];
  result.value = (1.0 - b) * log1m_z + std::log(total);
  result.d_a = (sum_a[0] + sum_a[1]) / total;
  result.d_b = -log1m_z + (sum_b[0] + sum_b[1]) / total;
  result.d_z = (b - 1.0) / (1.0 - z) + (sum_n[0] + sum_n[1]) / (z * total);
  return result;
}

// log(1 + e^x) without overflow.
double Log1pExp(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

// The 61-point Gauss-Kronrod rule on [-1, 1] with Boost's nodes and weights: node 0 at 0, the
// others in pairs +-x_i. complement[i] = 1 - x_i from Boost's long double nodes, so that nodes
// near an end of a panel are placed to full relative precision there (hi - scale (1 - x_i)).
// gauss[i] is the weight of the embedded 30-point Gauss rule, whose nodes are the odd-numbered
// Kronrod nodes (0 elsewhere).
struct KronrodRule {
  static constexpr size_t kPairs = 31;
  std::array<double, kPairs> complement, kronrod, gauss;
};

const KronrodRule& Kronrod61() {
  static const KronrodRule rule = [] {
    using Kronrod = boost::math::quadrature::gauss_kronrod<double, 61>;
    using KronrodLong = boost::math::quadrature::gauss_kronrod<long double, 61>;
    using Gauss = boost::math::quadrature::gauss<double, 30>;
    KronrodRule r{};
    for (size_t i = 0; i < KronrodRule::kPairs; ++i) {
      r.complement[i] = static_cast<double>(1.0L - KronrodLong::abscissa()[i]);
      r.kronrod[i] = Kronrod::weights()[i];
      r.gauss[i] = i % 2 == 1 ? Gauss::weights()[i / 2] : 0.0;
    }
    return r;
  }();
  return rule;
}

// The integrand e^(phi(v) - phi(v_ref)) in d = v - v_ref, where v_ref is where phi is largest:
//   phi(v) - phi(v_ref) = (a-1) L(d) + (b-1) d,  L(d) = log u - log u_ref = log(1 - c (e^-d - 1)),
//   c = e^-v_ref / (1 - e^-v_ref).
// Written as differences from v_ref, the exponent carries no rounding of phi itself (b v is
// 27000 at b = 2000, z = 1 - 1e-6), and nodes next to v_ref are exact to their relative precision.
// c (e^-d - 1) lies in (-1, 1/2] on [log 2, v1]. Away from v_ref, where e^-d - 1 is computed as
// such, its rounding error c e^-d eps is largest where e^-v is, and the integrand is negligible
// there when a is large.
struct Integrand {
  double a_minus_1, b_minus_1, c;
};

// J = int e^(phi - phi_ref) dd, J_L = int L(d) e^(phi - phi_ref) dd and
// J_d = int d e^(phi - phi_ref) dd, over [v0 - v_ref, v1 - v_ref].
struct Integrals {
  double j = 0, j_l = 0, j_d = 0;
};

constexpr double kQuadratureTolerance = 1e-13;
constexpr unsigned kQuadratureMaxLevels = 15;

// One Gauss-Kronrod panel on [lo, hi]: L and the integrand once per node, for the three integrals
// at once. *error is the largest |Kronrod - Gauss| of the three (at least 2 eps |J|, as in Boost):
// J_L and J_d are J's integrand times L (within log 1/2 .. log 2) and d (a few tens at most), and
// their errors are held to the same tolerance as J's, so that E[L] = J_L/J and E[d] = J_d/J, which
// make up the derivatives, are good to about 1e-13 absolute. (J_L vanishes where the integrand
// peaks; with J's error alone, a 21-point rule left 4e-9 in d/da on the test grid. The 61-point
// rule rarely needs the extra test: 702 panels on that grid against 690.)
Integrals KronrodPanel(const Integrand& f, double lo, double hi, double* error) {
  const KronrodRule& rule = Kronrod61();
  constexpr size_t kNodes = 2 * KronrodRule::kPairs - 1;
  const double scale = 0.5 * (hi - lo);
  // Node 0 is the midpoint, nodes 2i-1 and 2i are hi - scale (1 - x_i) and lo + scale (1 - x_i).
  double d[kNodes], l[kNodes], value[kNodes];
  d[0] = 0.5 * (lo + hi);
  for (size_t i = 1; i < KronrodRule::kPairs; ++i) {
    d[2 * i - 1] = hi - scale * rule.complement[i];
    d[2 * i] = lo + scale * rule.complement[i];
  }
  // e^-d - 1 to full relative precision near v_ref, where (a-1) c times its error would land in
  // the exponent (1e-14 at a = 1000, z = 0.9); expm1 is as fast as exp for |d| < 0.34 (glibc).
  for (size_t i = 0; i < kNodes; ++i) {
    const double e_minus_1 = std::abs(d[i]) < 0.34 ? std::expm1(-d[i]) : std::exp(-d[i]) - 1.0;
    l[i] = std::log1p(-f.c * e_minus_1);
  }
  for (size_t i = 0; i < kNodes; ++i) value[i] = std::exp(f.a_minus_1 * l[i] + f.b_minus_1 * d[i]);
  Integrals kronrod{value[0] * rule.kronrod[0], value[0] * l[0] * rule.kronrod[0], value[0] * d[0] * rule.kronrod[0]};
  Integrals gauss;  // the midpoint is not a node of the 30-point Gauss rule
  for (size_t i = 1; i < KronrodRule::kPairs; ++i) {
    const double plus = value[2 * i - 1], minus = value[2 * i];
    const double sum = plus + minus;
    const double sum_l = plus * l[2 * i - 1] + minus * l[2 * i];
    const double sum_d = plus * d[2 * i - 1] + minus * d[2 * i];
    kronrod.j += sum * rule.kronrod[i];
    kronrod.j_l += sum_l * rule.kronrod[i];
    kronrod.j_d += sum_d * rule.kronrod[i];
    gauss.j += sum * rule.gauss[i];
    gauss.j_l += sum_l * rule.gauss[i];
    gauss.j_d += sum_d * rule.gauss[i];
  }
  *error = scale * std::max({std::abs(kronrod.j - gauss.j), std::abs(kronrod.j_l - gauss.j_l),
                             std::abs(kronrod.j_d - gauss.j_d),
                             std::abs(kronrod.j) * 2 * std::numeric_limits<double>::epsilon()});
  return {scale * kronrod.j, scale * kronrod.j_l, scale * kronrod.j_d};
}

// Adaptive bisection as in Boost's gauss_kronrod::integrate: a panel is split when its error
// estimate exceeds both tol |its J| and the absolute tolerance handed down (tol |J| of the whole
// interval, halved at each level), at most max_levels deep. Boost compares the error of the panel
// mapped to [-1, 1] with that tolerance; here both are on the panel's own scale.
Integrals AdaptiveKronrod(const Integrand& f, double lo, double hi, unsigned levels, double abs_tol) {
  double error = 0;
  const Integrals panel = KronrodPanel(f, lo, hi, &error);
  const double rel_tol = std::abs(panel.j) * kQuadratureTolerance;
  if (abs_tol == 0) abs_tol = rel_tol;
  if (levels == 0 || error <= rel_tol || error <= abs_tol) return panel;
  const double mid = 0.5 * (lo + hi);
  const Integrals left = AdaptiveKronrod(f, lo, mid, levels - 1, abs_tol / 2);
  const Integrals right = AdaptiveKronrod(f, mid, hi, levels - 1, abs_tol / 2);
  return {left.j + right.j, left.j_l + right.j_l, left.j_d + right.j_d};
}

// z > kHyp2F1ParetoSeriesLimit: log F = log a - a log z + log B_z,  B_z = B_{1/2} + J,
// J = int_{log 2}^{-log(1-z)} e^phi(v) dv,  phi(v) = (a-1) log(1-e^-v) + (b-1) v.
// one_minus_z: 1 - z when the caller has it to full relative precision (z near 1), else <= 0.
LogHyp2F1 Quadrature(double a, double b, double z, double one_minus_z, bool derivatives) {
  const double v0 = kLog2, v1 = one_minus_z > 0 ? -std::log(one_minus_z) : -std::log1p(-z), log_z = std::log(z);
  // The largest phi on [v0, v1]: at an end, or, when phi is concave (a > 1) and rises at v0 but
  // falls at v1 (b < 1), at its stationary point v*, where (a-1) e^-v / (1-e^-v) = 1-b.
  // ref: v_ref, log u_ref, e^-v_ref / (1 - e^-v_ref), phi(v_ref).
  struct Reference {
    double v, log_u, c, phi;
  };
  const double phi_1 = (a - 1.0) * log_z + (b - 1.0) * v1;
  Reference ref{v1, log_z, (one_minus_z > 0 ? one_minus_z : 1.0 - z) / z, phi_1};
  const double phi_0 = (b - a) * kLog2;
  if (phi_0 > ref.phi) ref = {v0, -kLog2, 1.0, phi_0};
  if (a > 1 && b < 1) {
    const double v_star = std::log1p((a - 1.0) / (1.0 - b));
    if (v_star > v0 && v_star < v1) {
      // e^-v* = (1-b)/(a-b), so u* = (a-1)/(a-b) and c = (1-b)/(a-1).
      const double log_u_star = std::log1p(-(1.0 - b) / (a - b));
      const double phi_star = (a - 1.0) * log_u_star + (b - 1.0) * v_star;
      if (phi_star > ref.phi) ref = {v_star, log_u_star, (1.0 - b) / (a - 1.0), phi_star};
    }
  }
  const Integrand integrand{a - 1.0, b - 1.0, ref.c};
  const double lo = v0 - ref.v, hi = v1 - ref.v;
  const Integrals integrals = AdaptiveKronrod(integrand, lo, hi, kQuadratureMaxLevels, 0.0);
  const double j = integrals.j;
  const double log_j = ref.phi + std::log(j);
  // B_{1/2} = int_0^{1/2} u^(a-1) (1-u)^-b du <= 2^b 2^-a / a. Below e^-50 J (1e-22) it cannot
  // change B_z or its derivatives in double precision, and the series at 1/2 is skipped.
  const bool half_negligible = (b - a) * kLog2 - std::log(a) < log_j - 50.0;
  const LogHyp2F1 half = half_negligible ? LogHyp2F1{} : Series(a, b, 0.5, derivatives);
  const double log_b_half = half.value - a * kLog2 - std::log(a);
  // log(B_z / J) = log(1 + B_{1/2} / J).
  const double log_b_z_over_j = half_negligible ? 0.0 : Log1pExp(log_b_half - log_j);
  const double log_b_z = log_j + log_b_z_over_j;
  LogHyp2F1 result{std::log(a) - a * log_z + log_b_z, 0, 0, 0};
  if (derivatives) {
    const double share_half = half_negligible ? 0.0 : std::exp(log_b_half - log_b_z);
    const double share_j = half_negligible ? 1.0 : std::exp(-log_b_z_over_j);
    // d log B_z = shares of d log B_{1/2} (from the series at 1/2) and d log J = E[log u], E[v]
    // under the integrand: log u_ref + J_L/J and v_ref + J_d/J. log z is taken out of the shares,
    // which add up to 1, so that it cancels against log u_ref = log z before rounding.
    const double d_half_a = half_negligible ? 0.0 : share_half * (half.d_a - kLog2 - 1.0 / a - log_z);
    const double d_half_b = half_negligible ? 0.0 : share_half * half.d_b;
    result.d_a = 1.0 / a + d_half_a + share_j * ((ref.log_u - log_z) + integrals.j_l / j);
    result.d_b = d_half_b + share_j * (ref.v + integrals.j_d / j);
    // dB_z/dz = z^(a-1) (1-z)^-b = e^(phi(v1) + v1); over B_z = e^phi_ref J (B_z/J).
    result.d_z = -a / z + std::exp((phi_1 - ref.phi) + v1 - std::log(j) - log_b_z_over_j);
  }
  return result;
}

bool InDomain(double a, double b, double z) {
  return a > 0 && b > 0 && b < a + 1 && z >= 0 && z < 1 && std::isfinite(a);
}

}  // namespace

double LogHyp2F1Pareto(double a, double b, double z, double one_minus_z) {
  if (!InDomain(a, b, z)) return kNaN;
  return z <= kHyp2F1ParetoSeriesLimit ? Series(a, b, z, false).value : Quadrature(a, b, z, one_minus_z, false).value;
}

LogHyp2F1 LogHyp2F1ParetoWithDerivatives(double a, double b, double z, double one_minus_z) {
  if (!InDomain(a, b, z)) return {kNaN, kNaN, kNaN, kNaN};
  return z <= kHyp2F1ParetoSeriesLimit ? Series(a, b, z, true) : Quadrature(a, b, z, one_minus_z, true);
}

double LogTricomiUssIntegral(double s, double z) {
  if (!(s > 0) || !(z > 0) || !std::isfinite(s) || !std::isfinite(z)) return kNaN;
  // Substituting t = y / z: int_0^inf e^-y (1 + y/z)^-s dy / z, a smooth integrand decaying like e^-y.
  boost::math::quadrature::exp_sinh<double> integrator;
  double error = 0, l1 = 0;
  const double integral = integrator.integrate(
      [s, z](double y) { return std::exp(-y - s * std::log1p(y / z)); }, 0.0,
      std::numeric_limits<double>::infinity(), 1e-14, &error, &l1);
  return std::log(integral) - std::log(z);
}

double TricomiUss(double s, double z) { return std::exp((1.0 - s) * std::log(z) + LogTricomiUssIntegral(s, z)); }

}  // namespace winnow::math
