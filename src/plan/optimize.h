// The allocation of a period's contacts to customers: maximize the expected total gain subject to
// each rep's capacity, the total budget, whole numbers of contacts and each customer's minimum and
// maximum.
//
//   maximize   sum_i stake_i * lift_i(n_i)
//   subject to sum_{i of rep r} n_i <= capacity_r                 for every rep r
//              sum_i cost_{rep(i)} * n_i <= budget                (when there is a budget)
//              min_i <= n_i <= max_i,  n_i integer
//
// How (and the guarantee, as README "Effort plans" states it):
// 1. Each rep's problem alone, for every number of contacts N up to its capacity, F_r(N): exact.
//    Concave customers by the greedy on marginal gains (optimal for separable concave objectives
//    under one capacity; Federgruen & Groenevelt 1986); customers with an S-shaped response by
//    dynamic programming over N (max-plus convolution of their gain tables with the rest).
// 2. Across reps, the budget: a greedy on the upper concave envelope of each F_r, by gain per unit
//    of cost. This is the optimum of the linear relaxation over the envelopes, so its value plus the
//    fraction of the first piece that did not fit is an upper bound on the optimum. The plan is
//    proven optimal when that bound equals its gain: always when the budget does not bind, and when
//    every contact costs the same and every F_r is concave (every response concave). Otherwise the
//    bound and the gap are reported.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plan/response.h"

namespace winnow::plan {

struct PlanCustomer {
  uint32_t rep = 0;       // index into PlanProblem::reps
  uint32_t response = 0;  // index into PlanProblem::responses
  uint16_t min = 0;       // contacts at least
  uint16_t max = 0;       // contacts at most (>= min)
  double stake = 0;       // >= 0; gain(n) = stake * responses[response].Lift(n)
};

struct PlanRep {
  uint64_t capacity = 0;  // contacts in the period
  double cost = 0;        // per contact, >= 0
};

enum class Goal {
  kBudget,  // the most gain within the budget (and the capacities)
  kTarget,  // the smallest budget whose plan reaches target_gain
  kHurdle,  // add contacts while the marginal gain per unit of cost is at least the hurdle
};

struct PlanProblem {
  std::vector<PlanCustomer> customers;
  std::vector<PlanRep> reps;
  std::vector<Response> responses;
  std::optional<double> budget;  // none: the capacities alone limit the plan
  Goal goal = Goal::kBudget;
  double target_gain = 0;  // kTarget
  double hurdle = 0;       // kHurdle: gain per unit of cost
  uint32_t curve_points = 41;  // points of the what-if curve (budget -> gain)
  size_t threads = 0;
};

// One point of the what-if curve: the best plan for a budget.
struct CurvePoint {
  double budget = 0;
  uint64_t contacts = 0;
  double gain = 0;
};

struct PlanSolution {
  std::vector<uint16_t> contacts;  // per customer
  double gain = 0;                 // expected total gain
  double cost = 0;                 // sum of cost * contacts
  uint64_t total_contacts = 0;
  double upper_bound = 0;  // no plan within the constraints gains more
  bool proven_optimal = false;  // upper_bound - gain <= 1e-9 * max(1, gain)
  // What binds: the budget; the reps whose plan fills their capacity; the customers held at
  // their minimum (whose gain alone would not earn the contact) or at their maximum.
  bool budget_binds = false;
  uint64_t reps_at_capacity = 0;
  uint64_t customers_at_min = 0;
  uint64_t customers_at_max = 0;
  double budget_used = 0;      // for kTarget: the smallest budget found; otherwise = cost
  double marginal_gain_per_cost = 0;  // of the last contact added (the plan's shadow price)
  bool target_reached = true;  // kTarget: false when even every capacity used falls short
  std::vector<CurvePoint> curve;  // gain as a function of the budget, from 0 to the capacities' cost
};

// Solves the problem. Throws core::Error(kInput) when the minimums cannot be met: a rep whose
// customers' minimums exceed its capacity (naming the rep's index; the caller renames), or
// minimums that cost more than the budget.
PlanSolution Optimize(const PlanProblem& problem);

// The expected gain and cost of any allocation (one count per customer).
double TotalGain(const PlanProblem& problem, std::span<const uint16_t> contacts);
double TotalCost(const PlanProblem& problem, std::span<const uint16_t> contacts);

// The watering can: `total` contacts spread as evenly as the constraints allow. Every customer gets
// the same number (within one), within its minimum and maximum and its rep's capacity; what a full
// rep cannot take goes to the others evenly.
std::vector<uint16_t> EvenSpread(const PlanProblem& problem, uint64_t total);

// Today's allocation scaled to `total` contacts: each customer's share of today's contacts
// (`current`, per customer and period, fractional), rounded by largest remainders, within its
// minimum and maximum and its rep's capacity.
std::vector<uint16_t> ScaleCurrent(const PlanProblem& problem, std::span<const double> current, uint64_t total);

}  // namespace winnow::plan
