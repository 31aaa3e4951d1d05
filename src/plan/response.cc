// The response to contacts: ADBUDG's lift, CALLPLAN's judgment, and the two-way fixed-effects
// estimate from the history (plan/response.h).
#include "plan/response.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "core/error.h"
#include "core/parallel.h"

namespace winnow::plan {
namespace {

// 1 / (1 + exp(-t)) for any t without overflow.
double Logistic(double t) {
  if (t >= 0) return 1 / (1 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1 + e);
}

// 2410 -> "2,410".
std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Linear-interpolation quantile (type 7) of a sorted sample.
double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double StandardDeviation(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  return std::sqrt(ss / static_cast<double>(values.size() - 1));
}

// --- The estimator's pieces -------------------------------------------------------------------
//
// The model (Wooldridge 2010, Econometric Analysis of Cross Section and Panel Data, 2nd ed.,
// ch. 10, the fixed-effects or "within" estimator, here with customer and period effects):
//
//   z_it = alpha_i + tau_t + A * u(n_it; h, c) + e_it,   u(n; h, c) = n^c / (h^c + n^c),
//
// z_it = revenue_it / mean_t(revenue_it) is revenue as an index of the customer's own mean, so A
// is, like ADBUDG's a - b (Little 1970), a share of the customer's value at today's level of
// contact. alpha_i absorbs everything fixed about the customer (its size, and why reps call on it
// as often as they do); only how z moves with n within a customer identifies A, h and c.
//
// How it is computed. Let Q be the within-customer transformation (x_it - mean_t x_it) and P the
// period dummies. By Frisch-Waugh-Lovell, the two-way least squares estimate is the regression of
// Q z on Q u after both are projected off Q P:
//
//   A(h, c) = max(0, p / q),   p = u' Q M Q z,   q = u' Q M Q u,   M = I - QP (P'QP)^+ P'Q,
//
// and the sum of squares it explains is 2 A p - A^2 q (= p^2 / q when unconstrained). This is the
// point to which alternating projections (demeaning by customer, then by period, until converged)
// converge on an unbalanced panel, computed directly: the cross-products of the customer-demeaned
// columns [knots, n, z, period dummies] are sums over customers, and projecting off the period
// dummies is a sweep of their pivots in that small matrix (Goodnight 1979, "A Tutorial on the
// SWEEP Operator", The American Statistician 33(3)). The curve enters through its values at the
// knots: u(n_it) = sum_k u(v_k) D_itk with D the indicator of the knot n_it equals (exact when
// contacts take at most kMaxKnots values, as counts do) or its linear interpolation weights
// between the two knots around it (otherwise, knots at quantiles of contacts). So for every
// (h, c), p and q are quadratic forms in the knot values: a grid of (h, c) costs microseconds
// whatever the number of rows.
//
// The bootstrap resamples customers (Cameron & Trivedi 2005, Microeconometrics, ch. 11.6: the
// panel bootstrap over individuals keeps each customer's periods together). Customers are dealt
// at random into at most kMaxGroups groups and whole groups are resampled: with one customer per
// group (up to kMaxGroups customers) that is the customer bootstrap itself, with more it has the
// same first two moments (a resampled group is a sum of independent customers), at a cost that
// does not grow with the number of customers.

constexpr size_t kMaxKnots = 48;
constexpr size_t kMaxGroups = 1024;
constexpr size_t kMaxGroupBytes = size_t{64} << 20;  // memory for the groups' cross-products
constexpr size_t kKnotSample = 200000;               // rows sampled for the quantile knots
constexpr uint32_t kMaxPeriods = 1000;  // each fit sweeps a (knots + periods)^2 matrix per period
// Contacts add at most 10 times today's value; a fit at this bound is an extrapolation the data do
// not support (the curve does not level off within them) and is not used.
constexpr double kMaxAmplitude = 10;
constexpr double kMinHalf = 0.25;
constexpr double kMinShape = 0.3, kMaxShape = 4;
constexpr int kHalfGrid = 25, kShapeGrid = 17;

// Columns of the cross-product matrix: the knots, contacts (for the linear within slope) and z
// (the "small" columns), then the period dummies. A group's cross-products are three blocks in
// one array: small x small (packed upper triangle), periods x small (dense), periods x periods
// (packed).
struct Layout {
  size_t knots = 0;
  size_t periods = 0;
  size_t small() const { return knots + 2; }
  size_t contacts_col() const { return knots; }
  size_t z_col() const { return knots + 1; }
  size_t dim() const { return small() + periods; }
  size_t cross_offset() const { return small() * (small() + 1) / 2; }
  size_t periods_offset() const { return cross_offset() + periods * small(); }
  size_t size() const { return periods_offset() + periods * (periods + 1) / 2; }
};

// Upper triangle, column by column.
inline size_t Packed(size_t i, size_t j) {
  if (i > j) std::swap(i, j);
  return j * (j + 1) / 2 + i;
}

struct Fit {
  bool ran = false;
  Response response;
  double explained = 0;     // sum of squares of the two-way demeaned z the curve explains
  double total = 0;         // sum of squares of the two-way demeaned z
  double within_slope = 0;  // of z on contacts, two-way demeaned
};

class Fitter {
 public:
  Fitter(const Layout& layout, const std::vector<double>& knots, double half_high)
      : layout_(layout), log_half_low_(std::log(kMinHalf)), log_half_high_(std::log(half_high)),
        log_shape_low_(std::log(kMinShape)), log_shape_high_(std::log(kMaxShape)) {
    for (double knot : knots) log_knots_.push_back(knot > 0 ? std::log(knot) : -HUGE_VAL);
  }

  Fit Run(std::span<const double> blocks) const {
    const size_t m = layout_.dim(), small = layout_.small();
    std::vector<double> a(m * m);
    for (size_t j = 0; j < small; ++j) {
      for (size_t i = 0; i <= j; ++i) a[i * m + j] = a[j * m + i] = blocks[Packed(i, j)];
    }
    for (size_t t = 0; t < layout_.periods; ++t) {
      for (size_t j = 0; j < small; ++j) {
        a[(small + t) * m + j] = a[j * m + small + t] = blocks[layout_.cross_offset() + t * small + j];
      }
      for (size_t u = 0; u <= t; ++u) {
        const double value = blocks[layout_.periods_offset() + Packed(u, t)];
        a[(small + t) * m + small + u] = a[(small + u) * m + small + t] = value;
      }
    }
    std::vector<double> diagonal(m);
    for (size_t i = 0; i < m; ++i) diagonal[i] = a[i * m + i];
    // Project off the period dummies: sweep their pivots. The dummies of a customer sum to one, so
    // after demeaning one of them is redundant; its pivot (and those of empty periods) are ~0 and
    // skipped.
    for (size_t k = small; k < m; ++k) {
      const double pivot = a[k * m + k];
      if (!(pivot > 1e-9 * diagonal[k]) || !(pivot > 0)) continue;
      // Only the columns not yet swept (the small ones and the later periods) are updated.
      auto update = [&](size_t i) {
        const double f = a[i * m + k] / pivot;
        if (f == 0) return;
        for (size_t j = 0; j < small; ++j) a[i * m + j] -= f * a[k * m + j];
        for (size_t j = k + 1; j < m; ++j) a[i * m + j] -= f * a[k * m + j];
      };
      for (size_t i = 0; i < small; ++i) update(i);
      for (size_t i = k + 1; i < m; ++i) update(i);
    }
    const size_t kn = layout_.knots, nc = layout_.contacts_col(), zc = layout_.z_col();
    Fit fit;
    fit.total = std::max(0.0, a[zc * m + zc]);
    const double nn = a[nc * m + nc];
    if (nn > 1e-12 * std::max(1.0, diagonal[nc])) fit.within_slope = a[nc * m + zc] / nn;

    Problem problem;
    problem.g.resize(kn * kn);
    problem.h.resize(kn);
    for (size_t i = 0; i < kn; ++i) {
      problem.h[i] = a[i * m + zc];
      for (size_t j = 0; j < kn; ++j) problem.g[i * kn + j] = a[i * m + j];
      problem.g_scale = std::max(problem.g_scale, a[i * m + i]);
    }
    if (!(problem.g_scale > 0) || kn < 2) return fit;
    fit.ran = true;

    // The grid, log-spaced in half and shape, then a pattern search around its best point.
    const double dh = (log_half_high_ - log_half_low_) / (kHalfGrid - 1);
    const double ds = (log_shape_high_ - log_shape_low_) / (kShapeGrid - 1);
    Point best{log_half_low_, 0, -1, 0};
    for (int ih = 0; ih < kHalfGrid; ++ih) {
      for (int is = 0; is < kShapeGrid; ++is) {
        const Point p = Evaluate(problem, log_half_low_ + ih * dh, log_shape_low_ + is * ds);
        if (p.explained > best.explained) best = p;
      }
    }
    if (best.explained > 0) {
      double step_h = dh, step_s = ds;
      for (int iteration = 0; iteration < 200 && (step_h > 1e-4 || step_s > 1e-4); ++iteration) {
        Point next = best;
        for (int mh = -1; mh <= 1; ++mh) {
          for (int ms = -1; ms <= 1; ++ms) {
            if (mh == 0 && ms == 0) continue;
            const double lh = std::clamp(best.log_half + mh * step_h, log_half_low_, log_half_high_);
            const double ls = std::clamp(best.log_shape + ms * step_s, log_shape_low_, log_shape_high_);
            const Point p = Evaluate(problem, lh, ls);
            if (p.explained > next.explained) next = p;
          }
        }
        if (next.explained > best.explained * (1 + 1e-12)) {
          best = next;
        } else {
          step_h /= 2;
          step_s /= 2;
        }
      }
      fit.response = Response{best.amplitude, std::exp(best.log_half), std::exp(best.log_shape)};
      fit.explained = best.explained;
    } else {
      // Nothing rises with contacts: no lift, the curve's form is moot.
      fit.response = Response{0, std::exp(best.log_half), 1};
    }
    return fit;
  }

 private:
  struct Problem {
    std::vector<double> g;  // knots x knots: Q M Q cross-products of the knot columns
    std::vector<double> h;  // knots: the same with z
    double g_scale = 0;
  };
  struct Point {
    double log_half = 0, log_shape = 0;
    double explained = 0;
    double amplitude = 0;
  };

  Point Evaluate(const Problem& problem, double log_half, double log_shape) const {
    const size_t kn = layout_.knots;
    const double shape = std::exp(log_shape);
    double u[kMaxKnots + 2];
    double uu = 0;
    for (size_t k = 0; k < kn; ++k) {
      // n^c / (h^c + n^c) = logistic(c (ln n - ln h)), finite for any c and n.
      u[k] = std::isinf(log_knots_[k]) ? 0 : Logistic(shape * (log_knots_[k] - log_half));
      uu += u[k] * u[k];
    }
    double p = 0, q = 0;
    for (size_t i = 0; i < kn; ++i) {
      p += u[i] * problem.h[i];
      double row = 0;
      for (size_t j = 0; j < kn; ++j) row += problem.g[i * kn + j] * u[j];
      q += u[i] * row;
    }
    Point point{log_half, log_shape, 0, 0};
    if (!(q > 1e-12 * problem.g_scale * uu) || !(p > 0)) return point;
    point.amplitude = std::min(p / q, kMaxAmplitude);
    point.explained = 2 * point.amplitude * p - point.amplitude * point.amplitude * q;
    return point;
  }

  Layout layout_;
  std::vector<double> log_knots_;
  double log_half_low_, log_half_high_, log_shape_low_, log_shape_high_;
};

// Where contacts fall among the knots: the knot below and the weight of the one above.
struct KnotWeight {
  uint32_t below = 0;
  double upper_weight = 0;
};

KnotWeight Locate(const std::vector<double>& knots, double contacts) {
  auto it = std::upper_bound(knots.begin(), knots.end(), contacts);
  if (it == knots.begin()) return {0, 0};
  const size_t below = static_cast<size_t>(it - knots.begin()) - 1;
  if (it == knots.end() || knots[below] == contacts) return {static_cast<uint32_t>(below), 0};
  return {static_cast<uint32_t>(below), (contacts - knots[below]) / (*it - knots[below])};
}

bool ValidRow(const PanelRow& row) {
  return std::isfinite(row.contacts) && row.contacts >= 0 && std::isfinite(row.revenue);
}

// What the groups add up besides the cross-products.
struct Totals {
  double within_ss = 0;   // sum of squared deviations of contacts from their customer's mean
  uint64_t within_df = 0;  // sum of (rows - 1)
  uint64_t varying = 0;    // customers whose contacts differ between their rows
  double pooled_nn = 0, pooled_nr = 0;  // centered cross-products of contacts and revenue
};

}  // namespace

double Response::Lift(double contacts) const {
  if (std::isnan(contacts)) return contacts;
  if (contacts <= 0) return 0;
  if (std::isinf(contacts)) return amplitude;
  // amplitude * n^c / (half^c + n^c) = amplitude / (1 + (half / n)^c), the ratio's power taken in
  // log space: no overflow for large c or n.
  const double ratio = contacts / half;
  const double log_ratio = ratio > 0 && std::isfinite(ratio) ? std::log(ratio) : std::log(contacts) - std::log(half);
  return amplitude * Logistic(shape * log_ratio);
}

Response FromJudgment(const Judgment& judgment, const std::string& where) {
  const double b = judgment.at_zero, r15 = judgment.at_plus_50, a = judgment.at_saturation;
  const double current = judgment.current;
  auto fail = [&](const std::string& what) {
    return core::Error(core::ErrorKind::kConfig, where + ": " + what);
  };
  const std::pair<const char*, double> points[] = {
      {"at_zero", b}, {"at_plus_50", r15}, {"at_saturation", a}, {"current", current}};
  for (const auto& [name, value] : points) {
    if (!std::isfinite(value)) throw fail(fmt::format("{} {} must be a finite number", name, value));
  }
  if (!(b >= 0 && b < 1)) throw fail(fmt::format("at_zero {} must be at least 0 and below 1 (today)", b));
  if (!(a > 1)) throw fail(fmt::format("at_saturation {} must be above 1 (today)", a));
  if (!(r15 > 1 && r15 < a)) {
    throw fail(fmt::format("at_plus_50 {} must lie between 1 (today) and at_saturation {}", r15, a));
  }
  if (!(current > 0)) throw fail(fmt::format("current {} must be above 0 (contacts per period today)", current));
  // r(x) = b + (a - b) x^c / (d + x^c), x = contacts / current (Little 1970):
  //   r(1) = 1       ->  d = (a - 1) / (1 - b)
  //   r(1.5) = r15   ->  1.5^c = d (r15 - b) / (a - r15)
  // and d (r15 - b) / (a - r15) > 1 exactly when (a - b)(r15 - 1) > 0, so c > 0. In contacts,
  // d + x^c = (half^c + n^c) / current^c with half = current d^(1/c).
  const double log_d = std::log(a - 1) - std::log(1 - b);
  const double shape = (log_d + std::log(r15 - b) - std::log(a - r15)) / std::log(1.5);
  const double half = current * std::exp(log_d / shape);
  if (!(shape > 0) || !std::isfinite(shape) || !(half > 0) || !std::isfinite(half)) {
    throw fail(fmt::format("at_plus_50 {} is too close to 1 (today) or to at_saturation {} to define a curve",
                           r15, a));
  }
  return Response{a - b, half, shape};
}

Estimate EstimateResponse(std::span<const PanelRow> rows, const EstimateOptions& options) {
  Estimate estimate;
  const size_t threads = core::ThreadCount(options.threads);
  if (rows.size() >= std::numeric_limits<uint32_t>::max()) {
    throw core::Error(core::ErrorKind::kInput,
                      fmt::format("the contact history has {} rows; at most 4,294,967,294 fit", Grouped(rows.size())));
  }

  // Customers: rows and revenue. Kept: two rows or more and a mean revenue above 0.
  uint32_t customer_end = 0;
  for (const PanelRow& row : rows) {
    if (ValidRow(row)) customer_end = std::max(customer_end, row.customer + 1);
  }
  std::vector<uint32_t> count(customer_end, 0);
  std::vector<double> revenue_sum(customer_end, 0);
  for (const PanelRow& row : rows) {
    if (!ValidRow(row)) continue;
    ++count[row.customer];
    revenue_sum[row.customer] += row.revenue;
  }
  // The kept customers in index order, with where their rows start in `order` (rows by customer).
  struct Customer {
    uint64_t begin = 0;
    uint32_t rows = 0;
    double mean_revenue = 0;
  };
  std::vector<Customer> kept;
  std::vector<uint64_t> next(customer_end, 0);
  uint64_t kept_rows = 0;
  for (uint32_t c = 0; c < customer_end; ++c) {
    if (count[c] >= 2 && revenue_sum[c] / count[c] > 0) {
      kept.push_back({kept_rows, count[c], revenue_sum[c] / count[c]});
      next[c] = kept_rows;
      kept_rows += count[c];
    } else {
      count[c] = 0;  // dropped
    }
  }
  revenue_sum = {};
  estimate.customers = kept.size();
  estimate.rows = kept_rows;
  if (kept.empty()) {
    estimate.reason = "not used: no customer has revenue above 0 over two or more periods";
    return estimate;
  }

  // Rows by customer (counting sort), and the panel's shape: periods, means, the contacts'
  // distinct values (small whole numbers in a table, others in a sorted list while at most
  // kMaxKnots; else knots at quantiles of a sample).
  std::vector<uint32_t> order(kept_rows);
  uint32_t period_end = 0;
  double contacts_sum = 0, revenue_total = 0;
  double contacts_min = HUGE_VAL, contacts_max = -HUGE_VAL;
  constexpr size_t kSmallWhole = 1024;
  std::vector<uint8_t> whole_seen(kSmallWhole, 0);
  std::vector<double> distinct;
  bool few_values = true;
  for (size_t r = 0; r < rows.size(); ++r) {
    const PanelRow& row = rows[r];
    if (!ValidRow(row) || count[row.customer] == 0) continue;
    order[next[row.customer]++] = static_cast<uint32_t>(r);
    period_end = std::max(period_end, row.period + 1);
    contacts_sum += row.contacts;
    revenue_total += row.revenue;
    contacts_min = std::min(contacts_min, row.contacts);
    contacts_max = std::max(contacts_max, row.contacts);
    if (row.contacts < kSmallWhole && row.contacts == std::floor(row.contacts)) {
      whole_seen[static_cast<size_t>(row.contacts)] = 1;
    } else if (few_values) {
      auto it = std::lower_bound(distinct.begin(), distinct.end(), row.contacts);
      if (it == distinct.end() || *it != row.contacts) {
        if (distinct.size() == kMaxKnots) {
          few_values = false;
        } else {
          distinct.insert(it, row.contacts);
        }
      }
    }
  }
  next = {};
  count = {};
  for (size_t v = 0; v < kSmallWhole; ++v) {
    if (whole_seen[v]) distinct.push_back(static_cast<double>(v));
  }
  std::sort(distinct.begin(), distinct.end());
  few_values = few_values && distinct.size() <= kMaxKnots;
  std::vector<bool> period_seen(period_end, false);
  for (uint32_t r : order) period_seen[rows[r].period] = true;
  const size_t periods_seen = static_cast<size_t>(std::count(period_seen.begin(), period_seen.end(), true));
  const double n_rows = static_cast<double>(kept_rows);
  estimate.mean_contacts = contacts_sum / n_rows;
  const double mean_revenue = revenue_total / n_rows;

  std::vector<double> sample;
  const size_t stride = std::max<size_t>(1, order.size() / kKnotSample);
  for (size_t i = 0; i < order.size(); i += stride) sample.push_back(rows[order[i]].contacts);
  std::sort(sample.begin(), sample.end());
  const double p95 = Quantile(sample, 0.95);
  std::vector<double> knots;
  if (few_values) {
    knots = distinct;
  } else {
    knots.push_back(contacts_min);
    for (size_t k = 1; k + 1 < kMaxKnots; ++k) {
      knots.push_back(Quantile(sample, static_cast<double>(k) / static_cast<double>(kMaxKnots - 1)));
    }
    knots.push_back(contacts_max);
    std::sort(knots.begin(), knots.end());
    knots.erase(std::unique(knots.begin(), knots.end()), knots.end());
  }

  if (period_end > kMaxPeriods) {
    throw core::Error(core::ErrorKind::kInput,
                      fmt::format("the contact history has {} periods; the response is estimated over at most {} "
                                  "(planning periods such as months or quarters)",
                                  Grouped(period_end), Grouped(kMaxPeriods)));
  }
  const Layout layout{knots.size(), period_end};
  const size_t block_size = layout.size();
  const size_t groups = std::max<size_t>(
      1, std::min({kept.size(), kMaxGroups, kMaxGroupBytes / (block_size * sizeof(double))}));
  // Customers dealt into groups: one each when they fit, else at random (seeded).
  std::vector<uint32_t> group_begin(groups + 1, 0);
  std::vector<uint32_t> members(kept.size());  // indices into kept, by group
  {
    std::vector<uint32_t> group_of(kept.size());
    for (size_t i = 0; i < kept.size(); ++i) {
      uint64_t state = options.seed ^ (0xd1b54a32d192ed03ULL * (i + uint64_t{1}));
      group_of[i] = static_cast<uint32_t>(groups == kept.size() ? i : SplitMix64(state) % groups);
      ++group_begin[group_of[i] + 1];
    }
    for (size_t g = 0; g < groups; ++g) group_begin[g + 1] += group_begin[g];
    std::vector<uint32_t> slot(group_begin.begin(), group_begin.end() - 1);
    for (size_t i = 0; i < kept.size(); ++i) members[slot[group_of[i]]++] = static_cast<uint32_t>(i);
  }

  // Each group's cross-products of the customer-demeaned columns,
  //   S_g = sum_{i in g} sum_t (x_it - xbar_i)(x_it - xbar_i)',
  // by blocks. With x = (small columns s, period dummies p) and T_i rows of customer i, c_t of
  // them in period t:
  //   ss: sum_t s_it s_it' - T_i sbar_i sbar_i'   (each row has at most four small nonzeros)
  //   ps: (t, j) += sum_{rows in t} (s_itj - sbar_ij)
  //   pp: (t, u) += c_t [t = u] - c_t c_u / T_i   (1/T_i summed once per group for the customers
  //                                              seen once in each of all the periods)
  std::vector<double> cross(groups * block_size, 0);
  std::vector<Totals> totals(groups);
  const size_t small = layout.small(), periods = layout.periods;
  core::ParallelFor(groups, threads, [&](size_t g) {
    double* ss = cross.data() + g * block_size;
    double* ps = ss + layout.cross_offset();
    double* pp = ss + layout.periods_offset();
    Totals& total = totals[g];
    std::vector<double> column_sum(small, 0), column_mean(small, 0);
    std::vector<uint32_t> touched;  // small columns of the customer
    std::vector<uint8_t> is_touched(small, 0);
    std::vector<uint32_t> period_count(periods, 0), customer_periods;
    struct Cell {
      uint32_t knot;
      uint32_t period;
      double upper_weight, contacts, z;
    };
    std::vector<Cell> cells;
    double balanced_inverse = 0;  // sum of 1 / T_i over the customers seen once in every period
    auto touch = [&](uint32_t col) {
      if (!is_touched[col]) is_touched[col] = 1, touched.push_back(col);
    };
    const uint32_t group_end = group_begin[g + 1];
    for (uint32_t mi = group_begin[g]; mi < group_end; ++mi) {
      // The group's customers lie anywhere in memory: fetch the next ones' entries ahead (their
      // Customer, then their row numbers, then their rows), or each waits on three cache misses.
      if (mi + 12 < group_end) __builtin_prefetch(&kept[members[mi + 12]]);
      if (mi + 6 < group_end) __builtin_prefetch(&order[kept[members[mi + 6]].begin]);
      if (mi + 3 < group_end) {
        const Customer& ahead = kept[members[mi + 3]];
        for (uint64_t i = ahead.begin; i < ahead.begin + ahead.rows; ++i) __builtin_prefetch(&rows[order[i]]);
      }
      const Customer& customer = kept[members[mi]];
      cells.clear();
      bool varies = false;
      double contacts_customer = 0;
      for (uint64_t i = customer.begin; i < customer.begin + customer.rows; ++i) {
        const PanelRow& row = rows[order[i]];
        const KnotWeight w = Locate(knots, row.contacts);
        cells.push_back({w.below, row.period, w.upper_weight, row.contacts, row.revenue / customer.mean_revenue});
        varies = varies || row.contacts != cells.front().contacts;
        contacts_customer += row.contacts;
        const double dn = row.contacts - estimate.mean_contacts, dr = row.revenue - mean_revenue;
        total.pooled_nn += dn * dn;
        total.pooled_nr += dn * dr;
      }
      const double rows_customer = customer.rows;
      touch(static_cast<uint32_t>(layout.contacts_col()));
      touch(static_cast<uint32_t>(layout.z_col()));
      for (const Cell& cell : cells) {
        uint32_t cols[4];
        double vals[4];
        size_t nnz = 0;
        if (cell.upper_weight < 1) cols[nnz] = cell.knot, vals[nnz++] = 1 - cell.upper_weight;
        if (cell.upper_weight > 0) cols[nnz] = cell.knot + 1, vals[nnz++] = cell.upper_weight;
        cols[nnz] = static_cast<uint32_t>(layout.contacts_col()), vals[nnz++] = cell.contacts;
        cols[nnz] = static_cast<uint32_t>(layout.z_col()), vals[nnz++] = cell.z;
        for (size_t a = 0; a < nnz; ++a) {
          touch(cols[a]);
          column_sum[cols[a]] += vals[a];
          for (size_t b = a; b < nnz; ++b) ss[Packed(cols[a], cols[b])] += vals[a] * vals[b];
        }
        if (period_count[cell.period]++ == 0) customer_periods.push_back(cell.period);
      }
      for (uint32_t a : touched) column_mean[a] = column_sum[a] / rows_customer;
      for (uint32_t a : touched) {
        for (uint32_t b : touched) {
          if (a <= b) ss[Packed(a, b)] -= rows_customer * column_mean[a] * column_mean[b];
        }
      }
      for (const Cell& cell : cells) {
        double* row = ps + cell.period * small;
        for (uint32_t a : touched) row[a] -= column_mean[a];
        if (cell.upper_weight < 1) row[cell.knot] += 1 - cell.upper_weight;
        if (cell.upper_weight > 0) row[cell.knot + 1] += cell.upper_weight;
        row[layout.contacts_col()] += cell.contacts;
        row[layout.z_col()] += cell.z;
      }
      const bool balanced = customer_periods.size() == periods && customer.rows == periods;
      if (balanced) balanced_inverse += 1 / rows_customer;
      for (uint32_t t : customer_periods) {
        pp[Packed(t, t)] += period_count[t];
        if (balanced) continue;
        for (uint32_t u : customer_periods) {
          if (u <= t) pp[Packed(u, t)] -= period_count[t] * period_count[u] / rows_customer;
        }
      }
      for (uint32_t t : customer_periods) period_count[t] = 0;
      customer_periods.clear();
      for (uint32_t a : touched) column_sum[a] = 0, is_touched[a] = 0;
      touched.clear();

      const double contacts_mean = contacts_customer / rows_customer;
      for (const Cell& cell : cells) {
        total.within_ss += (cell.contacts - contacts_mean) * (cell.contacts - contacts_mean);
      }
      total.within_df += customer.rows - 1;
      total.varying += varies ? 1 : 0;
    }
    for (size_t t = 0; t < periods; ++t) {
      for (size_t u = 0; u <= t; ++u) pp[Packed(u, t)] -= balanced_inverse;
    }
  });
  std::vector<double> full(block_size, 0);
  Totals sum;
  for (size_t g = 0; g < groups; ++g) {
    const double* block = cross.data() + g * block_size;
    for (size_t k = 0; k < block_size; ++k) full[k] += block[k];
    sum.within_ss += totals[g].within_ss;
    sum.within_df += totals[g].within_df;
    sum.varying += totals[g].varying;
    sum.pooled_nn += totals[g].pooled_nn;
    sum.pooled_nr += totals[g].pooled_nr;
  }
  estimate.within_sd = sum.within_df > 0 ? std::sqrt(sum.within_ss / static_cast<double>(sum.within_df)) : 0;
  // Pooled OLS of revenue / (the mean customer's revenue per period) on contacts:
  //   slope = sum (n - nbar)(y - ybar) / sum (n - nbar)^2,  y = revenue / mean revenue.
  if (sum.pooled_nn > 0) estimate.pooled_slope = sum.pooled_nr / sum.pooled_nn / mean_revenue;

  const Fitter fitter(layout, knots, std::max(4 * p95, 1.0));
  const Fit fit = fitter.Run(full);
  estimate.within_slope = fit.within_slope;
  estimate.response = fit.response;
  // Of the variance left after the customer and the period effects.
  estimate.r2_within = fit.total > 0 ? fit.explained / fit.total : 0;
  const double mean_contacts = estimate.mean_contacts, plus_50 = 1.5 * estimate.mean_contacts;
  estimate.lift_at_mean = estimate.lift_at_mean_low = estimate.lift_at_mean_high = fit.response.Lift(mean_contacts);
  estimate.lift_at_plus_50 = estimate.lift_at_plus_50_low = estimate.lift_at_plus_50_high =
      fit.response.Lift(plus_50);

  // The bootstrap: resample B times groups with replacement (seeded per resample, so the result
  // does not depend on the number of threads), refit from the weighted sum of their cross-products.
  const size_t resamples = options.bootstrap > 0 && fit.ran ? static_cast<size_t>(options.bootstrap) : 0;
  std::vector<Response> replicates(resamples);
  core::ParallelFor(resamples, threads, [&](size_t b) {
    uint64_t state = options.seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL * (b + 1);
    std::vector<uint32_t> weight(groups, 0);
    for (size_t draw = 0; draw < groups; ++draw) ++weight[SplitMix64(state) % groups];
    std::vector<double> resampled(block_size, 0);
    for (size_t g = 0; g < groups; ++g) {
      if (weight[g] == 0) continue;
      const double w = weight[g];
      const double* block = cross.data() + g * block_size;
      for (size_t k = 0; k < block_size; ++k) resampled[k] += w * block[k];
    }
    replicates[b] = fitter.Run(resampled).response;
  });
  std::vector<double> amplitudes, halves, shapes, at_mean, at_plus_50, increments;
  for (const Response& r : replicates) {
    amplitudes.push_back(r.amplitude);
    halves.push_back(r.half);
    shapes.push_back(r.shape);
    at_mean.push_back(r.Lift(mean_contacts));
    at_plus_50.push_back(r.Lift(plus_50));
    increments.push_back(at_plus_50.back() - at_mean.back());
  }
  estimate.amplitude_se = StandardDeviation(amplitudes);
  estimate.half_se = StandardDeviation(halves);
  estimate.shape_se = StandardDeviation(shapes);
  std::sort(at_mean.begin(), at_mean.end());
  std::sort(at_plus_50.begin(), at_plus_50.end());
  std::sort(increments.begin(), increments.end());
  if (resamples > 0) {
    estimate.lift_at_mean_low = Quantile(at_mean, 0.05);
    estimate.lift_at_mean_high = Quantile(at_mean, 0.95);
    estimate.lift_at_plus_50_low = Quantile(at_plus_50, 0.05);
    estimate.lift_at_plus_50_high = Quantile(at_plus_50, 0.95);
  }

  // Used or not, and why.
  const double amplitude = estimate.response.amplitude;
  if (sum.varying < options.min_customers) {
    estimate.reason = sum.varying == 0
                          ? std::string("not used: no customer's contacts vary between periods")
                          : fmt::format("not used: the contacts of only {} customers vary between periods "
                                        "(at least {} needed)",
                                        Grouped(sum.varying), Grouped(options.min_customers));
  } else if (estimate.within_sd < options.min_within_sd) {
    estimate.reason = fmt::format("not used: contacts vary too little within customers (sd {:.2f} < {})",
                                  estimate.within_sd, options.min_within_sd);
  } else if (!(amplitude > 0)) {
    estimate.reason = "not used: within customers, revenue does not rise with contacts (fitted amplitude 0)";
  } else if (amplitude >= 0.99 * kMaxAmplitude) {  // the pattern search stops within a hair of it
    estimate.reason = fmt::format("not used: the data do not show where the response levels off (fitted "
                                  "amplitude at its bound, {:g} times the period's value)",
                                  kMaxAmplitude);
  } else if (resamples < 2) {
    estimate.reason = fmt::format("not used: without a bootstrap the estimate's precision is unknown "
                                  "(bootstrap {} < 2)",
                                  options.bootstrap);
  } else if (estimate.amplitude_se > options.max_relative_se * amplitude) {
    estimate.reason = fmt::format("not used: the estimate is too uncertain (amplitude {:.3g} with standard "
                                  "error {:.3g}, {:.0f} % of it > {:.0f} %)",
                                  amplitude, estimate.amplitude_se, 100 * estimate.amplitude_se / amplitude,
                                  100 * options.max_relative_se);
  } else {
    estimate.usable = true;
    estimate.reason = fmt::format(
        "estimated from {} customers' contacts over {} {}: +50 % contacts ({:.1f} instead of {:.1f} a period) "
        "lift the period's value by {:.1f} % (90 % interval {:.1f}-{:.1f} %)",
        Grouped(estimate.customers), periods_seen, options.period_name, plus_50, mean_contacts,
        100 * (estimate.lift_at_plus_50 - estimate.lift_at_mean), 100 * Quantile(increments, 0.05),
        100 * Quantile(increments, 0.95));
  }
  return estimate;
}

}  // namespace winnow::plan
