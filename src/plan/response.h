// How a customer's value answers contacts (calls, visits) within one planning period, and where
// that answer comes from: a user's judgment in CALLPLAN's form, or an estimate from the history of
// contacts and revenue.
//
// The response (ADBUDG, Little 1970, "Models and Managers: The Concept of a Decision Calculus",
// Management Science 16(8), B466-B485; used per account by Lodish 1971, "CALLPLAN: An Interactive
// Salesman's Call Planning System", Management Science 18(4), P25-P40):
//
//   r(x) = b + (a - b) x^c / (d + x^c),   x = contacts / contacts at the current level,
//
// the period's result as an index of today's (r(1) = 1). winnow keeps the part contacts add:
//
//   lift(n) = amplitude * n^shape / (half^shape + n^shape),   amplitude = a - b,
//                                                              half = current * d^(1/c), shape = c,
//
// and the expected extra value of n contacts to a customer is stake * lift(n), where the stake is
// the customer's value in the period at today's level of contact (project/stages/plan.h says which
// value). lift is concave in n for shape <= 1 and S-shaped (convex, then concave) for shape > 1.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace winnow::plan {

struct Response {
  double amplitude = 0;  // a - b >= 0: the share of the stake contacts add at saturation
  double half = 1;       // > 0: contacts at which half the amplitude is reached
  double shape = 1;      // > 0: <= 1 concave, > 1 S-shaped

  // amplitude * n^shape / (half^shape + n^shape); 0 at n = 0.
  double Lift(double contacts) const;
  bool Concave() const { return shape <= 1; }
};

// CALLPLAN's four points, per tier or type, as an index of the period's result today (1 at the
// current level of contact).
struct Judgment {
  double at_zero = 0.8;         // b: the result with no contact, in [0, 1)
  double at_plus_50 = 1.05;     // r(1.5): with 50 % more contacts than today, in (1, at_saturation)
  double at_saturation = 1.15;  // a: with unlimited contacts
  double current = 2;           // contacts per period at today's level, > 0
};

// The ADBUDG curve through the judgment's points:
//   d = (a - 1) / (1 - b)                              from r(1) = 1
//   c = ln(d (r15 - b) / (a - r15)) / ln(1.5)          from r(1.5) = r15
//   Response{a - b, current * d^(1/c), c}.
// Throws core::Error(kConfig) with the message prefixed by `where` (e.g. "plan.judgment[2]")
// unless 0 <= b < 1 < r15 < a and current > 0.
Response FromJudgment(const Judgment& judgment, const std::string& where);

// One cell of the history panel: a customer's contacts and revenue in one past period.
struct PanelRow {
  uint32_t customer = 0;  // any dense index
  uint32_t period = 0;    // 0 .. periods-1
  double contacts = 0;
  double revenue = 0;
};

struct EstimateOptions {
  uint64_t min_customers = 100;  // customers whose contacts vary between their periods
  double min_within_sd = 0.25;   // within-customer standard deviation of contacts
  double max_relative_se = 0.5;  // amplitude's standard error / amplitude at most this
  int bootstrap = 50;            // resamples of customers for the standard errors
  uint64_t seed = 1;
  size_t threads = 0;
  std::string period_name = "periods";  // what the reason calls the periods, plural ("quarters")
};

// The estimate from a history panel, with what it rests on.
struct Estimate {
  bool usable = false;  // enough variation and precision to plan with
  std::string reason;   // why it is or is not used, in words
  Response response;    // the fitted curve (meaningful when the fit ran)
  double amplitude_se = 0;
  double half_se = 0;
  double shape_se = 0;
  // The lift at today's mean level of contact and at 1.5 times it, with bootstrap 90 % intervals.
  double mean_contacts = 0;
  double lift_at_mean = 0, lift_at_mean_low = 0, lift_at_mean_high = 0;
  double lift_at_plus_50 = 0, lift_at_plus_50_low = 0, lift_at_plus_50_high = 0;
  // The data: customers and cells used, the within-customer standard deviation of contacts, the
  // share of within-customer variance of relative revenue the curve explains.
  uint64_t customers = 0, rows = 0;
  double within_sd = 0;
  double r2_within = 0;
  // What a pooled regression that ignores who the customer is would say: the slope of revenue
  // (relative to the mean customer's) on contacts. Reps who call more on better accounts make it
  // large; the estimate above does not use it.
  double pooled_slope = 0;
  double within_slope = 0;  // the same slope within customers (linear, for comparison; net of
                            // period effects like the estimate)
};

// Estimates the lift from how each customer's revenue moves with its contacts over time:
//   z_it = revenue_it / mean_t(revenue_it)      (relative revenue; customers with mean 0 dropped)
//   z_it = alpha_i + tau_t + lift(n_it) + e_it  (customer and period fixed effects)
// solved by least squares on the two-way demeaned panel (alternating projections for an
// unbalanced panel), amplitude in closed form for each (half, shape) on a grid refined around
// the best point; standard errors and intervals from a bootstrap over customers. Because only
// variation within a customer identifies the curve, reps who call more on their best accounts do
// not make contacts look more effective than they are.
// Rows with contacts below 0 or not finite, or revenue not finite, are left out. An estimate is
// usable only with a bootstrap (options.bootstrap >= 2) to measure its precision. Throws
// core::Error(kInput) for more than 1,000 periods (period >= 1000) or 2^32 - 1 rows.
Estimate EstimateResponse(std::span<const PanelRow> rows, const EstimateOptions& options);

}  // namespace winnow::plan
