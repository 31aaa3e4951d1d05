#include "model/gamma_gamma.h"

#include <fmt/format.h>

#include <array>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>

#include "core/error.h"
#include "core/parallel.h"

namespace winnow::model {

using core::Error;
using core::ErrorKind;

Observations GammaGamma::Usable(const Observations& data) {
  Observations out;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data.frequency[i] > 0 && data.monetary[i] > 0) {
      out.frequency.push_back(data.frequency[i]);
      out.monetary.push_back(data.monetary[i]);
      out.weight.push_back(data.weight[i]);
    }
  }
  return out;
}

void GammaGamma::CheckData(const Observations& data) const {
  const size_t n = data.size();
  if (data.frequency.size() != n || data.monetary.size() != n) {
    throw Error(ErrorKind::kInput, "gg needs frequency and monetary_value for every customer");
  }
  size_t usable = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!(data.weight[i] > 0) || !std::isfinite(data.monetary[i]) || !(data.frequency[i] >= 0)) {
      throw Error(ErrorKind::kInput, fmt::format("gg: row {}: frequency {}, monetary_value {}, weight {} are not usable",
                                                 i + 1, data.frequency[i], data.monetary[i], data.weight[i]));
    }
    usable += data.frequency[i] > 0 && data.monetary[i] > 0;
  }
  if (usable < 2) {
    throw Error(ErrorKind::kFit, fmt::format("gg: {} customer{} with repeat purchases and a positive mean spend; the "
                                             "Gamma-Gamma spend model needs at least 2",
                                             usable, usable == 1 ? "" : "s"))
        .Hint("the spend model is fitted on the mean amount of repeat purchases, so one-time buyers do not count: use a "
              "log that covers more time (a later --observation-end) or more customers");
  }
}

std::vector<double> GammaGamma::StartingPoint(const Observations& data) const {
  double sum = 0, weight = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data.frequency[i] > 0 && data.monetary[i] > 0) {
      sum += data.weight[i] * data.monetary[i];
      weight += data.weight[i];
    }
  }
  const double mean = weight > 0 ? sum / weight : 1.0;
  // p gamma / (q - 1) = mean with p = 1, q = 2.
  return {1.0, 2.0, std::max(1e-6, mean)};
}

double GammaGamma::LogLikelihood(const Observations& data, std::span<const double> params, std::span<double> gradient,
                                 size_t threads) const {
  const double p = params[0], q = params[1], gamma = params[2];
  const bool want_gradient = !gradient.empty();
  const double lnG_q = std::lgamma(q), psi_q = boost::math::digamma(q), log_gamma = std::log(gamma);
  const size_t n = data.size();
  // The terms that depend on x only, lnG(p x + q) - lnG(p x), psi(p x + q) and psi(p x), are
  // tabulated once per evaluation for whole x up to the largest one (frequencies are counts), so
  // that a customer costs three logarithms instead of two lgamma and two digamma calls.
  double max_x = 0;
  for (size_t i = 0; i < n; ++i) max_x = std::max(max_x, data.frequency[i]);
  const size_t table_size = max_x <= 1e6 ? static_cast<size_t>(max_x) + 1 : 0;
  std::vector<double> table_lg(table_size), table_psi_pxq(want_gradient ? table_size : 0),
      table_psi_px(want_gradient ? table_size : 0);
  std::vector<uint8_t> used(table_size, 0);
  for (size_t i = 0; i < n; ++i) {
    const double x = data.frequency[i];
    if (x > 0 && x == std::floor(x) && x < static_cast<double>(table_size)) used[static_cast<size_t>(x)] = 1;
  }
  core::ParallelFor((table_size + 255) / 256, threads, [&](size_t c) {
    for (size_t k = c * 256; k < std::min(table_size, (c + 1) * 256); ++k) {
      if (!used[k]) continue;
      const double px = p * static_cast<double>(k);
      table_lg[k] = std::lgamma(px + q) - std::lgamma(px);
      if (want_gradient) {
        table_psi_pxq[k] = boost::math::digamma(px + q);
        table_psi_px[k] = boost::math::digamma(px);
      }
    }
  });
  const size_t chunk = 1 << 14;
  const size_t chunks = (n + chunk - 1) / chunk;
  std::vector<std::array<double, 4>> partial(chunks, {0, 0, 0, 0});
  core::ParallelFor(chunks, threads, [&](size_t c) {
    std::array<double, 4> acc{0, 0, 0, 0};
    for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      const double x = data.frequency[i], m = data.monetary[i], w = data.weight[i];
      if (!(x > 0) || !(m > 0)) continue;
      const double px = p * x;
      const bool tabulated = x == std::floor(x) && x < static_cast<double>(table_size);
      const size_t k = tabulated ? static_cast<size_t>(x) : 0;
      const double lg = tabulated ? table_lg[k] : std::lgamma(px + q) - std::lgamma(px);
      const double log_m = std::log(m), log_x = std::log(x), log_gm = std::log(gamma + m * x);
      acc[0] += w * (lg - lnG_q + q * log_gamma + (px - 1) * log_m + px * log_x - (px + q) * log_gm);
      if (want_gradient) {
        const double psi_pxq = tabulated ? table_psi_pxq[k] : boost::math::digamma(px + q);
        const double psi_px = tabulated ? table_psi_px[k] : boost::math::digamma(px);
        acc[1] += w * x * (psi_pxq - psi_px + log_m + log_x - log_gm);
        acc[2] += w * (psi_pxq - psi_q + log_gamma - log_gm);
        acc[3] += w * (q / gamma - (px + q) / (gamma + m * x));
      }
    }
    partial[c] = acc;
  });
  std::array<double, 4> total{0, 0, 0, 0};
  for (const auto& part : partial) {
    for (size_t k = 0; k < 4; ++k) total[k] += part[k];
  }
  if (want_gradient) {
    for (size_t k = 0; k < 3; ++k) gradient[k] = total[k + 1];
  }
  return total[0];
}

double GammaGamma::ExpectedSpend(const GammaGammaParams& p, double x, double m) {
  if (x <= 0 || m <= 0) return p.p * p.gamma / (p.q - 1);
  return (p.gamma + m * x) * p.p / (p.p * x + p.q - 1);
}

}  // namespace winnow::model
