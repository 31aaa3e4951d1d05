// The allocation of a period's contacts (plan/optimize.h states the problem and the guarantee).
//
// Stages of Optimize:
// 1. Checks, and the minimums: every customer starts at its minimum; what follows plans the
//    contacts beyond them ("extra" contacts).
// 2. Per rep, in parallel: F_r(N), the most gain of exactly N extra contacts, N = 0 .. K_r with
//    K_r <= capacity - minimums. Concave customers merge their marginal gains (a heap over the
//    customers, largest first; optimal for a separable concave objective under one capacity,
//    Federgruen & Groenevelt 1986, "The Greedy Procedure for Resource Allocation Problems:
//    Necessary and Sufficient Conditions for Optimality", Operations Research 34(6), 909-918).
//    S-shaped customers then join one at a time by max-plus convolution of their gain table with
//    the running table. The concave merge stops at the first marginal gain that is not positive,
//    so F_r never plans a contact that gains nothing. Then the vertices of F_r's upper concave
//    envelope with a rising slope.
// 3. Across reps: the envelope pieces of every rep, sorted by gain per unit of cost, walked in
//    that order (the greedy of the linear relaxation over the envelopes). A piece that does not
//    fit the budget gives the relaxation's bound (its fraction) and the plan the best whole
//    number of its contacts that fits (F_r at integer points); later pieces that still fit are
//    taken.
// 4. Per rep again, in parallel: the customers' contacts for the N chosen. A rep of concave
//    customers alone takes the first N contacts of its merge (kept from stage 2); a rep with
//    S-shaped customers is recomputed with back-pointers up to that N only, so memory holds one
//    rep's back-pointers per thread.
//
// The what-if curve walks the same order once: at each budget, the pieces that fit in order and
// the best whole number of contacts of the next one. It starts at the minimums' cost (no plan
// costs less) and ends at what every capacity costs; at the problem's own budget it shows the
// plan itself, and a plan for a smaller budget counts for every larger one, so it never falls.
//
// Costs: when every positive cost per contact is the same c, the walk counts in contacts (cost /
// c), and the budget becomes c * floor(budget / c): every plan's cost is a multiple of c, so no
// fraction of a contact is left over and the bound is exact for concave responses. Otherwise the
// walk counts money and treats a piece as fitting within 1e-12 of the budget (rounding).
#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "core/parallel.h"
#include "plan/optimize.h"

namespace winnow::plan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kFitSlack = 1e-12;  // relative: rounding of a sum of costs

[[noreturn]] void Fail(std::string message) { throw core::Error(core::ErrorKind::kInput, std::move(message)); }

// The problem's numbers in range; the minimums within each rep's capacity.
void Check(const PlanProblem& problem) {
  for (size_t rep_idx = 0; rep_idx < problem.reps.size(); ++rep_idx) {
    const double cost = problem.reps[rep_idx].cost;
    if (!std::isfinite(cost) || cost < 0)
      Fail(fmt::format("rep {}: the cost per contact must be >= 0, not {}", rep_idx, cost));
  }
  for (size_t response_idx = 0; response_idx < problem.responses.size(); ++response_idx) {
    const Response& r = problem.responses[response_idx];
    if (!(std::isfinite(r.amplitude) && r.amplitude >= 0 && std::isfinite(r.half) && r.half > 0 &&
          std::isfinite(r.shape) && r.shape > 0)) {
      Fail(fmt::format("response {}: needs amplitude >= 0, half > 0 and shape > 0, not {}, {}, {}", response_idx,
                       r.amplitude, r.half, r.shape));
    }
  }
  std::vector<uint64_t> min_sum(problem.reps.size(), 0);
  for (size_t customer_idx = 0; customer_idx < problem.customers.size(); ++customer_idx) {
    const PlanCustomer& c = problem.customers[customer_idx];
    if (c.rep >= problem.reps.size()) Fail(fmt::format("customer {}: no rep {}", customer_idx, c.rep));
    if (c.response >= problem.responses.size())
      Fail(fmt::format("customer {}: no response {}", customer_idx, c.response));
    if (c.min > c.max)
      Fail(fmt::format("customer {}: the minimum {} is above the maximum {}", customer_idx, c.min, c.max));
    if (!std::isfinite(c.stake) || c.stake < 0)
      Fail(fmt::format("customer {}: the stake must be >= 0, not {}", customer_idx, c.stake));
    min_sum[c.rep] += c.min;
  }
  for (size_t rep_idx = 0; rep_idx < problem.reps.size(); ++rep_idx) {
    if (min_sum[rep_idx] > problem.reps[rep_idx].capacity) {
      Fail(fmt::format("rep {}: the customers' minimums need {} contacts, its capacity is {}", rep_idx,
                       min_sum[rep_idx], problem.reps[rep_idx].capacity));
    }
  }
  if (problem.budget && (!std::isfinite(*problem.budget) || *problem.budget < 0)) {
    Fail(fmt::format("the budget must be >= 0, not {}", *problem.budget));
  }
}

// Customers grouped by rep, in customer order within a rep.
struct ByRep {
  std::vector<uint64_t> start;  // reps + 1 offsets into customers
  std::vector<uint32_t> customers;
  std::span<const uint32_t> Of(size_t rep_idx) const {
    return {customers.data() + start[rep_idx], customers.data() + start[rep_idx + 1]};
  }
};

ByRep GroupByRep(const PlanProblem& problem) {
  ByRep by_rep;
  by_rep.start.assign(problem.reps.size() + 1, 0);
  for (const PlanCustomer& c : problem.customers) ++by_rep.start[c.rep + 1];
  for (size_t rep_idx = 0; rep_idx < problem.reps.size(); ++rep_idx) by_rep.start[rep_idx + 1] += by_rep.start[rep_idx];
  by_rep.customers.resize(problem.customers.size());
  std::vector<uint64_t> next(by_rep.start.begin(), by_rep.start.end() - 1);
  for (size_t customer_idx = 0; customer_idx < problem.customers.size(); ++customer_idx) {
    by_rep.customers[next[problem.customers[customer_idx].rep]++] = static_cast<uint32_t>(customer_idx);
  }
  return by_rep;
}

double Gain(const PlanProblem& problem, const PlanCustomer& c, double contacts) {
  return c.stake * problem.responses[c.response].Lift(contacts);
}

// F_r(N) for N = 0 .. K (K <= limit): the most gain of exactly N contacts beyond the minimums
// among the rep's customers, relative to the minimums' gain. With `contacts` given, also writes
// the customers' contacts of the plan for N = limit (which must then be reachable, K = limit).
// `order` (when given) receives the concave customers in the order the merge gave them a contact,
// and `s_shaped_count` the number of S-shaped customers with something to gain.
std::vector<double> RepGains(const PlanProblem& problem, std::span<const uint32_t> customers, uint64_t limit,
                             uint16_t* contacts, std::vector<uint32_t>* order_out = nullptr,
                             size_t* s_shaped_count = nullptr) {
  std::vector<uint32_t> concave, s_shaped;
  uint64_t concave_range = 0;
  for (uint32_t customer_idx : customers) {
    const PlanCustomer& c = problem.customers[customer_idx];
    if (contacts) contacts[customer_idx] = c.min;
    const Response& response = problem.responses[c.response];
    if (c.max == c.min || c.stake == 0 || response.amplitude == 0) continue;  // nothing to gain
    if (response.Concave()) {
      concave.push_back(customer_idx);
      concave_range += c.max - c.min;
    } else {
      s_shaped.push_back(customer_idx);
    }
  }
  if (s_shaped_count) *s_shaped_count = s_shaped.size();
  if (limit == 0) return {0.0};

  // Concave customers: the largest marginal gains first, ties to the lower customer index.
  struct Next {
    double gain;  // of the customer's next contact
    double lift;  // the lift after it
    uint32_t customer;
    uint16_t count;  // the customer's contacts after it
  };
  auto after = [](const Next& a, const Next& b) {
    return a.gain < b.gain || (a.gain == b.gain && a.customer > b.customer);
  };
  std::vector<Next> heap;
  heap.reserve(concave.size());
  for (uint32_t customer_idx : concave) {
    const PlanCustomer& c = problem.customers[customer_idx];
    const Response& response = problem.responses[c.response];
    const double lift = response.Lift(c.min + 1);
    heap.push_back({c.stake * (lift - response.Lift(c.min)), lift, customer_idx, static_cast<uint16_t>(c.min + 1)});
  }
  std::make_heap(heap.begin(), heap.end(), after);
  const uint64_t concave_limit = std::min(limit, concave_range);
  std::vector<double> table{0.0};
  table.reserve(concave_limit + 1);
  std::vector<uint32_t> local_order;
  std::vector<uint32_t>& order = order_out ? *order_out : local_order;
  order.clear();
  const bool record = contacts || order_out;
  while (table.size() <= concave_limit && !heap.empty() && heap.front().gain > 0) {
    std::pop_heap(heap.begin(), heap.end(), after);
    Next& top = heap.back();
    table.push_back(table.back() + top.gain);
    if (record) order.push_back(top.customer);
    const PlanCustomer& c = problem.customers[top.customer];
    if (top.count < c.max) {
      const double lift = problem.responses[c.response].Lift(top.count + 1);
      top.gain = c.stake * (lift - top.lift);
      top.lift = lift;
      ++top.count;
      std::push_heap(heap.begin(), heap.end(), after);
    } else {
      heap.pop_back();
    }
  }

  // S-shaped customers: table'(N) = max_k table(N - k) + gain(k), the smallest k on ties.
  std::vector<std::vector<uint16_t>> choices(contacts ? s_shaped.size() : 0);
  std::vector<double> next, gains;
  for (size_t s_idx = 0; s_idx < s_shaped.size(); ++s_idx) {
    const PlanCustomer& c = problem.customers[s_shaped[s_idx]];
    const Response& response = problem.responses[c.response];
    const size_t range = c.max - c.min;
    const double lift_min = response.Lift(c.min);
    gains.resize(range + 1);
    for (size_t k = 0; k <= range; ++k) gains[k] = c.stake * (response.Lift(static_cast<double>(c.min + k)) - lift_min);
    gains[0] = 0;
    const size_t size = table.size();
    const size_t next_size = static_cast<size_t>(std::min<uint64_t>(limit, size - 1 + range)) + 1;
    next.assign(next_size, -kInf);
    uint16_t* choice = nullptr;
    if (contacts) {
      choices[s_idx].assign(next_size, 0);
      choice = choices[s_idx].data();
    }
    for (size_t k = 0; k <= range && k < next_size; ++k) {
      const double g = gains[k];
      const size_t end = std::min(size, next_size - k);
      double* out = next.data() + k;
      const double* in = table.data();
      if (choice) {
        uint16_t* arg = choice + k;
        for (size_t m = 0; m < end; ++m) {
          const double candidate = in[m] + g;
          if (candidate > out[m]) {
            out[m] = candidate;
            arg[m] = static_cast<uint16_t>(k);
          }
        }
      } else {
        for (size_t m = 0; m < end; ++m) out[m] = std::max(out[m], in[m] + g);
      }
    }
    table.swap(next);
  }

  if (contacts) {
    assert(table.size() == limit + 1);
    uint64_t remaining = limit;
    for (size_t s_idx = s_shaped.size(); s_idx-- > 0;) {
      const uint16_t k = choices[s_idx][remaining];
      contacts[s_shaped[s_idx]] = static_cast<uint16_t>(problem.customers[s_shaped[s_idx]].min + k);
      remaining -= k;
    }
    assert(remaining <= order.size());
    for (size_t pop = 0; pop < remaining; ++pop) ++contacts[order[pop]];
  }
  return table;
}

double Slope(const std::vector<double>& f, uint32_t a, uint32_t b) {
  return (f[b] - f[a]) / static_cast<double>(b - a);
}

// The vertices of f's upper concave envelope, from 0 up to the last one after which it rises.
// Collinear points are dropped, so the computed slopes strictly decrease along the vertices.
std::vector<uint32_t> RisingHull(const std::vector<double>& f) {
  std::vector<uint32_t> hull;
  for (uint32_t n = 0; n < f.size(); ++n) {
    while (hull.size() >= 2 && Slope(f, hull[hull.size() - 2], hull.back()) <= Slope(f, hull.back(), n))
      hull.pop_back();
    hull.push_back(n);
  }
  while (hull.size() >= 2 && !(Slope(f, hull[hull.size() - 2], hull.back()) > 0)) hull.pop_back();
  return hull;
}

struct RepTable {
  std::vector<double> f;
  std::vector<uint32_t> hull;
  std::vector<uint32_t> order;  // the concave merge's order (RepGains)
  bool s_shaped = false;        // some S-shaped customer: the contacts need the DP's back-pointers
};

// One envelope piece: rep's hull vertices piece and piece + 1.
struct Piece {
  double ratio;  // gain per unit of money (infinite at cost 0)
  uint32_t rep;
  uint32_t piece;
};

// The walk over the pieces in the greedy order.
class Walker {
 public:
  Walker(const std::vector<RepTable>& tables, const std::vector<Piece>& pieces, const std::vector<double>& units,
         const std::vector<double>& costs)
      : tables_(tables), pieces_(pieces), units_(units), costs_(costs) {}

  struct Plan {
    std::vector<uint64_t> at;  // per rep: extra contacts
    double gain = 0;           // beyond the minimums (sum of F_r)
    double spent = 0;          // in units
    uint64_t contacts = 0;
    double bound = 0;  // the relaxation's value at the plan's budget
    bool budget_binds = false;
    bool any = false;
    bool first_partial = false;  // some contacts of the first piece that did not fit taken
    double last_ratio = 0;       // gain per money of the last contacts added
  };

  // The most gain within `budget` units (infinite: none), taking only pieces whose gain per unit
  // of money is at least `hurdle`: the better of two walks, with and without the whole contacts
  // of the first piece that does not fit (for an S-shaped rep they may gain little for their cost).
  Plan Budget(double budget, double hurdle, double slack) const {
    Plan with = Walk(budget, hurdle, slack, true);
    if (!with.first_partial) return with;
    Plan without = Walk(budget, hurdle, slack, false);
    return without.gain > with.gain ? without : with;
  }

  Plan Walk(double budget, double hurdle, double slack, bool partial_first) const {
    Plan plan = Empty();
    std::vector<char> blocked(tables_.size(), 0);
    for (const Piece& piece : pieces_) {
      if (piece.ratio < hurdle) break;
      if (blocked[piece.rep]) continue;
      const auto [a, b] = Ends(piece);
      const std::vector<double>& f = tables_[piece.rep].f;
      assert(plan.at[piece.rep] == a);
      const double unit = units_[piece.rep];
      const double piece_cost = static_cast<double>(b - a) * unit;
      if (plan.spent + piece_cost <= budget + slack) {
        Take(plan, piece.rep, a, b, piece.ratio);
        continue;
      }
      blocked[piece.rep] = 1;
      const bool first = !plan.budget_binds;
      if (first) {
        plan.budget_binds = true;
        plan.bound = plan.gain + (budget - plan.spent) / piece_cost * (f[b] - f[a]);
        if (!partial_first) continue;
      }
      const double room = std::max(0.0, budget + slack - plan.spent);
      uint32_t n = static_cast<uint32_t>(std::min<double>(std::floor(room / unit), b - a - 1));
      while (n > 0 && f[a + n - 1] >= f[a + n]) --n;
      if (n == 0 || !(f[a + n] > f[a])) continue;
      const double ratio = (f[a + n] - f[a]) / (n * costs_[piece.rep]);
      if (ratio < hurdle) continue;
      Take(plan, piece.rep, a, a + n, ratio);
      plan.first_partial = plan.first_partial || first;
    }
    if (!plan.budget_binds) plan.bound = plan.gain;
    return plan;
  }

  // The first point of the greedy order whose gain reaches `need`; reached = false when even the
  // last one falls short (then every piece is taken).
  Plan Target(double need, bool& reached) const {
    Plan plan = Empty();
    reached = need <= 0;
    if (reached) return plan;
    for (const Piece& piece : pieces_) {
      const auto [a, b] = Ends(piece);
      const std::vector<double>& f = tables_[piece.rep].f;
      if (plan.gain + (f[b] - f[a]) < need) {
        Take(plan, piece.rep, a, b, piece.ratio);
        continue;
      }
      uint32_t n = 1;
      while (plan.gain + (f[a + n] - f[a]) < need) ++n;
      const double full_gain = f[b] - f[a];
      const double before = plan.gain;
      const double ratio = costs_[piece.rep] > 0 ? (f[a + n] - f[a]) / (n * costs_[piece.rep]) : kInf;
      Take(plan, piece.rep, a, a + n, ratio);
      // The relaxation at this budget: the same fraction of the piece (all of it at cost 0).
      plan.bound = units_[piece.rep] > 0 ? before + full_gain * n / static_cast<double>(b - a) : before + full_gain;
      reached = true;
      return plan;
    }
    plan.bound = plan.gain;
    return plan;
  }

  // The greedy order's plan for each budget (ascending, in units): the pieces that fit in order,
  // then the best whole number of contacts of the next piece.
  struct Point {
    double gain = 0;
    uint64_t contacts = 0;
  };
  std::vector<Point> Curve(const std::vector<double>& budgets, double slack) const {
    std::vector<Point> points;
    size_t next = 0;
    double spent = 0, gain = 0;
    uint64_t contacts = 0;
    for (double budget : budgets) {
      while (next < pieces_.size()) {
        const auto [a, b] = Ends(pieces_[next]);
        const uint32_t rep = pieces_[next].rep;
        const double piece_cost = static_cast<double>(b - a) * units_[rep];
        if (spent + piece_cost > budget + slack) break;
        spent += piece_cost;
        gain += tables_[rep].f[b] - tables_[rep].f[a];
        contacts += b - a;
        ++next;
      }
      Point point{gain, contacts};
      if (next < pieces_.size() && budget + slack >= spent) {
        const auto [a, b] = Ends(pieces_[next]);
        const std::vector<double>& f = tables_[pieces_[next].rep].f;
        uint32_t n = static_cast<uint32_t>(
            std::min<double>(std::floor((budget + slack - spent) / units_[pieces_[next].rep]), b - a - 1));
        while (n > 0 && f[a + n - 1] >= f[a + n]) --n;
        if (f[a + n] > f[a]) {
          point.gain += f[a + n] - f[a];
          point.contacts += n;
        }
      }
      points.push_back(point);
    }
    return points;
  }

 private:
  Plan Empty() const {
    Plan plan;
    plan.at.assign(tables_.size(), 0);
    return plan;
  }
  std::pair<uint32_t, uint32_t> Ends(const Piece& piece) const {
    const std::vector<uint32_t>& hull = tables_[piece.rep].hull;
    return {hull[piece.piece], hull[piece.piece + 1]};
  }
  void Take(Plan& plan, uint32_t rep, uint32_t a, uint32_t b, double ratio) const {
    const std::vector<double>& f = tables_[rep].f;
    plan.at[rep] = b;
    plan.gain += f[b] - f[a];
    plan.spent += static_cast<double>(b - a) * units_[rep];
    plan.contacts += b - a;
    plan.any = true;
    plan.last_ratio = ratio;
  }

  const std::vector<RepTable>& tables_;
  const std::vector<Piece>& pieces_;
  const std::vector<double>& units_;
  const std::vector<double>& costs_;
};

}  // namespace

PlanSolution Optimize(const PlanProblem& problem) {
  Check(problem);
  const size_t reps = problem.reps.size();
  const size_t threads = core::ThreadCount(problem.threads);
  const ByRep by_rep = GroupByRep(problem);

  // Costs in units: one contact when every positive cost is the same, money otherwise.
  double scale = 0;
  bool equal_costs = true;
  for (const PlanRep& rep : problem.reps) {
    if (rep.cost <= 0) continue;
    if (scale == 0)
      scale = rep.cost;
    else if (rep.cost != scale)
      equal_costs = false;
  }
  if (!equal_costs || scale == 0) scale = 1;
  std::vector<double> units(reps), costs(reps);
  for (size_t rep_idx = 0; rep_idx < reps; ++rep_idx) {
    costs[rep_idx] = problem.reps[rep_idx].cost;
    units[rep_idx] = equal_costs ? (costs[rep_idx] > 0 ? 1.0 : 0.0) : costs[rep_idx];
  }

  // Per rep: the minimums, F_r and its envelope.
  std::vector<RepTable> tables(reps);
  std::vector<uint64_t> rep_min(reps, 0);
  std::vector<double> rep_base(reps, 0);
  core::ParallelFor(reps, threads, [&](size_t rep_idx) {
    uint64_t min_sum = 0, range = 0;
    double base = 0;
    for (uint32_t customer_idx : by_rep.Of(rep_idx)) {
      const PlanCustomer& c = problem.customers[customer_idx];
      min_sum += c.min;
      range += c.max - c.min;
      if (c.min > 0) base += Gain(problem, c, c.min);
    }
    rep_min[rep_idx] = min_sum;
    rep_base[rep_idx] = base;
    const uint64_t limit = std::min(problem.reps[rep_idx].capacity - min_sum, range);
    RepTable& table = tables[rep_idx];
    size_t s_shaped = 0;
    table.f = RepGains(problem, by_rep.Of(rep_idx), limit, nullptr, &table.order, &s_shaped);
    table.s_shaped = s_shaped > 0;
    table.hull = RisingHull(table.f);
  });
  double base_gain = 0, min_units = 0, min_cost = 0;
  uint64_t min_contacts = 0;
  for (size_t rep_idx = 0; rep_idx < reps; ++rep_idx) {
    base_gain += rep_base[rep_idx];
    min_units += static_cast<double>(rep_min[rep_idx]) * units[rep_idx];
    min_cost += static_cast<double>(rep_min[rep_idx]) * costs[rep_idx];
    min_contacts += rep_min[rep_idx];
  }

  // Money to units: whole contacts when the costs are equal.
  auto to_units = [&](double money) {
    if (!equal_costs) return money;
    return std::floor(money / scale * (1 + kFitSlack));
  };
  const double slack = equal_costs ? 0.0 : kFitSlack;
  double budget_units = kInf;
  if (problem.budget) {
    budget_units = to_units(*problem.budget);
    if (min_units > budget_units + slack * std::max(1.0, budget_units)) {
      Fail(fmt::format("the customers' minimums cost {:.10g}, more than the budget of {:.10g}", min_cost,
                       *problem.budget));
    }
  }

  // The pieces of every envelope in the greedy order: gain per money, then rep, then piece.
  // Sorted in groups of reps (one per thread), then merged pairwise; the merge takes the lower
  // group first on equal ratios, so the order is the same for any number of groups.
  const size_t groups = std::min(reps, threads);
  std::vector<std::vector<Piece>> sorted(groups);
  core::ParallelFor(groups, threads, [&](size_t group) {
    const size_t rep_begin = reps * group / groups, rep_end = reps * (group + 1) / groups;
    size_t count = 0;
    for (size_t rep_idx = rep_begin; rep_idx < rep_end; ++rep_idx) count += tables[rep_idx].hull.size() - 1;
    std::vector<Piece>& pieces = sorted[group];
    pieces.reserve(count);
    for (size_t rep_idx = rep_begin; rep_idx < rep_end; ++rep_idx) {
      const RepTable& table = tables[rep_idx];
      for (uint32_t piece = 0; piece + 1 < table.hull.size(); ++piece) {
        const double slope = Slope(table.f, table.hull[piece], table.hull[piece + 1]);
        pieces.push_back({costs[rep_idx] > 0 ? slope / costs[rep_idx] : kInf, static_cast<uint32_t>(rep_idx), piece});
      }
    }
    std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
      if (a.ratio != b.ratio) return a.ratio > b.ratio;
      return a.rep != b.rep ? a.rep < b.rep : a.piece < b.piece;
    });
  });
  while (sorted.size() > 1) {
    std::vector<std::vector<Piece>> merged((sorted.size() + 1) / 2);
    core::ParallelFor(merged.size(), threads, [&](size_t pair) {
      if (2 * pair + 1 == sorted.size()) {
        merged[pair] = std::move(sorted[2 * pair]);
        return;
      }
      const std::vector<Piece>& first = sorted[2 * pair];
      const std::vector<Piece>& second = sorted[2 * pair + 1];
      merged[pair].resize(first.size() + second.size());
      std::merge(first.begin(), first.end(), second.begin(), second.end(), merged[pair].begin(),
                 [](const Piece& a, const Piece& b) { return a.ratio > b.ratio; });
    });
    sorted.swap(merged);
  }
  std::vector<Piece> pieces = sorted.empty() ? std::vector<Piece>() : std::move(sorted[0]);

  const Walker walker(tables, pieces, units, costs);
  const double extra_budget = budget_units - min_units;  // infinite without a budget
  const double walk_slack = slack * std::max(1.0, std::isfinite(budget_units) ? budget_units : 1.0);
  PlanSolution solution;
  Walker::Plan plan;
  switch (problem.goal) {
    case Goal::kBudget:
      plan = walker.Budget(extra_budget, -kInf, walk_slack);
      break;
    case Goal::kHurdle:
      plan = walker.Budget(extra_budget, problem.hurdle, walk_slack);
      break;
    case Goal::kTarget: {
      bool reached = false;
      plan = walker.Target(problem.target_gain - base_gain, reached);
      if (problem.budget && (!reached || plan.spent > extra_budget + walk_slack)) {
        plan = walker.Budget(extra_budget, -kInf, walk_slack);
        reached = base_gain + plan.gain >= problem.target_gain;
      }
      solution.target_reached = reached;
      break;
    }
  }

  solution.contacts.resize(problem.customers.size());
  std::vector<double> rep_cost(reps, 0);
  std::vector<uint64_t> rep_total(reps, 0), rep_at_min(reps, 0), rep_at_max(reps, 0);
  const double shadow = plan.last_ratio;
  core::ParallelFor(reps, threads, [&](size_t rep_idx) {
    if (tables[rep_idx].s_shaped) {
      RepGains(problem, by_rep.Of(rep_idx), plan.at[rep_idx], solution.contacts.data());
    } else {  // concave alone: the first at[r] contacts of the merge
      for (uint32_t customer_idx : by_rep.Of(rep_idx))
        solution.contacts[customer_idx] = problem.customers[customer_idx].min;
      for (uint64_t pop = 0; pop < plan.at[rep_idx]; ++pop) ++solution.contacts[tables[rep_idx].order[pop]];
    }
    std::vector<uint32_t>().swap(tables[rep_idx].order);
    uint64_t total = 0, at_min = 0, at_max = 0;
    for (uint32_t customer_idx : by_rep.Of(rep_idx)) {
      const PlanCustomer& c = problem.customers[customer_idx];
      const uint16_t n = solution.contacts[customer_idx];
      total += n;
      if (c.min == c.max) continue;  // fixed: held by neither
      if (n == c.max) ++at_max;
      if (n == c.min && c.min > 0) {
        // Held at the minimum: the next contact would not be worth it at the plan's margin (or
        // the plan added nothing beyond the minimums).
        const double next_gain = Gain(problem, c, n + 1) - Gain(problem, c, n);
        const double next_ratio = costs[rep_idx] > 0 ? next_gain / costs[rep_idx] : (next_gain > 0 ? kInf : 0);
        if (!plan.any || next_ratio < shadow) ++at_min;
      }
    }
    rep_total[rep_idx] = total;
    rep_cost[rep_idx] = static_cast<double>(total) * costs[rep_idx];
    rep_at_min[rep_idx] = at_min;
    rep_at_max[rep_idx] = at_max;
  });
  for (size_t rep_idx = 0; rep_idx < reps; ++rep_idx) {
    solution.cost += rep_cost[rep_idx];
    solution.total_contacts += rep_total[rep_idx];
    solution.customers_at_min += rep_at_min[rep_idx];
    solution.customers_at_max += rep_at_max[rep_idx];
    const uint64_t capacity = problem.reps[rep_idx].capacity;
    if (capacity > 0 && rep_total[rep_idx] == capacity) ++solution.reps_at_capacity;
  }
  // The gain as the rep tables count it (the sum over customers differs by rounding alone).
  solution.gain = base_gain + plan.gain;
  solution.upper_bound = base_gain + plan.bound;
  solution.proven_optimal = solution.upper_bound - solution.gain <= 1e-9 * std::max(1.0, solution.gain);
  solution.upper_bound = std::max(solution.upper_bound, solution.gain);
  solution.budget_binds = plan.budget_binds;
  solution.budget_used = solution.cost;
  solution.marginal_gain_per_cost = plan.last_ratio;

  // The what-if curve: from the minimums' cost (the least budget with a plan) to the cost of
  // every capacity, and the problem's budget.
  if (problem.curve_points > 0) {
    double full_cost = 0;
    for (const PlanRep& rep : problem.reps) full_cost += rep.cost * static_cast<double>(rep.capacity);
    std::vector<double> budgets;
    const uint32_t count = full_cost > min_cost ? std::max<uint32_t>(problem.curve_points, 2) : 1;
    for (uint32_t point = 0; point < count; ++point) {
      budgets.push_back(point + 1 == count && count > 1
                            ? full_cost
                            : min_cost + (full_cost - min_cost) * point / std::max(1u, count - 1));
    }
    if (problem.budget && std::find(budgets.begin(), budgets.end(), *problem.budget) == budgets.end()) {
      budgets.insert(std::upper_bound(budgets.begin(), budgets.end(), *problem.budget), *problem.budget);
    }
    std::vector<double> unit_budgets;
    for (double budget : budgets) unit_budgets.push_back(to_units(budget) - min_units);
    const std::vector<Walker::Point> points = walker.Curve(unit_budgets, walk_slack);
    CurvePoint best{0, min_contacts, base_gain};
    for (size_t point = 0; point < budgets.size(); ++point) {
      CurvePoint here{budgets[point], min_contacts + points[point].contacts, base_gain + points[point].gain};
      // At the problem's own budget, the plan itself (which may fill in after the first piece
      // that did not fit); a plan for a smaller budget stays feasible for a larger one.
      if (problem.goal == Goal::kBudget && problem.budget && budgets[point] == *problem.budget &&
          base_gain + plan.gain > here.gain) {
        here.gain = base_gain + plan.gain;
        here.contacts = min_contacts + plan.contacts;
      }
      if (here.gain < best.gain) {
        here.gain = best.gain;
        here.contacts = best.contacts;
      }
      best = here;
      solution.curve.push_back(here);
    }
  }
  return solution;
}

double TotalGain(const PlanProblem& problem, std::span<const uint16_t> contacts) {
  double gain = 0;
  for (size_t customer_idx = 0; customer_idx < contacts.size(); ++customer_idx) {
    if (contacts[customer_idx] > 0) gain += Gain(problem, problem.customers[customer_idx], contacts[customer_idx]);
  }
  return gain;
}

double TotalCost(const PlanProblem& problem, std::span<const uint16_t> contacts) {
  double cost = 0;
  for (size_t customer_idx = 0; customer_idx < contacts.size(); ++customer_idx) {
    cost += problem.reps[problem.customers[customer_idx].rep].cost * contacts[customer_idx];
  }
  return cost;
}

namespace {

uint64_t Clamp(const PlanCustomer& c, uint64_t level) { return std::clamp<uint64_t>(level, c.min, c.max); }

// The rep's total when every customer gets `level` within its minimum and maximum.
uint64_t LevelTotal(const PlanProblem& problem, std::span<const uint32_t> customers, uint64_t level) {
  uint64_t total = 0;
  for (uint32_t customer_idx : customers) total += Clamp(problem.customers[customer_idx], level);
  return total;
}

}  // namespace

// Water-filling: the highest common level L whose total fits, reps that cannot take L at their
// own highest level (plus one for the first customers), then one more for the first customers
// (by index) that can still take one.
std::vector<uint16_t> EvenSpread(const PlanProblem& problem, uint64_t total) {
  Check(problem);
  const ByRep by_rep = GroupByRep(problem);
  const size_t reps = problem.reps.size();
  auto spread_total = [&](uint64_t level) {
    uint64_t sum = 0;
    for (size_t rep_idx = 0; rep_idx < reps; ++rep_idx) {
      sum += std::min(LevelTotal(problem, by_rep.Of(rep_idx), level), problem.reps[rep_idx].capacity);
    }
    return sum;
  };
  constexpr uint64_t kTop = std::numeric_limits<uint16_t>::max();
  uint64_t lo = 0, hi = kTop;  // the largest level whose total fits: in [lo, hi]
  if (spread_total(hi) <= total) {
    lo = hi;
  } else {
    while (lo < hi) {
      const uint64_t mid = (lo + hi + 1) / 2;
      if (spread_total(mid) <= total)
        lo = mid;
      else
        hi = mid - 1;
    }
  }
  const uint64_t level = lo;
  std::vector<uint16_t> contacts(problem.customers.size());
  std::vector<uint64_t> room(reps);
  uint64_t given = 0;
  for (size_t rep_idx = 0; rep_idx < reps; ++rep_idx) {
    const std::span<const uint32_t> customers = by_rep.Of(rep_idx);
    const uint64_t capacity = problem.reps[rep_idx].capacity;
    uint64_t rep_level = level;
    if (LevelTotal(problem, customers, level) > capacity) {
      uint64_t a = 0, b = level;
      while (a < b) {
        const uint64_t mid = (a + b + 1) / 2;
        if (LevelTotal(problem, customers, mid) <= capacity)
          a = mid;
        else
          b = mid - 1;
      }
      rep_level = a;
    }
    uint64_t rep_total = 0;
    for (uint32_t customer_idx : customers) {
      contacts[customer_idx] = static_cast<uint16_t>(Clamp(problem.customers[customer_idx], rep_level));
      rep_total += contacts[customer_idx];
    }
    if (rep_level < level) {  // a full rep: the rest of its capacity to its first customers
      for (uint32_t customer_idx : customers) {
        if (rep_total >= capacity) break;
        const PlanCustomer& c = problem.customers[customer_idx];
        if (contacts[customer_idx] == rep_level && rep_level >= c.min && rep_level < c.max) {
          ++contacts[customer_idx];
          ++rep_total;
        }
      }
    }
    room[rep_idx] = capacity - std::min(capacity, rep_total);
    given += rep_total;
  }
  for (size_t customer_idx = 0; customer_idx < contacts.size() && given < total; ++customer_idx) {
    const PlanCustomer& c = problem.customers[customer_idx];
    if (room[c.rep] > 0 && contacts[customer_idx] == level && level >= c.min && level < c.max) {
      ++contacts[customer_idx];
      --room[c.rep];
      ++given;
    }
  }
  return contacts;
}

// current_i * t within the minimum and maximum, each rep's sum within its capacity (the rep's own
// smaller t where the common one overfills it); t by bisection so that the sum is `total` (or
// the most the constraints allow); then whole numbers by largest remainders (ties to the lower
// customer index). Customers without current contacts stay at their minimum.
std::vector<uint16_t> ScaleCurrent(const PlanProblem& problem, std::span<const double> current, uint64_t total) {
  Check(problem);
  if (current.size() != problem.customers.size()) {
    Fail(fmt::format("{} current contact counts for {} customers", current.size(), problem.customers.size()));
  }
  double current_sum = 0;
  for (double x : current) {
    if (!std::isfinite(x) || x < 0) Fail(fmt::format("current contacts must be >= 0, not {}", x));
    current_sum += x;
  }
  if (current_sum <= 0) return EvenSpread(problem, total);
  const ByRep by_rep = GroupByRep(problem);
  const size_t reps = problem.reps.size();
  auto share = [&](uint32_t customer_idx, double t) {
    const PlanCustomer& c = problem.customers[customer_idx];
    return std::clamp(t * current[customer_idx], static_cast<double>(c.min), static_cast<double>(c.max));
  };
  auto rep_sum = [&](size_t rep_idx, double t) {
    double sum = 0;
    for (uint32_t customer_idx : by_rep.Of(rep_idx)) sum += share(customer_idx, t);
    return sum;
  };
  auto sum_at = [&](double t) {
    double sum = 0;
    for (size_t rep_idx = 0; rep_idx < reps; ++rep_idx) {
      sum += std::min(rep_sum(rep_idx, t), static_cast<double>(problem.reps[rep_idx].capacity));
    }
    return sum;
  };
  // The smallest t at which every share reaches its maximum bounds the search.
  double top = 0;
  for (size_t customer_idx = 0; customer_idx < current.size(); ++customer_idx) {
    if (current[customer_idx] > 0) top = std::max(top, problem.customers[customer_idx].max / current[customer_idx]);
  }
  const double target = std::min(static_cast<double>(total), sum_at(top));
  double lo = 0, hi = top;
  for (int iteration = 0; iteration < 64; ++iteration) {
    const double mid = 0.5 * (lo + hi);
    (sum_at(mid) <= target ? lo : hi) = mid;
  }
  std::vector<uint16_t> contacts(problem.customers.size());
  std::vector<double> remainder(problem.customers.size(), -1);
  std::vector<uint64_t> room(reps);
  uint64_t given = 0;
  for (size_t rep_idx = 0; rep_idx < reps; ++rep_idx) {
    const double capacity = static_cast<double>(problem.reps[rep_idx].capacity);
    double t = lo;
    if (rep_sum(rep_idx, t) > capacity) {
      double a = 0, b = t;
      for (int iteration = 0; iteration < 64; ++iteration) {
        const double mid = 0.5 * (a + b);
        (rep_sum(rep_idx, mid) <= capacity ? a : b) = mid;
      }
      t = a;
    }
    uint64_t rep_total = 0;
    for (uint32_t customer_idx : by_rep.Of(rep_idx)) {
      const double y = share(customer_idx, t);
      contacts[customer_idx] = static_cast<uint16_t>(std::floor(y));
      if (current[customer_idx] > 0) remainder[customer_idx] = y - contacts[customer_idx];
      rep_total += contacts[customer_idx];
    }
    room[rep_idx] = problem.reps[rep_idx].capacity - rep_total;
    given += rep_total;
  }
  std::vector<uint32_t> order;
  for (size_t customer_idx = 0; customer_idx < current.size(); ++customer_idx) {
    if (remainder[customer_idx] >= 0) order.push_back(static_cast<uint32_t>(customer_idx));
  }
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return remainder[a] > remainder[b]; });
  const uint64_t goal = static_cast<uint64_t>(std::llround(target));
  bool progress = true;
  while (given < goal && progress) {
    progress = false;
    for (uint32_t customer_idx : order) {
      if (given >= goal) break;
      const PlanCustomer& c = problem.customers[customer_idx];
      if (contacts[customer_idx] < c.max && room[c.rep] > 0) {
        ++contacts[customer_idx];
        --room[c.rep];
        ++given;
        progress = true;
      }
    }
  }
  return contacts;
}

}  // namespace winnow::plan
