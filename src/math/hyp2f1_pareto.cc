#include "math/hyp2f1_pareto.h"

#include <algorithm>
#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <limits>

namespace winnow::math {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// log 2F1(a, b; a+1; z) = (1-b) log(1-z) + log G,  G = sum_n (p)_n / (c)_n z^n,  p = a+1-b, c = a+1,
// and its derivatives: d log t_n / da = sum_{k<n} 1/(p+k) - 1/(c+k), d log t_n / db = -sum 1/(p+k).
LogHyp2F1 Series(double a, double b, double z, bool derivatives) {
  const double p = a + 1.0 - b, c = a + 1.0;
  LogHyp2F1 result{0.0, 0.0, 0.0, a * b / (a + 1.0)};
  if (z == 0.0) return result;
  const double tail_factor = z / (1.0 - z);
  double term = 1.0, sum = 1.0, sum_a = 0, sum_b = 0, sum_n = 0, log_a = 0, log_b = 0;
  for (int n = 1; n < 1000000; ++n) {
    const double k = n - 1.0;
    term *= (p + k) / (c + k) * z;
    sum += term;
    if (derivatives) {
      log_a += 1.0 / (p + k) - 1.0 / (c + k);
      log_b -= 1.0 / (p + k);
      sum_a += term * log_a;
      sum_b += term * log_b;
      sum_n += term * n;
    }
    if (term * tail_factor * (derivatives ? n + 1.0 : 1.0) <= 1e-17 * sum) break;
  }
  result.value = (1.0 - b) * std::log1p(-z) + std::log(sum);
  if (derivatives) {
    result.d_a = sum_a / sum;
    result.d_b = -std::log1p(-z) + sum_b / sum;
    result.d_z = (b - 1.0) / (1.0 - z) + sum_n / (z * sum);
  }
  return result;
}

double LogSumExp(double u, double v) {
  const double hi = std::max(u, v), lo = std::min(u, v);
  return hi + std::log1p(std::exp(lo - hi));
}

// z > kHyp2F1ParetoSeriesLimit: log F = log a - a log z + log B_z,  B_z = B_{1/2} + J,
// J = int_{log 2}^{-log(1-z)} e^phi(v) dv,  phi(v) = (a-1) log(1-e^-v) + (b-1) v.
LogHyp2F1 Quadrature(double a, double b, double z, bool derivatives) {
  const LogHyp2F1 half = Series(a, b, 0.5, derivatives);
  const double log_b_half = half.value - a * std::log(2.0) - std::log(a);
  const double v0 = std::log(2.0), v1 = -std::log1p(-z);
  const auto log_u = [](double v) { return std::log(-std::expm1(-v)); };
  const auto phi = [&](double v) { return (a - 1.0) * log_u(v) + (b - 1.0) * v; };
  double peak = std::max(phi(v0), phi(v1));
  if (a > 1 && b < 1) {
    // phi is concave; its stationary point solves (a-1) e^-v / (1-e^-v) = 1-b.
    const double v_star = std::log1p((a - 1.0) / (1.0 - b));
    if (v_star > v0 && v_star < v1) peak = std::max(peak, phi(v_star));
  }
  using Integrator = boost::math::quadrature::gauss_kronrod<double, 61>;
  const double j = Integrator::integrate([&](double v) { return std::exp(phi(v) - peak); }, v0, v1, 15, 1e-13);
  const double log_j = peak + std::log(j);
  const double log_b_z = LogSumExp(log_b_half, log_j);
  LogHyp2F1 result{std::log(a) - a * std::log(z) + log_b_z, 0, 0, 0};
  if (derivatives) {
    const double j_a = Integrator::integrate([&](double v) { return log_u(v) * std::exp(phi(v) - peak); }, v0, v1, 15, 1e-13);
    const double j_b = Integrator::integrate([&](double v) { return v * std::exp(phi(v) - peak); }, v0, v1, 15, 1e-13);
    const double share_half = std::exp(log_b_half - log_b_z), share_j = std::exp(log_j - log_b_z);
    // d log B_{1/2}: from the series at 1/2; d log J: the integrals above over J.
    const double log_b_da = share_half * (half.d_a - std::log(2.0) - 1.0 / a) + share_j * j_a / j;
    const double log_b_db = share_half * half.d_b + share_j * j_b / j;
    result.d_a = 1.0 / a - std::log(z) + log_b_da;
    result.d_b = log_b_db;
    // dB_z/dz = z^(a-1) (1-z)^-b.
    result.d_z = -a / z + std::exp((a - 1.0) * std::log(z) - b * std::log1p(-z) - log_b_z);
  }
  return result;
}

bool InDomain(double a, double b, double z) {
  return a > 0 && b > 0 && b < a + 1 && z >= 0 && z < 1 && std::isfinite(a);
}

}  // namespace

double LogHyp2F1Pareto(double a, double b, double z) {
  if (!InDomain(a, b, z)) return kNaN;
  return z <= kHyp2F1ParetoSeriesLimit ? Series(a, b, z, false).value : Quadrature(a, b, z, false).value;
}

LogHyp2F1 LogHyp2F1ParetoWithDerivatives(double a, double b, double z) {
  if (!InDomain(a, b, z)) return {kNaN, kNaN, kNaN, kNaN};
  return z <= kHyp2F1ParetoSeriesLimit ? Series(a, b, z, true) : Quadrature(a, b, z, true);
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
