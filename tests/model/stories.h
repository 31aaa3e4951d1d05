// Draws from each model's story, for the kit's recovery tests (model_kit_test.cc) and the
// prediction tests that simulate customers. Fixed seeds make every draw reproducible.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "model/bg_bb.h"
#include "model/bg_nbd.h"
#include "model/gamma_gamma.h"
#include "model/mbg_nbd.h"
#include "model/model.h"
#include "model/pareto_nbd.h"
#include "model/sbg.h"

namespace winnow::model::testing {

// BG/NBD (Fader, Hardie & Lee 2005).
// Continuous-time draws from the BG/NBD story (no day rounding): T uniform in 20..52 weeks.
inline Observations SimulateBgNbd(const BgNbdParams& p, size_t customers, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::gamma_distribution<double> lambda_dist(p.r, 1.0 / p.alpha), ga(p.a, 1.0), gb(p.b, 1.0);
  std::uniform_real_distribution<double> unit(0, 1), age(20, 52);
  Observations data;
  for (size_t i = 0; i < customers; ++i) {
    const double lambda = lambda_dist(engine), g1 = ga(engine), g2 = gb(engine), q = g1 / (g1 + g2);
    const double T = age(engine);
    double t = 0, t_x = 0, x = 0;
    for (;;) {
      t += -std::log1p(-unit(engine)) / lambda;
      if (t > T) break;
      x += 1;
      t_x = t;
      if (unit(engine) < q) break;  // drops out after this repeat purchase
    }
    data.frequency.push_back(x);
    data.recency.push_back(t_x);
    data.age.push_back(T);
    data.weight.push_back(1);
  }
  return data;
}

// MBG/NBD (Batislam, Denizel & Filiztekin 2007).
// One customer from the story: drops out at time 0 with probability p, then buys at rate lambda
// and drops out after each repeat purchase with probability p. Returns the purchases in
// (start, end] of a customer alive at `start` (x) and the time of the last one (t_x, 0 if none).
struct History {
  double x = 0, t_x = 0;
};
inline History Purchases(std::mt19937_64& engine, double lambda, double p, double start, double end) {
  std::exponential_distribution<double> gap(lambda);
  std::uniform_real_distribution<double> unit(0, 1);
  History h;
  double t = start;
  while (true) {
    t += gap(engine);
    if (t > end) break;
    h.x += 1;
    h.t_x = t;
    if (unit(engine) < p) break;
  }
  return h;
}

inline Observations SimulateMbgNbd(const MbgNbdParams& p, size_t customers, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::gamma_distribution<double> lambda_dist(p.r, 1.0 / p.alpha), ga(p.a, 1.0), gb(p.b, 1.0);
  std::uniform_real_distribution<double> unit(0, 1), age(20, 52);
  Observations data;
  for (size_t i = 0; i < customers; ++i) {
    const double lambda = lambda_dist(engine), g1 = ga(engine), g2 = gb(engine), q = g1 / (g1 + g2);
    const double T = std::round(age(engine) * 7) / 7;
    History h;
    if (unit(engine) >= q) h = Purchases(engine, lambda, q, 0, T);
    data.frequency.push_back(h.x);
    data.recency.push_back(h.t_x);
    data.age.push_back(T);
    data.weight.push_back(1);
  }
  return data;
}

// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): lifetimes exponential with rate mu, purchases
// Poisson with rate lambda while alive, T from 26 to 39 weeks in whole days, t_x rounded down to
// the day.
inline Observations SimulateParetoNbd(const ParetoNbdParams& truth, size_t customers, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::gamma_distribution<double> lambda_dist(truth.r, 1.0 / truth.alpha), mu_dist(truth.s, 1.0 / truth.beta);
  std::uniform_int_distribution<int> days(26 * 7, 39 * 7);
  Observations data;
  for (size_t customer = 0; customer < customers; ++customer) {
    const double lambda = lambda_dist(engine), mu = mu_dist(engine);
    const double T = days(engine) / 7.0;
    const double lifetime = std::exponential_distribution<double>(mu)(engine);
    const double active = std::min(lifetime, T);
    double time = 0, last = 0, x = 0;
    std::exponential_distribution<double> gap(lambda);
    while (true) {
      time += gap(engine);
      if (time > active) break;
      last = time;
      ++x;
    }
    data.frequency.push_back(x);
    data.recency.push_back(x > 0 ? std::floor(last * 7) / 7 : 0.0);
    data.age.push_back(T);
    data.weight.push_back(1);
  }
  return data;
}

// BG/BB (Fader, Hardie & Shang 2010).
// One customer from the story over opportunities 1..periods: at each, an active customer first
// becomes inactive with probability theta, then (if still active) transacts with probability p.
struct Path {
  double x = 0, t_x = 0, alive_at_n_plus_1 = 0, future = 0;
};
inline Path Walk(std::mt19937_64& engine, double p, double theta, int n, int n_star) {
  std::uniform_real_distribution<double> unit(0, 1);
  Path path;
  bool active = true;
  for (int t = 1; t <= n + n_star && active; ++t) {
    active = unit(engine) >= theta;
    if (t == n + 1) path.alive_at_n_plus_1 = active;
    if (!active) break;
    if (unit(engine) < p) {
      if (t <= n) {
        path.x += 1;
        path.t_x = t;
      } else {
        path.future += 1;
      }
    }
  }
  return path;
}

inline double BetaDraw(std::mt19937_64& engine, double a, double b) {
  std::gamma_distribution<double> ga(a, 1.0), gb(b, 1.0);
  const double g1 = ga(engine), g2 = gb(engine);
  return g1 / (g1 + g2);
}

// Customers observed for 4 to 10 opportunities.
inline Observations SimulateBgBb(const BgBbParams& truth, size_t customers, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::uniform_int_distribution<int> periods(4, 10);
  Observations data;
  for (size_t i = 0; i < customers; ++i) {
    const int n = periods(engine);
    const Path path =
        Walk(engine, BetaDraw(engine, truth.alpha, truth.beta), BetaDraw(engine, truth.gamma, truth.delta), n, 0);
    data.frequency.push_back(path.x);
    data.recency.push_back(path.t_x);
    data.age.push_back(n);
    data.weight.push_back(1);
  }
  return data;
}

// Shifted-beta-geometric (Fader & Hardie 2007): acquisition cohorts observed 1 to 12 periods;
// a contract ends in each period with probability theta ~ Beta(alpha, beta).
inline Observations SimulateSbg(const SbgParams& truth, size_t customers, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::gamma_distribution<double> ga(truth.alpha, 1.0), gb(truth.beta, 1.0);
  std::uniform_real_distribution<double> unit(0, 1);
  std::uniform_int_distribution<int> window(1, 12);
  Observations data;
  for (size_t i = 0; i < customers; ++i) {
    const double g1 = ga(engine), g2 = gb(engine), theta = g1 / (g1 + g2);
    const int observed = window(engine);
    int t = 1;
    while (t <= observed && unit(engine) >= theta) ++t;  // t: the period in which the contract ends
    data.age.push_back(std::min(t, observed));
    data.churned.push_back(t <= observed ? 1 : 0);
    data.weight.push_back(1);
  }
  return data;
}

// Gamma-Gamma spend (Fader, Hardie & Lee 2005, "RFM and CLV"): 1 to 8 repeat purchases, each
// Gamma(p, nu) with nu ~ Gamma(q, gamma); monetary is their mean.
inline Observations SimulateGammaGamma(const GammaGammaParams& truth, size_t customers, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::gamma_distribution<double> nu_dist(truth.q, 1.0 / truth.gamma);
  std::uniform_int_distribution<int> repeat(1, 8);
  Observations data;
  for (size_t i = 0; i < customers; ++i) {
    const double nu = nu_dist(engine);
    std::gamma_distribution<double> spend(truth.p, 1.0 / nu);
    const int x = repeat(engine);
    double sum = 0;
    for (int k = 0; k < x; ++k) sum += spend(engine);
    data.frequency.push_back(x);
    data.monetary.push_back(sum / x);
    data.weight.push_back(1);
  }
  return data;
}

}  // namespace winnow::model::testing
