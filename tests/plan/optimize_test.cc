// The allocation of contacts (plan/optimize.h): the optimum against brute force on small random
// instances, the constraints on larger ones, the goals, the what-if curve, the errors, and the
// watering-can allocations (EvenSpread, ScaleCurrent). Every instance comes from a fixed seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "plan/optimize.h"
#include "test_util.h"

namespace winnow::plan {
namespace {

using testing::ExpectError;

double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}
int Int(std::mt19937_64& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

enum class Shapes { kConcave, kSShaped, kMixed };
enum class Costs { kEqual, kDifferent };

struct Spec {
  int reps_lo = 2, reps_hi = 3;
  int customers_lo = 3, customers_hi = 7;
  int max_contacts = 4;
  Shapes shapes = Shapes::kMixed;
  Costs costs = Costs::kDifferent;
  bool zero_cost_rep = false;  // with different costs: one rep may cost nothing
};

// A random problem: responses concave (shape 0.4-1) or S-shaped (1.5-4), stakes 0-100 (a few 0),
// minimums 0-1, capacities from the minimums up to more than the maximums need.
PlanProblem Random(std::mt19937_64& rng, const Spec& spec) {
  PlanProblem problem;
  const int reps = Int(rng, spec.reps_lo, spec.reps_hi);
  const int customers = Int(rng, spec.customers_lo, spec.customers_hi);
  const int responses = 4;
  for (int k = 0; k < responses; ++k) {
    bool concave = spec.shapes == Shapes::kConcave || (spec.shapes == Shapes::kMixed && Int(rng, 0, 1) == 0);
    problem.responses.push_back(
        {Uniform(rng, 0.1, 1.0), Uniform(rng, 0.5, 3.0), concave ? Uniform(rng, 0.4, 1.0) : Uniform(rng, 1.5, 4.0)});
  }
  std::vector<uint64_t> min_sum(reps, 0), max_sum(reps, 0);
  for (int i = 0; i < customers; ++i) {
    PlanCustomer c;
    c.rep = static_cast<uint32_t>(Int(rng, 0, reps - 1));
    c.response = static_cast<uint32_t>(Int(rng, 0, responses - 1));
    c.max = static_cast<uint16_t>(Int(rng, 0, spec.max_contacts));
    c.min = static_cast<uint16_t>(Int(rng, 0, 4) == 0 ? std::min<int>(c.max, 1) : 0);
    c.stake = Int(rng, 0, 9) == 0 ? 0.0 : Uniform(rng, 1, 100);
    min_sum[c.rep] += c.min;
    max_sum[c.rep] += c.max;
    problem.customers.push_back(c);
  }
  const double equal_cost = Uniform(rng, 0.5, 3);
  for (int r = 0; r < reps; ++r) {
    PlanRep rep;
    rep.capacity = min_sum[r] + static_cast<uint64_t>(Int(rng, 0, static_cast<int>(max_sum[r] - min_sum[r]) + 2));
    rep.cost = spec.costs == Costs::kEqual ? equal_cost : Uniform(rng, 0.5, 5);
    if (spec.zero_cost_rep && r == 0 && Int(rng, 0, 1) == 0) rep.cost = 0;
    problem.reps.push_back(rep);
  }
  problem.threads = 1 + static_cast<size_t>(Int(rng, 0, 1));
  return problem;
}

double MinCost(const PlanProblem& problem) {
  double cost = 0;
  for (const PlanCustomer& c : problem.customers) cost += problem.reps[c.rep].cost * c.min;
  return cost;
}

double FullCost(const PlanProblem& problem) {
  std::vector<uint64_t> max_sum(problem.reps.size(), 0);
  for (const PlanCustomer& c : problem.customers) max_sum[c.rep] += c.max;
  double cost = 0;
  for (size_t r = 0; r < problem.reps.size(); ++r) {
    cost += problem.reps[r].cost * static_cast<double>(std::min(max_sum[r], problem.reps[r].capacity));
  }
  return cost;
}

// Every allocation within the minimums, maximums, capacities and budget: the most gain.
double BruteForce(const PlanProblem& problem) {
  const size_t n = problem.customers.size();
  std::vector<uint16_t> contacts(n);
  std::vector<uint64_t> used(problem.reps.size(), 0);
  double best = -1;
  std::function<void(size_t, double)> visit = [&](size_t i, double cost) {
    if (problem.budget && cost > *problem.budget * (1 + 1e-12)) return;
    if (i == n) {
      best = std::max(best, TotalGain(problem, contacts));
      return;
    }
    const PlanCustomer& c = problem.customers[i];
    for (uint16_t k = c.min; k <= c.max; ++k) {
      if (used[c.rep] + k > problem.reps[c.rep].capacity) break;
      contacts[i] = k;
      used[c.rep] += k;
      visit(i + 1, cost + problem.reps[c.rep].cost * k);
      used[c.rep] -= k;
    }
  };
  visit(0, 0);
  return best;
}

// The solution keeps every constraint and reports its own gain and cost.
void ExpectFeasible(const PlanProblem& problem, const PlanSolution& s) {
  ASSERT_EQ(s.contacts.size(), problem.customers.size());
  std::vector<uint64_t> used(problem.reps.size(), 0);
  uint64_t total = 0;
  for (size_t i = 0; i < problem.customers.size(); ++i) {
    const PlanCustomer& c = problem.customers[i];
    EXPECT_GE(s.contacts[i], c.min) << "customer " << i;
    EXPECT_LE(s.contacts[i], c.max) << "customer " << i;
    used[c.rep] += s.contacts[i];
    total += s.contacts[i];
  }
  for (size_t r = 0; r < problem.reps.size(); ++r) EXPECT_LE(used[r], problem.reps[r].capacity) << "rep " << r;
  const double cost = TotalCost(problem, s.contacts);
  if (problem.budget) {
    EXPECT_LE(cost, *problem.budget * (1 + 1e-12));
  }
  EXPECT_NEAR(s.cost, cost, 1e-9 * std::max(1.0, cost));
  const double gain = TotalGain(problem, s.contacts);
  EXPECT_NEAR(s.gain, gain, 1e-9 * std::max(1.0, gain));
  EXPECT_EQ(s.total_contacts, total);
  EXPECT_GE(s.upper_bound, s.gain);
}

void ExpectMatchesBruteForce(const Spec& spec, bool with_budget, uint64_t seed, int instances, int& proven) {
  std::mt19937_64 rng(seed);
  for (int instance = 0; instance < instances; ++instance) {
    PlanProblem problem = Random(rng, spec);
    const double min_cost = MinCost(problem), full_cost = FullCost(problem);
    if (with_budget) problem.budget = min_cost + Uniform(rng, 0, 1) * (full_cost - min_cost);
    SCOPED_TRACE(::testing::Message() << "seed " << seed << " instance " << instance);
    const PlanSolution s = Optimize(problem);
    ExpectFeasible(problem, s);
    const double best = BruteForce(problem);
    const double tolerance = 1e-9 * std::max(1.0, best);
    EXPECT_LE(s.gain, best + tolerance);
    EXPECT_LE(best, s.upper_bound + tolerance);
    if (s.proven_optimal) {
      EXPECT_NEAR(s.gain, best, tolerance);
      ++proven;
    }
    // The header's guarantee: proven whenever the budget does not bind, and with equal costs and
    // concave responses.
    if (!with_budget || !s.budget_binds) {
      EXPECT_TRUE(s.proven_optimal);
    }
    if (spec.shapes == Shapes::kConcave && spec.costs == Costs::kEqual) {
      EXPECT_TRUE(s.proven_optimal);
    }
  }
}

TEST(PlanOptimize, MatchesBruteForceConcaveEqualCosts) {
  int proven = 0;
  ExpectMatchesBruteForce({.shapes = Shapes::kConcave, .costs = Costs::kEqual}, false, 1, 150, proven);
  ExpectMatchesBruteForce({.shapes = Shapes::kConcave, .costs = Costs::kEqual}, true, 2, 300, proven);
  EXPECT_EQ(proven, 450);
}

TEST(PlanOptimize, MatchesBruteForceSShapedAndMixed) {
  int proven = 0;
  ExpectMatchesBruteForce({.shapes = Shapes::kSShaped, .costs = Costs::kEqual}, false, 3, 150, proven);
  ExpectMatchesBruteForce({.shapes = Shapes::kMixed, .costs = Costs::kDifferent}, false, 4, 150, proven);
  EXPECT_EQ(proven, 300);  // without a budget the rep tables alone decide: always exact
  ExpectMatchesBruteForce({.shapes = Shapes::kSShaped, .costs = Costs::kEqual}, true, 5, 300, proven);
  ExpectMatchesBruteForce({.shapes = Shapes::kMixed, .costs = Costs::kDifferent, .zero_cost_rep = true}, true, 6, 300,
                          proven);
  ExpectMatchesBruteForce({.shapes = Shapes::kConcave, .costs = Costs::kDifferent}, true, 7, 300, proven);
  EXPECT_GT(proven, 300 + 300);  // most budgeted plans are proven too
}

TEST(PlanOptimize, ThreadCountDoesNotChangeThePlan) {
  std::mt19937_64 rng(11);
  PlanProblem problem =
      Random(rng, {.reps_lo = 30, .reps_hi = 30, .customers_lo = 2000, .customers_hi = 2000, .max_contacts = 8});
  problem.budget = 0.4 * FullCost(problem);
  problem.threads = 1;
  const PlanSolution one = Optimize(problem);
  problem.threads = 2;
  const PlanSolution two = Optimize(problem);
  EXPECT_EQ(one.contacts, two.contacts);
  EXPECT_EQ(one.gain, two.gain);
  EXPECT_EQ(one.upper_bound, two.upper_bound);
}

TEST(PlanOptimize, LargerInstancesKeepEveryConstraint) {
  std::mt19937_64 rng(21);
  for (int instance = 0; instance < 40; ++instance) {
    SCOPED_TRACE(::testing::Message() << "instance " << instance);
    PlanProblem problem = Random(rng, {.reps_lo = 5,
                                       .reps_hi = 40,
                                       .customers_lo = 50,
                                       .customers_hi = 1500,
                                       .max_contacts = 12,
                                       .costs = instance % 2 ? Costs::kEqual : Costs::kDifferent,
                                       .zero_cost_rep = instance % 4 == 0});
    // Tighter capacities than Random's: a third of the room above the minimums.
    std::vector<uint64_t> min_sum(problem.reps.size(), 0);
    for (const PlanCustomer& c : problem.customers) min_sum[c.rep] += c.min;
    for (size_t r = 0; r < problem.reps.size(); ++r) {
      problem.reps[r].capacity = min_sum[r] + (problem.reps[r].capacity - min_sum[r]) / 3;
    }
    const int goal = instance % 3;
    const double min_cost = MinCost(problem), full_cost = FullCost(problem);
    if (instance % 5 != 0) problem.budget = min_cost + Uniform(rng, 0, 1) * (full_cost - min_cost);
    problem.goal = goal == 0 ? Goal::kBudget : goal == 1 ? Goal::kTarget : Goal::kHurdle;
    problem.target_gain = Uniform(rng, 0, 1000);
    problem.hurdle = Uniform(rng, 0, 5);
    const PlanSolution s = Optimize(problem);
    ExpectFeasible(problem, s);
    if (problem.goal == Goal::kTarget && problem.budget && s.target_reached) {
      EXPECT_LE(s.budget_used, *problem.budget * (1 + 1e-12));
    }
    if (problem.goal != Goal::kTarget) {
      EXPECT_EQ(s.budget_used, s.cost);
    }
    // Curve: from the minimums' cost, non-decreasing, with the problem's budget as a point.
    ASSERT_FALSE(s.curve.empty());
    EXPECT_NEAR(s.curve.front().budget, min_cost, 1e-9 * std::max(1.0, min_cost));
    for (size_t k = 1; k < s.curve.size(); ++k) {
      EXPECT_GE(s.curve[k].budget, s.curve[k - 1].budget);
      EXPECT_GE(s.curve[k].gain, s.curve[k - 1].gain);
    }
    if (problem.budget) {
      const auto at = std::find_if(s.curve.begin(), s.curve.end(),
                                   [&](const CurvePoint& p) { return p.budget == *problem.budget; });
      EXPECT_NE(at, s.curve.end());
      if (problem.goal == Goal::kBudget && at != s.curve.end()) {
        EXPECT_GE(at->gain, s.gain - 1e-9 * std::max(1.0, s.gain));
      }
    }
  }
}

// The plan's gain and the curve never fall as the budget grows; the curve agrees with the plans
// at its budgets (at least as good: it keeps the best plan of a smaller budget).
TEST(PlanOptimize, GainMonotoneInBudget) {
  for (uint64_t seed = 31; seed < 37; ++seed) {
    std::mt19937_64 rng(seed);
    PlanProblem problem = Random(rng, {.reps_lo = 4,
                                       .reps_hi = 12,
                                       .customers_lo = 40,
                                       .customers_hi = 300,
                                       .max_contacts = 10,
                                       .shapes = seed % 3 == 0 ? Shapes::kSShaped : Shapes::kMixed,
                                       .costs = seed % 2 ? Costs::kEqual : Costs::kDifferent});
    const double min_cost = MinCost(problem), full_cost = FullCost(problem);
    double previous = -1;
    for (int step = 0; step <= 60; ++step) {
      problem.budget = min_cost + (full_cost - min_cost) * step / 60.0;
      const PlanSolution s = Optimize(problem);
      EXPECT_GE(s.gain, previous - 1e-9 * std::max(1.0, previous)) << "seed " << seed << " step " << step;
      previous = s.gain;
      for (const CurvePoint& point : s.curve) {
        if (point.budget == *problem.budget) {
          EXPECT_GE(point.gain, s.gain - 1e-9 * std::max(1.0, s.gain));
        }
      }
    }
  }
}

TEST(PlanOptimize, TargetTakesTheSmallestBudgetOnTheCurve) {
  for (uint64_t seed = 41; seed < 46; ++seed) {
    std::mt19937_64 rng(seed);
    PlanProblem problem =
        Random(rng, {.reps_lo = 3, .reps_hi = 8, .customers_lo = 30, .customers_hi = 200, .max_contacts = 8});
    problem.curve_points = 400;
    const PlanSolution all = Optimize(problem);  // no budget: the most the capacities allow
    problem.goal = Goal::kTarget;
    problem.target_gain = 0.6 * all.gain;
    const PlanSolution s = Optimize(problem);
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    ExpectFeasible(problem, s);
    EXPECT_TRUE(s.target_reached);
    EXPECT_GE(s.gain, problem.target_gain - 1e-9 * problem.target_gain);
    EXPECT_EQ(s.budget_used, s.cost);
    int below = 0;
    for (const CurvePoint& point : s.curve) {
      if (point.budget < s.budget_used * (1 - 1e-12)) {
        EXPECT_LT(point.gain, problem.target_gain) << "budget " << point.budget;
        ++below;
      } else {
        EXPECT_GE(point.gain, problem.target_gain * (1 - 1e-12)) << "budget " << point.budget;
      }
    }
    EXPECT_GT(below, 0);
    // The plan for exactly that budget reaches the target as well.
    PlanProblem budgeted = problem;
    budgeted.goal = Goal::kBudget;
    budgeted.budget = s.budget_used;
    EXPECT_GE(Optimize(budgeted).gain, problem.target_gain * (1 - 1e-12));
    // Out of reach: every capacity used, and the flag says so.
    problem.target_gain = 2 * all.gain;
    const PlanSolution unreachable = Optimize(problem);
    EXPECT_FALSE(unreachable.target_reached);
    EXPECT_NEAR(unreachable.gain, all.gain, 1e-9 * all.gain);
    // Within a budget too small for it.
    problem.target_gain = 0.9 * all.gain;
    problem.budget = MinCost(problem) + 0.1 * (s.budget_used - MinCost(problem));
    const PlanSolution short_budget = Optimize(problem);
    EXPECT_FALSE(short_budget.target_reached);
    EXPECT_LE(short_budget.cost, *problem.budget * (1 + 1e-12));
  }
}

// Concave responses: the hurdle plan gives exactly the contacts whose marginal gain per unit of
// cost reaches the hurdle (where the rep has room).
TEST(PlanOptimize, HurdleStopsAtTheHurdle) {
  std::mt19937_64 rng(51);
  for (int instance = 0; instance < 20; ++instance) {
    PlanProblem problem = Random(rng, {.reps_lo = 3,
                                       .reps_hi = 10,
                                       .customers_lo = 30,
                                       .customers_hi = 300,
                                       .max_contacts = 10,
                                       .shapes = Shapes::kConcave});
    for (PlanRep& rep : problem.reps) rep.capacity = 10 * problem.customers.size();  // the hurdle alone limits
    problem.goal = Goal::kHurdle;
    problem.hurdle = Uniform(rng, 0.2, 4);
    const PlanSolution s = Optimize(problem);
    SCOPED_TRACE(::testing::Message() << "instance " << instance);
    ExpectFeasible(problem, s);
    EXPECT_TRUE(s.proven_optimal);
    EXPECT_FALSE(s.budget_binds);
    uint64_t taken = 0;
    for (size_t i = 0; i < problem.customers.size(); ++i) {
      const PlanCustomer& c = problem.customers[i];
      const double cost = problem.reps[c.rep].cost;
      auto marginal = [&](int n) {
        return c.stake * (problem.responses[c.response].Lift(n) - problem.responses[c.response].Lift(n - 1)) / cost;
      };
      const int n = s.contacts[i];
      if (n > c.min) {
        EXPECT_GE(marginal(n), problem.hurdle * (1 - 1e-12)) << "customer " << i;
        taken += n - c.min;
      }
      if (n < c.max) {
        EXPECT_LT(marginal(n + 1), problem.hurdle * (1 + 1e-12)) << "customer " << i;
      }
    }
    if (taken > 0) {
      EXPECT_GE(s.marginal_gain_per_cost, problem.hurdle * (1 - 1e-12));
    }
  }
}

// No contact that gains nothing: customers with stake 0 or no amplitude stay at their minimum.
TEST(PlanOptimize, ZeroGainContactsAreNotPlanned) {
  PlanProblem problem;
  problem.responses = {{0.5, 2, 0.8}, {0.0, 2, 0.8}, {0.5, 2, 3.0}};
  problem.reps = {{100, 1.0}};
  problem.customers = {{0, 0, 1, 6, 0.0}, {0, 1, 0, 6, 50.0}, {0, 0, 0, 6, 10.0}, {0, 2, 0, 6, 0.0}};
  const PlanSolution s = Optimize(problem);
  EXPECT_EQ(s.contacts, (std::vector<uint16_t>{1, 0, 6, 0}));
  EXPECT_TRUE(s.proven_optimal);
  EXPECT_EQ(s.customers_at_max, 1u);
  EXPECT_EQ(s.customers_at_min, 1u);  // customer 0: held at its minimum of 1
  EXPECT_EQ(s.reps_at_capacity, 0u);
}

// A small case worked by hand: two reps, equal costs, a binding budget, one S-shaped customer.
//   rep 0: Lift(n) = n / (1 + n), stakes 10 and 6: F_0 = 0, 5, 8, 9.67 (marginals 5, 3, 1.67)
//   rep 1: Lift(n) = n^3 / (8 + n^3), stake 30:     F_1 = 0, 3.33, 15, 23.14, 26.67
// F_1's envelope runs straight from 0 to 3 (7.71 per contact), then 3.52. Four contacts (9 / 2,
// the half contact left over does not count): rep 1's first piece, then rep 0's first contact,
// 28.14; exactly the relaxation's value, so proven.
TEST(PlanOptimize, HandWorkedCase) {
  PlanProblem problem;
  problem.responses = {{1, 1, 1}, {1, 2, 3}};
  problem.reps = {{3, 2.0}, {4, 2.0}};
  problem.customers = {{0, 0, 0, 3, 10.0}, {0, 0, 0, 3, 6.0}, {1, 1, 0, 4, 30.0}};
  problem.budget = 9.0;
  const PlanSolution s = Optimize(problem);
  EXPECT_EQ(s.contacts, (std::vector<uint16_t>{1, 0, 3}));
  EXPECT_DOUBLE_EQ(s.cost, 8.0);
  EXPECT_NEAR(s.gain, 5 + 30.0 * 27 / 35, 1e-12);
  EXPECT_TRUE(s.budget_binds);
  EXPECT_TRUE(s.proven_optimal);
  EXPECT_NEAR(s.marginal_gain_per_cost, 2.5, 1e-12);  // rep 0's first contact: 5 per 2
  EXPECT_EQ(s.reps_at_capacity, 0u);
  problem.budget = 7.0;  // three contacts: rep 1's whole piece (23.14) beats anything with rep 0
  const PlanSolution three = Optimize(problem);
  EXPECT_EQ(three.contacts, (std::vector<uint16_t>{0, 0, 3}));
  EXPECT_TRUE(three.proven_optimal);
}

TEST(PlanOptimize, CurveSpansTheCapacitiesCost) {
  std::mt19937_64 rng(61);
  PlanProblem problem = Random(rng, {.reps_lo = 5, .reps_hi = 5, .customers_lo = 100, .customers_hi = 100});
  problem.curve_points = 11;
  problem.budget = 0.37 * FullCost(problem);
  const PlanSolution s = Optimize(problem);
  double capacities_cost = 0;
  for (const PlanRep& rep : problem.reps) capacities_cost += rep.cost * static_cast<double>(rep.capacity);
  ASSERT_EQ(s.curve.size(), 12u);
  EXPECT_DOUBLE_EQ(s.curve.back().budget, capacities_cost);
  const double minimums_gain = TotalGain(problem, EvenSpread(problem, 0));  // the minimums alone
  EXPECT_NEAR(s.curve.front().gain, minimums_gain, 1e-9 * std::max(1.0, minimums_gain));
  // At the capacities' cost, the plan without a budget.
  PlanProblem unlimited = problem;
  unlimited.budget.reset();
  const PlanSolution all = Optimize(unlimited);
  EXPECT_NEAR(s.curve.back().gain, all.gain, 1e-9 * all.gain);
  EXPECT_EQ(s.curve.back().contacts, all.total_contacts);
}

TEST(PlanOptimize, RejectsMinimumsOverCapacity) {
  PlanProblem problem;
  problem.responses = {{0.5, 2, 1}};
  problem.reps = {{10, 1}, {5, 1}, {8, 1}, {30, 1}};
  for (int k = 0; k < 4; ++k) problem.customers.push_back({3, 0, 10, 12, 1.0});
  ExpectError([&] { Optimize(problem); }, core::ErrorKind::kInput,
              {.message = "rep 3: the customers' minimums need 40 contacts, its capacity is 30"});
}

TEST(PlanOptimize, RejectsMinimumsOverBudget) {
  PlanProblem problem;
  problem.responses = {{0.5, 2, 1}};
  problem.reps = {{100, 2.5}, {100, 4}};
  problem.customers = {{0, 0, 8, 12, 1.0}, {1, 0, 25, 30, 1.0}};
  problem.budget = 100;
  ExpectError([&] { Optimize(problem); }, core::ErrorKind::kInput,
              {.message = "the customers' minimums cost 120, more than the budget of 100"});
  problem.budget = 120;
  EXPECT_EQ(Optimize(problem).contacts, (std::vector<uint16_t>{8, 25}));
}

TEST(PlanOptimize, RejectsBadCustomers) {
  PlanProblem problem;
  problem.responses = {{0.5, 2, 1}};
  problem.reps = {{100, 1}};
  problem.customers = {{0, 0, 3, 2, 1.0}};
  ExpectError([&] { Optimize(problem); }, core::ErrorKind::kInput,
              {.message = "customer 0: the minimum 3 is above the maximum 2"});
  problem.customers = {{1, 0, 0, 2, 1.0}};
  ExpectError([&] { Optimize(problem); }, core::ErrorKind::kInput, {.message = "customer 0: no rep 1"});
  problem.customers = {{0, 0, 0, 2, 1.0}};
  problem.responses = {{0.5, 0, 1}};
  ExpectError([&] { Optimize(problem); }, core::ErrorKind::kInput,
              {.message = "response 0: needs amplitude >= 0, half > 0 and shape > 0, not 0.5, 0, 1"});
}

// Even spread: within bounds and capacities, the requested total (or all the constraints allow),
// and every two customers within one of each other unless a bound or a full rep holds one of them.
TEST(PlanEvenSpread, SpreadsWithinOne) {
  std::mt19937_64 rng(71);
  for (int instance = 0; instance < 60; ++instance) {
    PlanProblem problem =
        Random(rng, {.reps_lo = 2, .reps_hi = 10, .customers_lo = 10, .customers_hi = 300, .max_contacts = 9});
    uint64_t min_total = 0, most = 0;
    std::vector<uint64_t> max_sum(problem.reps.size(), 0);
    for (const PlanCustomer& c : problem.customers) min_total += c.min, max_sum[c.rep] += c.max;
    for (size_t r = 0; r < problem.reps.size(); ++r) most += std::min(max_sum[r], problem.reps[r].capacity);
    const uint64_t total = min_total + static_cast<uint64_t>(Uniform(rng, 0, 1.1) * (most - min_total));
    const std::vector<uint16_t> x = EvenSpread(problem, total);
    std::vector<uint64_t> used(problem.reps.size(), 0);
    uint64_t sum = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      ASSERT_GE(x[i], problem.customers[i].min);
      ASSERT_LE(x[i], problem.customers[i].max);
      used[problem.customers[i].rep] += x[i];
      sum += x[i];
    }
    for (size_t r = 0; r < used.size(); ++r) ASSERT_LE(used[r], problem.reps[r].capacity);
    EXPECT_EQ(sum, std::min(total, most)) << "instance " << instance;
    for (size_t i = 0; i < x.size(); ++i) {
      for (size_t j = 0; j < x.size(); ++j) {
        const PlanCustomer& a = problem.customers[i];
        const PlanCustomer& b = problem.customers[j];
        if (x[i] <= x[j] + 1 || x[i] == a.min || x[j] == b.max) continue;
        // i holds more than one above j: j's rep must be full.
        EXPECT_EQ(used[b.rep], problem.reps[b.rep].capacity) << "customers " << i << " and " << j;
      }
    }
  }
}

TEST(PlanEvenSpread, FullRepGivesItsShareToOthers) {
  PlanProblem problem;
  problem.responses = {{0.5, 2, 1}};
  problem.reps = {{2, 1}, {100, 1}};
  problem.customers = {{0, 0, 0, 9, 1.0}, {0, 0, 0, 9, 1.0}, {1, 0, 0, 9, 1.0}, {1, 0, 0, 9, 1.0}};
  EXPECT_EQ(EvenSpread(problem, 8), (std::vector<uint16_t>{1, 1, 3, 3}));
  EXPECT_EQ(EvenSpread(problem, 7), (std::vector<uint16_t>{1, 1, 3, 2}));
  EXPECT_EQ(EvenSpread(problem, 3), (std::vector<uint16_t>{1, 1, 1, 0}));
}

// Scaled current allocation: the requested total by largest remainders, each customer within one
// of its exact share where no bound holds it.
TEST(PlanScaleCurrent, LargestRemainders) {
  PlanProblem problem;
  problem.responses = {{0.5, 2, 1}};
  problem.reps = {{100, 1}, {100, 1}};
  problem.customers = {{0, 0, 0, 20, 1.0}, {0, 0, 0, 20, 1.0}, {1, 0, 0, 20, 1.0}, {1, 0, 0, 20, 1.0}};
  const std::vector<double> current{1.0, 2.0, 3.0, 0.5};
  // Shares of 10: 1.54, 3.08, 4.62, 0.77 -> floors 1, 3, 4, 0 and the two largest remainders
  // (0.77, 0.62).
  EXPECT_EQ(ScaleCurrent(problem, current, 10), (std::vector<uint16_t>{1, 3, 5, 1}));
  problem.customers[2].max = 3;  // held at 3: the rest goes to the others in proportion
  const std::vector<uint16_t> held = ScaleCurrent(problem, current, 10);
  EXPECT_EQ(held[2], 3);
  EXPECT_EQ(held[0] + held[1] + held[2] + held[3], 10);
  EXPECT_EQ(ScaleCurrent(problem, std::vector<double>(4, 0.0), 4), EvenSpread(problem, 4));
}

TEST(PlanScaleCurrent, WithinBoundsAndCapacities) {
  std::mt19937_64 rng(81);
  for (int instance = 0; instance < 40; ++instance) {
    PlanProblem problem =
        Random(rng, {.reps_lo = 2, .reps_hi = 10, .customers_lo = 10, .customers_hi = 300, .max_contacts = 9});
    std::vector<double> current(problem.customers.size());
    for (double& x : current) x = Int(rng, 0, 5) == 0 ? 0.0 : Uniform(rng, 0, 6);
    uint64_t min_total = 0, most = 0;
    std::vector<uint64_t> max_sum(problem.reps.size(), 0);
    for (size_t i = 0; i < current.size(); ++i) {
      const PlanCustomer& c = problem.customers[i];
      min_total += c.min;
      max_sum[c.rep] += current[i] > 0 ? c.max : c.min;
    }
    for (size_t r = 0; r < problem.reps.size(); ++r) most += std::min(max_sum[r], problem.reps[r].capacity);
    const uint64_t total = min_total + static_cast<uint64_t>(Uniform(rng, 0, 1.1) * (most - min_total));
    const std::vector<uint16_t> x = ScaleCurrent(problem, current, total);
    std::vector<uint64_t> used(problem.reps.size(), 0);
    uint64_t sum = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      ASSERT_GE(x[i], problem.customers[i].min);
      ASSERT_LE(x[i], problem.customers[i].max);
      if (current[i] == 0) {
        EXPECT_EQ(x[i], problem.customers[i].min);
      }
      used[problem.customers[i].rep] += x[i];
      sum += x[i];
    }
    for (size_t r = 0; r < used.size(); ++r) ASSERT_LE(used[r], problem.reps[r].capacity);
    EXPECT_EQ(sum, std::min(total, most)) << "instance " << instance;
  }
}

}  // namespace
}  // namespace winnow::plan
