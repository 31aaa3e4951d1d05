// Micro benchmarks of the purchase models' predictions per distinct customer history (issue 9):
// E[Y(52)] and P(alive), and DERT discounted week by week over 156 weeks (156 cumulative
// expectations per history), on histories of a CDNOW-like and of the wholesale fit (a = 4e-6,
// b = 4,200, where t/(alpha+T+t) passes 0.9), and Pareto/NBD's lifetime DERT. Items are
// histories. Results: bench/README.md.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "math/hyp2f1.h"
#include "model/model_file.h"
#include "model/predict.h"

namespace {

using namespace winnow;

struct History {
  double x, t_x, T;
};

// 240 histories: x 0..23, t_x spread over (0, T], T in 20..74 weeks (within CDNOW's range).
std::vector<History> Histories() {
  std::vector<History> histories;
  for (int x = 0; x < 24; ++x) {
    for (int k = 0; k < 10; ++k) {
      const double T = 20 + 6.0 * k;
      histories.push_back({double(x), x == 0 ? 0.0 : T * (0.3 + 0.07 * k), T});
    }
  }
  return histories;
}

std::unique_ptr<model::PurchasePredictor> Predictor(const std::string& name, std::vector<double> params) {
  model::SavedModel saved;
  saved.fit.model = name;
  saved.fit.param_names = name == "pnbd" ? std::vector<std::string>{"r", "alpha", "s", "beta"}
                                         : std::vector<std::string>{"r", "alpha", "a", "b"};
  saved.fit.params = std::move(params);
  return model::MakePredictor(saved);
}

// Arguments: 0 CDNOW BG/NBD, 1 wholesale BG/NBD, 2 CDNOW MBG/NBD, 3 CDNOW Pareto/NBD.
std::unique_ptr<model::PurchasePredictor> Case(int which) {
  switch (which) {
    case 0: return Predictor("bgnbd", {0.243, 4.414, 0.793, 2.426});
    case 1: return Predictor("bgnbd", {0.5, 2.0, 4e-6, 4200});
    case 2: return Predictor("mbgnbd", {0.525, 6.183, 0.891, 1.614});
    default: return Predictor("pnbd", {0.5533, 10.5776, 0.6061, 11.6650});
  }
}

// Runs `predict(predictor, history)` over the histories in turn, one per iteration.
template <typename Predict>
void OverHistories(benchmark::State& state, Predict predict) {
  const auto predictor = Case(static_cast<int>(state.range(0)));
  const std::vector<History> histories = Histories();
  size_t k = 0;
  double sum = 0;
  for (auto _ : state) sum += predict(*predictor, histories[k++ % histories.size()]);
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}

void BM_ExpectedPurchases52(benchmark::State& state) {
  OverHistories(state, [](const auto& p, const History& h) {
    return p.ConditionalExpectedPurchases(52, h.x, h.t_x, h.T) + p.ProbabilityAlive(h.x, h.t_x, h.T);
  });
}
BENCHMARK(BM_ExpectedPurchases52)->Arg(0)->Arg(1)->Arg(2)->Arg(3);

void BM_DiscountedPurchases156(benchmark::State& state) {
  OverHistories(state, [](const auto& p, const History& h) { return p.DiscountedPurchases(156, 0.002, h.x, h.t_x, h.T); });
}
BENCHMARK(BM_DiscountedPurchases156)->Arg(0)->Arg(1)->Arg(2)->Arg(3);

// Pareto/NBD's lifetime DERT (FHL2005b eq. 2), continuously compounded 15% a year in weeks.
void BM_LifetimeDiscountedPurchases(benchmark::State& state) {
  const auto predictor = Case(3);
  const std::vector<History> histories = Histories();
  size_t k = 0;
  double sum = 0;
  for (auto _ : state) {
    const History& h = histories[k++ % histories.size()];
    double value = 0;
    predictor->LifetimeDiscountedPurchases(0.0026877, h.x, h.t_x, h.T, &value);
    sum += value;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LifetimeDiscountedPurchases);

// One J(A, B, R, u) by quadrature (u beyond the series' reach, e.g. 1e4 weeks at alpha + T = 40):
// 0 CDNOW (0.793, 2.426, 0.243, u 250), 1 wholesale (4e-6, 4200, 0.5, u 250),
// 2 b = 1e8 (0.793, 1e8, 0.243, u 1e6), 3 (10, 2.4, 1e4, u 1e8).
void BM_DropoutQuadrature(benchmark::State& state) {
  const double cases[4][4] = {{0.793, 2.426, 0.243, 250}, {4e-6, 4200, 0.5, 250}, {0.793, 1e8, 0.243, 1e6}, {10, 2.4, 1e4, 1e8}};
  const double* c = cases[state.range(0)];
  double sum = 0, step = 0;
  for (auto _ : state) {
    math::DropoutMethod method{};
    sum += math::DropoutExpectation(c[0], c[1], c[2], c[3] * (1 + step), &method);
    step += 1e-12;
    if (method != math::DropoutMethod::kQuadrature) state.SkipWithError("not the quadrature");
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DropoutQuadrature)->Arg(0)->Arg(1)->Arg(2)->Arg(3);

}  // namespace

BENCHMARK_MAIN();
