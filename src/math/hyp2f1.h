// The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments with 0 <= z < 1 (used by
// the shifted-BG's discounted expected lifetime, model/sbg.cc), and below it J, the BG/NBD and
// MBG/NBD expectation, which no longer goes through Hyp2F1.
//
//   2F1(a, b; c; z) = sum_{n >= 0} (a)_n (b)_n / (c)_n  z^n / n!     (Abramowitz & Stegun 15.1.1)
//
// Summed term by term (each term from the previous by the ratio (a+n)(b+n)/((c+n)(n+1)) z) until
// a term no longer changes the sum in double precision, after Euler's transformation
// (A&S 15.3.3) when that makes the numerator parameters smaller. For z > 0.9 the linear
// transformation to 1 - z (A&S 15.3.6) is used when c - a - b is not an integer; otherwise the
// series, which converges slowly there, is capped at kHyp2F1MaxTerms terms. The two terms of
// A&S 15.3.6 can be huge and cancel (the BG/NBD expectation at a = 4e-6, b = 4,200 gave 1e125
// for 45.5; the shifted-BG's DERL at alpha 3.3, beta 100, n 120, d 0.11 gave 719 for 8.8), and so
// can the terms of Euler's series when it has terms of both signs (c below a or b): a
// transformation whose parts cancel by more than a factor of 100 is refused and the next form is
// tried (Euler's, A&S 15.3.6, then the plain series, summed as it is: its terms have both signs
// only for a negative a or b, a polynomial or (1-z)^-a, accurate to its largest term).
#pragma once

#include <cstddef>

namespace winnow::math {

inline constexpr int kHyp2F1MaxTerms = 200000;

// Returns false (and leaves *value alone) when the arguments are outside 0 <= z < 1, c is a
// non-positive integer, the series did not converge within the cap, or every form cancels.
bool Hyp2F1(double a, double b, double c, double z, double* value);

// The expectation shared by the BG/NBD and MBG/NBD predictions (model/bg_nbd.h, model/mbg_nbd.h):
//
//   J(A, B, R, u) = E_{p ~ Beta(A, B)} [ (1 - (1 + p u)^-R) / p ]          A, B, R > 0, u >= 0
//
// A customer who buys at rate lambda and drops out with probability p after each purchase makes
// (1 - e^(-lambda p t)) / p purchases in (0, t] on average; with lambda ~ Gamma(R, alpha) that
// is (1 - (1 + p t/alpha)^-R) / p, and J mixes it over p. The integrand is positive and at most
// min(R u, 1/p), so J is finite for every A > 0 (A = 1 included) and J <= R u, the no-dropout
// limit that J approaches as B -> infinity. With z = u/(1+u) it has the closed form of
// Fader, Hardie & Lee (2005) [FHL2005a] eqs. 9 (E[X(t)]) and 10 (E[Y(t)]) after Euler's
// transformation (A&S 15.3.3):
//
//   J = (A+B-1)/(A-1) [1 - (1-z)^(A-1) 2F1(A+B-1-R, A-1; A+B-1; z)]
//
// and, with A - 1 factored out of the 2F1 ((A-1)_n = (A-1) (A)_(n-1)), so that A = 1 is no 0/0,
//
//   J = (A+B-1) [E - (1-z)^(A-1) G],   E = (1 - (1-z)^(A-1)) / (A-1)  (= log(1+u) at A = 1),     (C)
//   G = sum_{n>=1} (A+B-1-R)_n (A)_(n-1) / ((A+B-1)_n n!) z^n,
//
// and, expanding (1 + p u)^-R = (1-z)^R (1 - z (1-p))^-R in powers of z (1-p), the series
//
//   J = (1-z)^R sum_{n>=1} (R)_n / n! z^n c_n,   c_n = sum_{k<n} (B)_k / (A+B)_k               (S)
//
// (c_n = E[(1 - (1-p)^n) / p]; the weights are the negative binomial probabilities of n
// purchases without dropout), whose terms are all positive: it cannot cancel. Three methods:
//   kClosedForm  (C), E by expm1, for z <= kDropoutClosedFormMaxZ and R - (A+B-1) < 1000, when its
//                rounding estimate 4 eps (E + (1-z)^(A-1) sum_n (n+1) |g_n|) / |E - (1-z)^(A-1) G|
//                (g_n the terms of G, term n carrying about n roundings) is at most
//                kDropoutClosedFormMaxError. G's series stops once A+B-1-R+n > 0 (then
//                (A+B-1-R+n)/(A+B-1+n) < 1) when its tail, bounded by |g_n| rho/(1-rho) with
//                rho = z max(1, (A+n-1)/(n+1)), times (1-z)^(A-1) is below 1e-16 of
//                E + (1-z)^(A-1) |G| (the cancellation the estimate accepts is at most 225-fold,
//                so the truncation stays below 2.3e-14 of J). Skipped without summing
//                when 4 eps E (A+B-1) > kDropoutClosedFormMaxError R u (as J <= R u, the
//                estimate would reject it). Rejected where E - (1-z)^(A-1) G cancels: large B
//                (the difference is at most R u/(A+B-1), so B = 1e8 would lose 11 digits),
//                or G's terms of both signs (R > A+B-1); the paper's form also cancelled for
//                A near 1 and at small u, which the factored form does not. Never the A&S
//                15.3.6 transformation for z near 1: its Gamma terms are huge and cancel when
//                B is large and A-1 is near -1.
//   kSeries      (S), when (C) is rejected and its estimated length
//                R u + 40 (1+u) + 10 sqrt(R u (1+u)) is at most kDropoutSeriesMaxTerms. The
//                ratio of consecutive terms is at most z (R+n)/n (c_{n+1}/c_n <= (n+1)/n), so
//                the tail after a term t_n is at most t_n rho/(1-rho), rho = z (R+n)/n: the
//                stopping rule (tail below 1e-17 of the sum). For R < 50 summed as
//                D_n z^n, D_n = (R)_n/n! c_n, two terms per step in two chains; above, term by
//                term, rescaled against overflow (R in the thousands); no cancellation, so the
//                relative error is that of the summation (3e-14 at most on the test grid).
//   kQuadrature  otherwise (u large: the series needs about 40 (1+u) terms). With p = e^-v:
//                  J = 1/B(A,B) int_0^inf e^(-A v) (1-e^-v)^(B-1) g(e^-v) dv,
//                  g(p) = (1 - (1+p u)^-R)/p = -expm1(-R log1p(p u))/p,
//                on [0, 1] by tanh-sinh quadrature (Boost; it takes the v^(B-1) singularity at
//                v = 0 when B < 1), on [1, v1] by 31-point Gauss-Kronrod (Boost) on pieces split
//                at log1p(u), where g turns from about 1/p to R u, and at the mode
//                log1p((B-1)/A) of the Beta weight: one rule per piece, then adaptive bisection
//                of the pieces whose error estimate exceeds 1e-14 of J, to 1e-13 of the piece
//                or 1e-14 of J, whichever is larger (15-20 us a call); log(1-p)
//                as log(-expm1(-v)) below v = 0.7 and log1p(-e^-v) above, since B = 1e8
//                multiplies its error. In closed form beyond
//                v1 = -log p1, p1 = 1e-9 / (B + (R+1) u + 1), where
//                (1-p)^(B-1) g(p) = R u - ((B-1) R u + R (R+1) u^2 / 2) p + O((p (B + R u))^2):
//                  tail = R u e^(-A v1) / (A B(A,B)) - ((B-1) R u + R(R+1) u^2/2) e^(-(A+1) v1) / ((A+1) B(A,B)).
//                For A -> 0 the tail carries almost all of J (J -> R u). B(A,B) = G(A) G(B)/G(A+B)
//                with G(B)/G(A+B) from Boost's tgamma_delta_ratio (lgamma differences lose
//                1e-7 relative at B = 1e8). All terms positive; relative error about 1e-14.
// Tested (tests/math/dropout_expectation_test.cc) against an independent long double
// quadrature over p to 1e-10 relative on a grid crossing every switch, A from 1e-6 to 10, B to
// 1e8, R from 1e-4 to 1e4, u to 1e8.
enum class DropoutMethod { kClosedForm, kSeries, kQuadrature };

inline constexpr double kDropoutClosedFormMaxZ = 0.9;
inline constexpr double kDropoutClosedFormMaxError = 1e-13;
inline constexpr double kDropoutSeriesMaxTerms = 4000;

// J(A, B, R, u); with `method`, the method used. NaN outside A, B, R > 0, u >= 0 finite.
double DropoutExpectation(double A, double B, double R, double u, DropoutMethod* method = nullptr);

// J(A, B, R, u[k]) for k < count (the horizons of one customer, e.g. the 156 period ends of a
// discounted sum): the same methods, switches and arithmetic, with the coefficients that do not
// depend on u (the closed form's coefficients, products of (P+n)(A+n-1)/((C+n)(n+1)), the
// series' (R+n)/(n+1) and c_n) computed once and shared, so that a term costs no division.
// Equal to DropoutExpectation to the last bit (tested): both run the same templated sums.
void DropoutExpectations(double A, double B, double R, const double* u, size_t count, double* out);

}  // namespace winnow::math
