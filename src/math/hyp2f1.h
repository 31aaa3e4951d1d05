// The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments with 0 <= z < 1, as the
// BG/NBD and Pareto/NBD expectations need it.
//
//   2F1(a, b; c; z) = sum_{n >= 0} (a)_n (b)_n / (c)_n  z^n / n!     (Abramowitz & Stegun 15.1.1)
//
// Summed term by term (each term from the previous by the ratio (a+n)(b+n)/((c+n)(n+1)) z) until
// a term no longer changes the sum in double precision, after Euler's transformation
// (A&S 15.3.3) when that makes the numerator parameters smaller. For z > 0.9 the linear
// transformation to 1 - z (A&S 15.3.6) is used when c - a - b is not an integer; otherwise the
// series, which converges slowly there, is capped at kHyp2F1MaxTerms terms.
#pragma once

namespace winnow::math {

inline constexpr int kHyp2F1MaxTerms = 200000;

// Returns false (and leaves *value alone) when the arguments are outside 0 <= z < 1, c is a
// non-positive integer, or the series did not converge within the cap.
bool Hyp2F1(double a, double b, double c, double z, double* value);

}  // namespace winnow::math
