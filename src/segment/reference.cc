#include "segment/reference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace winnow::segment {

GapStats ComputeGapStats(size_t customers, const std::vector<uint32_t>& row_customer, const std::vector<core::Day>& day,
                         const std::vector<double>& amount) {
  std::vector<uint64_t> start(customers + 1, 0);
  auto kept = [&](size_t r) { return row_customer[r] < customers; };
  for (size_t r = 0; r < row_customer.size(); ++r) {
    if (kept(r)) ++start[row_customer[r] + 1];
  }
  for (size_t c = 0; c < customers; ++c) start[c + 1] += start[c];
  struct DayAmount {
    core::Day day;
    double amount;
  };
  std::vector<DayAmount> rows(start[customers]);
  std::vector<uint64_t> fill(start.begin(), start.end() - 1);
  for (size_t r = 0; r < row_customer.size(); ++r) {
    if (kept(r)) rows[fill[row_customer[r]]++] = {day[r], amount.empty() ? 0.0 : amount[r]};
  }
  // The purchase occasions of each customer, as summary::Summarize makes them: days with a
  // purchase, less those whose same-day returns bring the net to <= 0.
  std::vector<core::Day> days(rows.size());
  std::vector<double> amounts(rows.size());  // net amount of each occasion
  std::vector<uint64_t> day_end(customers, 0);
  for (size_t c = 0; c < customers; ++c) {
    auto first = rows.begin() + static_cast<int64_t>(start[c]);
    auto last = rows.begin() + static_cast<int64_t>(start[c + 1]);
    std::sort(first, last, [](const DayAmount& a, const DayAmount& b) { return a.day < b.day; });
    uint64_t out = start[c];
    for (auto it = first; it != last;) {
      const core::Day d = it->day;
      double bought = 0, returned = 0;
      bool purchase = false;
      for (; it != last && it->day == d; ++it) {
        if (it->amount < 0) {
          returned -= it->amount;
        } else {
          bought += it->amount;
          purchase = true;
        }
      }
      if (purchase && (returned == 0 || bought - returned > 0)) amounts[out] = bought - returned, days[out++] = d;
    }
    day_end[c] = out;
  }
  GapStats g;
  g.occasions.assign(customers, 0);
  g.mean_gap.assign(customers, 0);
  g.gap_cv.assign(customers, 0);
  g.order_size_change.assign(customers, std::numeric_limits<double>::quiet_NaN());
  g.gap_change.assign(customers, std::numeric_limits<double>::quiet_NaN());
  // Mean of v[from, to).
  auto mean_of = [](const auto* v, size_t from, size_t to) {
    double sum = 0;
    for (size_t j = from; j < to; ++j) sum += static_cast<double>(v[j]);
    return sum / static_cast<double>(to - from);
  };
  std::vector<double> gaps_of;  // the gaps of one customer
  for (size_t c = 0; c < customers; ++c) {
    auto first = days.begin() + static_cast<int64_t>(start[c]);
    auto last = days.begin() + static_cast<int64_t>(day_end[c]);
    const size_t k = static_cast<size_t>(last - first);
    g.occasions[c] = static_cast<uint32_t>(k);
    if (k >= 4 && !amount.empty()) {  // the recent third of the occasions (at least 2) against the rest
      const double* a = amounts.data() + start[c];
      const size_t recent = std::max<size_t>(2, k / 3);
      const double before = mean_of(a, 0, k - recent);
      if (before > 0) g.order_size_change[c] = mean_of(a, k - recent, k) / before - 1;
    }
    if (k >= 5) {  // the same for the gaps
      gaps_of.assign(k - 1, 0);
      for (size_t j = 1; j < k; ++j) {
        gaps_of[j - 1] = *(first + static_cast<int64_t>(j)) - *(first + static_cast<int64_t>(j - 1));
      }
      const size_t recent = std::max<size_t>(2, gaps_of.size() / 3);
      const double before = mean_of(gaps_of.data(), 0, gaps_of.size() - recent);
      if (before > 0) g.gap_change[c] = mean_of(gaps_of.data(), gaps_of.size() - recent, gaps_of.size()) / before - 1;
    }
    if (k < 2) continue;
    double sum = 0, sum2 = 0;
    for (auto it = first + 1; it != last; ++it) {
      const double gap = *it - *(it - 1);
      sum += gap;
      sum2 += gap * gap;
    }
    const double gaps = static_cast<double>(k - 1);
    const double mean = sum / gaps;
    g.mean_gap[c] = mean;
    if (k >= 3) {
      const double var = std::max(0.0, (sum2 - gaps * mean * mean) / (gaps - 1));
      g.gap_cv[c] = mean > 0 ? std::sqrt(var) / mean : 0;
    }
  }
  return g;
}

namespace {

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<int64_t>(mid), v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) m = (m + *std::max_element(v.begin(), v.begin() + static_cast<int64_t>(mid))) / 2;
  return m;
}

}  // namespace

std::vector<ReferenceCustomer> FindReferenceCustomers(const ReferenceInput& in, const ReferenceOptions& o) {
  const size_t n = in.p_alive->size();
  constexpr double kYear = 365.25;
  std::vector<double> features[3];
  for (auto& f : features) f.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const double years = std::max((*in.tenure_days)[i], 1.0) / kYear;
    const double occasions = in.gaps->occasions[i];
    features[0][i] = std::log1p(std::max((*in.revenue)[i], 0.0) / years);
    features[1][i] = std::log1p(occasions / years);
    features[2][i] = std::log1p(occasions > 0 ? std::max((*in.revenue)[i], 0.0) / occasions : 0);
  }
  double scale[3];
  for (int f = 0; f < 3; ++f) {
    double sum = 0, sum2 = 0;
    for (double v : features[f]) sum += v, sum2 += v * v;
    const double mean = n ? sum / static_cast<double>(n) : 0;
    const double sd = n > 1 ? std::sqrt(std::max(0.0, (sum2 - static_cast<double>(n) * mean * mean) / static_cast<double>(n - 1))) : 0;
    scale[f] = sd > 1e-12 ? sd : 1;
  }
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_label;
  for (size_t i = 0; i < n; ++i) by_label[(*in.segment)[i]].push_back(static_cast<uint32_t>(i));
  std::vector<std::pair<std::string_view, const std::vector<uint32_t>*>> segments;
  for (const auto& [label, rows] : by_label) segments.emplace_back(label, &rows);
  std::sort(segments.begin(), segments.end());
  std::vector<ReferenceCustomer> out;
  for (const auto& [label_view, rows_pointer] : segments) {
    const std::string label(label_view);
    const std::vector<uint32_t>& rows = *rows_pointer;
    double median[3];
    for (int f = 0; f < 3; ++f) {
      std::vector<double> values;
      values.reserve(rows.size());
      for (uint32_t r : rows) values.push_back(features[f][r]);
      median[f] = Median(std::move(values));
    }
    std::vector<ReferenceCustomer> loyal;
    for (uint32_t r : rows) {
      if ((*in.p_alive)[r] < o.min_p_alive || (*in.tenure_days)[r] < o.min_tenure_days ||
          in.gaps->occasions[r] < o.min_purchases || in.gaps->gap_cv[r] > o.max_gap_cv) {
        continue;
      }
      ReferenceCustomer c;
      c.row = r;
      c.segment = label;
      double d2 = 0;
      for (int f = 0; f < 3; ++f) d2 += std::pow((features[f][r] - median[f]) / scale[f], 2);
      c.distance = std::sqrt(d2);
      const double years = std::max((*in.tenure_days)[r], 1.0) / kYear;
      c.revenue_per_year = std::max((*in.revenue)[r], 0.0) / years;
      c.purchases_per_year = in.gaps->occasions[r] / years;
      c.mean_order_value = in.gaps->occasions[r] > 0 ? (*in.revenue)[r] / in.gaps->occasions[r] : 0;
      loyal.push_back(c);
    }
    std::sort(loyal.begin(), loyal.end(), [&](const ReferenceCustomer& a, const ReferenceCustomer& b) {
      if (a.distance != b.distance) return a.distance < b.distance;
      if ((*in.p_alive)[a.row] != (*in.p_alive)[b.row]) return (*in.p_alive)[a.row] > (*in.p_alive)[b.row];
      return a.row < b.row;
    });
    const size_t take = std::min<size_t>(loyal.size(), o.per_segment);
    for (size_t k = 0; k < take; ++k) {
      loyal[k].rank = static_cast<uint32_t>(k + 1);
      loyal[k].segment_median_revenue_per_year = std::expm1(median[0]);
      loyal[k].segment_customers = rows.size();
      loyal[k].segment_loyal = loyal.size();
      out.push_back(loyal[k]);
    }
  }
  return out;
}

}  // namespace winnow::segment
