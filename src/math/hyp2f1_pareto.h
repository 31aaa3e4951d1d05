// The two special functions the Pareto/NBD model needs, on the log scale where they can overflow.
//
// 1. log 2F1(a, b; a+1; z) for a > 0, 0 < b < a+1, 0 <= z < 1: the Gauss hypergeometric
//    function with c = a+1 (Abramowitz & Stegun 15.1.1), which is an incomplete beta function
//    with a possibly negative second parameter (A&S 6.6.8):
//      2F1(a, b; a+1; z) = a z^-a B_z(a, 1-b),   B_z(a, 1-b) = int_0^z u^(a-1) (1-u)^-b du.
//    For z <= kHyp2F1ParetoSeriesLimit (0.9): Euler's transformation (A&S 15.3.3)
//      log 2F1 = (1-b) log(1-z) + log 2F1(1, a+1-b; a+1; z),
//    whose series has positive terms with ratio (a+1-b+n)/(a+1+n) z < z, so it neither overflows
//    (the untransformed series reaches (1-z)^-b, e.g. 2^2000 for b = 2000) nor cancels, and its
//    tail after a term t is at most t z/(1-z) (the stopping rule). It is summed two terms per step
//    in the two lanes of a vector register.
//    For z > 0.9, where the series needs thousands of terms: B_z = B_{1/2} + int_{1/2}^z, the first
//    from the series at z = 1/2 (skipped when a bound shows it below 1e-22 of the second), the
//    second by quadrature in v = -log(1-u) of e^phi(v), phi(v) = (a-1) log(1-e^-v) + (b-1) v,
//    written relative to the point v_ref where phi is largest (an end, or the stationary point),
//    so that the large terms of phi (b v = 27000 at b = 2000, z = 1-1e-6) cancel exactly.
//    The quadrature is one pass of adaptive 61-point Gauss-Kronrod (Boost's nodes and weights)
//    that evaluates log u and the integrand once per node for all three integrals the value and
//    the derivatives need; a panel is bisected, as in Boost's gauss_kronrod, while the
//    Kronrod-Gauss difference of any of them exceeds 1e-13 of the panel's integral.
//    This replaces A&S 15.3.6 (the 1-z transformation), whose two terms have poles that cancel
//    when c-a-b = 1-b is an integer (here 1-b = -s or 1-r-x: s or r a whole number) and lose all
//    accuracy near such values.
//    Derivatives in a, b and z: the series differentiated term by term (d log t_n/da, d log t_n/db
//    are running sums of reciprocals; d/dz = sum n t_n / z), or the quadrature of the integrand
//    times log u and -log(1-u), with dB_z/dz = z^(a-1) (1-z)^-b.
//    Tested (tests/math/hyp2f1_pareto_test.cc) against an independent long double evaluation,
//    2F1 = a int_0^inf e^(-a t) (1 - z e^-t)^-b dt with its derivatives as integrals, to 1e-12
//    relative for z up to 1 - 1e-6 and a, b up to 2000, and (tests/model/pareto_nbd_test.cc)
//    against Boost's hypergeometric_pFq and finite differences.
//
// 2. U(s, s; z), Tricomi's confluent hypergeometric function of the second kind with a = b = s
//    (A&S 13.2.5; Fader, Hardie & Lee 2005 write it Psi), for s > 0, z > 0, computed from
//      U(s, s; z) = z^(1-s) int_0^inf e^(-z t) (1+t)^-s dt      (Kummer's transformation A&S 13.1.29
//                                                                 and the integral A&S 13.2.5)
//    by Boost's exp-sinh quadrature. It equals e^z Gamma(1-s, z) (DLMF 13.6.6), which the test
//    uses for s < 1, where Boost's incomplete gamma applies.
#pragma once

namespace winnow::math {

inline constexpr double kHyp2F1ParetoSeriesLimit = 0.9;

// log 2F1(a, b; a+1; z); NaN outside the domain above. one_minus_z, when > 0, is 1 - z to full
// relative precision (e.g. beta/alpha where z = (alpha - beta)/alpha): for z near 1 the result
// depends on log(1-z), which 1 - z rounded loses (1e-8 relative at 1 - z = 1e-8; P(alive) of
// Pareto/NBD with alpha/beta = 1e8 lost 6e-9).
double LogHyp2F1Pareto(double a, double b, double z, double one_minus_z = 0);

struct LogHyp2F1 {
  double value;          // log 2F1(a, b; a+1; z)
  double d_a, d_b, d_z;  // its partial derivatives (c = a+1 moves with a)
};
// The value and its partial derivatives; all NaN outside the domain.
LogHyp2F1 LogHyp2F1ParetoWithDerivatives(double a, double b, double z, double one_minus_z = 0);

// log of int_0^inf e^(-z t) (1+t)^-s dt = log( z^(s-1) U(s, s; z) ); NaN outside s > 0, z > 0.
double LogTricomiUssIntegral(double s, double z);

// U(s, s; z).
double TricomiUss(double s, double z);

}  // namespace winnow::math
