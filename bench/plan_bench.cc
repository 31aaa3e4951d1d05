// Effort plans (issue 12): the whole Optimize (rep tables, the greedy across reps, the contacts,
// the what-if curve of 41 points) on simulated books of customers. Results: bench/README.md.
//   BM_OptimizeConcave/1000000/2000: 1M customers, 2,000 reps, concave responses, different costs
//     per rep, a budget of 60 % of what the capacities cost (the target: under 5 s).
//   BM_OptimizeConcaveEqualCosts/1000000/2000: the same with one cost for every contact.
//   BM_OptimizeSShaped/100000/200: 100k customers, 200 reps with capacity 300, S-shaped responses
//     (and 1M customers, 2,000 reps with capacity 300).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "plan/optimize.h"

namespace {

using namespace winnow::plan;

// Customers dealt to reps at random; 8 response curves (tiers); stakes log-normal (median 1,000);
// a fifth of the customers with a minimum of 1; maximums 4-12; each rep's capacity 2 contacts per
// customer; cost per contact 50-150 (or 100 for all).
PlanProblem Book(uint32_t customers, uint32_t reps, bool s_shaped, bool equal_costs, uint64_t capacity_per_rep) {
  std::mt19937_64 rng(42);
  PlanProblem problem;
  for (int k = 0; k < 8; ++k) {
    const double shape = s_shaped ? 1.5 + 0.3 * k : 0.5 + 0.06 * k;
    problem.responses.push_back({0.05 + 0.02 * k, 1.0 + 0.5 * k, shape});
  }
  std::uniform_int_distribution<uint32_t> rep(0, reps - 1), response(0, 7), max(4, 12), one_in_five(0, 4);
  std::lognormal_distribution<double> stake(std::log(1000.0), 1.0);
  std::vector<uint64_t> min_sum(reps, 0), count(reps, 0);
  problem.customers.resize(customers);
  for (PlanCustomer& c : problem.customers) {
    c.rep = rep(rng);
    c.response = response(rng);
    c.max = static_cast<uint16_t>(max(rng));
    c.min = one_in_five(rng) == 0 ? 1 : 0;
    c.stake = stake(rng);
    min_sum[c.rep] += c.min;
    ++count[c.rep];
  }
  std::uniform_real_distribution<double> cost(50, 150);
  double full_cost = 0;
  for (uint32_t r = 0; r < reps; ++r) {
    const uint64_t capacity = capacity_per_rep ? capacity_per_rep : 2 * count[r];
    problem.reps.push_back({std::max(capacity, min_sum[r]), equal_costs ? 100.0 : std::round(cost(rng))});
    full_cost += problem.reps.back().cost * static_cast<double>(problem.reps.back().capacity);
  }
  problem.budget = 0.6 * full_cost;
  return problem;
}

void Run(benchmark::State& state, const PlanProblem& problem) {
  double gain = 0;
  for (auto _ : state) {
    const PlanSolution solution = Optimize(problem);
    gain = solution.gain;
    state.counters["gap"] = (solution.upper_bound - solution.gain) / solution.gain;
    state.counters["contacts"] = static_cast<double>(solution.total_contacts);
    benchmark::DoNotOptimize(solution.contacts.data());
  }
  state.counters["gain"] = gain;
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(problem.customers.size()));
}

void BM_OptimizeConcave(benchmark::State& state) {
  Run(state, Book(static_cast<uint32_t>(state.range(0)), static_cast<uint32_t>(state.range(1)), false, false, 0));
}
BENCHMARK(BM_OptimizeConcave)->Args({1000000, 2000})->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OptimizeConcaveEqualCosts(benchmark::State& state) {
  Run(state, Book(static_cast<uint32_t>(state.range(0)), static_cast<uint32_t>(state.range(1)), false, true, 0));
}
BENCHMARK(BM_OptimizeConcaveEqualCosts)->Args({1000000, 2000})->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OptimizeSShaped(benchmark::State& state) {
  Run(state, Book(static_cast<uint32_t>(state.range(0)), static_cast<uint32_t>(state.range(1)), true, false, 300));
}
BENCHMARK(BM_OptimizeSShaped)->Args({100000, 200})->Args({1000000, 2000})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
