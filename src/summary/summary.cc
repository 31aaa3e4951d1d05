#include "summary/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "core/parallel.h"

namespace winnow::summary {

using core::Day;
using core::Error;
using core::ErrorKind;

double UnitDays(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay: return 1.0;
    case TimeUnit::kWeek: return 7.0;
    case TimeUnit::kMonth: return 365.25 / 12.0;
  }
  return 1.0;
}

const char* UnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay: return "day";
    case TimeUnit::kWeek: return "week";
    case TimeUnit::kMonth: return "month";
  }
  return "day";
}

TimeUnit ParseTimeUnit(const std::string& text) {
  if (text == "day" || text == "days" || text == "D") return TimeUnit::kDay;
  if (text == "week" || text == "weeks" || text == "W") return TimeUnit::kWeek;
  if (text == "month" || text == "months" || text == "M") return TimeUnit::kMonth;
  throw Error(ErrorKind::kUsage, fmt::format("--time-unit \"{}\": expected day, week or month", text));
}

namespace {

struct Row {
  Day day;
  double amount;
};

// Status of a customer after accumulation.
enum Status : uint8_t { kKept, kNoRows, kReturnsOnly, kFirstInHoldout };

// Writes the statistics of customer `id` from its rows sorted by day, up to the observation end,
// into the output arrays at position id (compacted later).
struct Accumulator {
  CustomerSummary* out;
  Day period_end;
  bool has_holdout;
  bool has_amount;

  // repeat_by_day[day - day_base] counts the customer's repeat occasions (calibration and holdout).
  Status Run(size_t id, const Day* days, const double* amounts, size_t n, uint64_t* return_rows,
             uint64_t* netted_days, std::vector<uint32_t>& repeat_by_day, Day day_base) const {
    uint32_t frequency = 0;
    Day first = 0, last = 0;
    double repeat_sum = 0, revenue = 0, returned = 0, holdout_sum = 0;
    uint32_t holdout_occasions = 0;
    bool any_purchase = false;
    bool any_row = false;
    size_t k = 0;
    while (k < n) {
      const Day day = days[k];
      double occasion = 0, day_returns = 0;
      bool purchase = false;
      for (; k < n && days[k] == day; ++k) {
        const double amount = has_amount ? amounts[k] : 0.0;
        if (amount < 0) {
          day_returns -= amount;
          ++*return_rows;
        } else {
          occasion += amount;
          purchase = true;
        }
      }
      // Returns of the day net against the day's purchases (a cancelled order); a day whose net
      // is <= 0 is no purchase occasion.
      const double net = occasion - day_returns;
      if (purchase && day_returns > 0) {
        occasion = net;
        purchase = net > 0;
        if (!purchase) ++*netted_days;
      }
      if (day <= period_end) {
        any_row = true;
        revenue += net;
        returned += day_returns;
        if (!purchase) continue;
        if (!any_purchase) {
          any_purchase = true;
          first = day;
        } else {
          ++frequency;
          repeat_sum += occasion;
          ++repeat_by_day[static_cast<size_t>(day - day_base)];
        }
        last = day;
      } else if (has_holdout && purchase) {
        if (!any_purchase) return kFirstInHoldout;
        ++holdout_occasions;
        holdout_sum += occasion;
        ++repeat_by_day[static_cast<size_t>(day - day_base)];
      }
    }
    if (!any_purchase) return any_row ? kReturnsOnly : kNoRows;
    out->frequency[id] = frequency;
    out->first_day[id] = first;
    out->last_day[id] = last;
    if (has_amount) {
      out->monetary_value[id] = frequency > 0 ? repeat_sum / frequency : 0.0;
      out->total_revenue[id] = revenue;
      out->returned[id] = returned;
    }
    if (has_holdout) {
      out->frequency_holdout[id] = holdout_occasions;
      if (has_amount) out->monetary_holdout[id] = holdout_occasions > 0 ? holdout_sum / holdout_occasions : 0.0;
    }
    return kKept;
  }
};

template <typename T>
void Compact(std::vector<T>& values, const std::vector<uint8_t>& status) {
  if (values.empty()) return;
  size_t kept = 0;
  for (size_t id = 0; id < status.size(); ++id) {
    if (status[id] == kKept) values[kept++] = values[id];
  }
  values.resize(kept);
  values.shrink_to_fit();
}

// The periods of a summary: the observation end (the log's last day unless given) and the
// calibration end, checked against the log's first day, which is returned.
Day SetPeriods(const io::TransactionLog& log, const SummaryOptions& options, CustomerSummary* out) {
  Day log_min = std::numeric_limits<Day>::max(), log_max = std::numeric_limits<Day>::min();
  for (Day d : log.day) {
    log_min = std::min(log_min, d);
    log_max = std::max(log_max, d);
  }
  out->observation_end = options.observation_end.value_or(log_max);
  if (out->observation_end < log_min) {
    throw Error(ErrorKind::kUsage, fmt::format("--observation-end {} is before the first purchase in the log ({})",
                                               core::FormatDay(out->observation_end), core::FormatDay(log_min)));
  }
  if (options.calibration_end) {
    const Day cal = *options.calibration_end;
    if (cal >= out->observation_end) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("--calibration-end {} must be before the observation end {}", core::FormatDay(cal),
                              core::FormatDay(out->observation_end)));
    }
    if (cal < log_min) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("--calibration-end {} is before the first purchase in the log ({})",
                              core::FormatDay(cal), core::FormatDay(log_min)));
    }
    out->calibration_end = cal;
  }
  return log_min;
}

// Rows of each customer, contiguous: the log's own arrays when it is grouped, else a stable
// counting sort by customer, in parallel: each thread counts the customers of its slice of
// rows, the counts become per-thread cursors, and each thread scatters its own slice.
struct RowsByCustomer {
  std::vector<uint64_t> start;  // customer c's rows are [start[c], start[c + 1])
  // Unless grouped, the rows of each customer are found through a row index sorted by customer
  // (4 bytes a row rather than a copy of the rows).
  std::vector<uint32_t> order;
};

RowsByCustomer GroupRowsByCustomer(const io::TransactionLog& log, size_t threads) {
  const size_t n_rows = log.rows();
  const size_t n_customers = log.ids.size();
  RowsByCustomer out;
  std::vector<uint64_t>& start = out.start;
  std::vector<uint32_t>& order = out.order;
  const size_t slices = std::max<size_t>(1, std::min(threads, n_rows / 65536 + 1));
  std::vector<std::vector<uint32_t>> counts(slices);
  auto slice_begin = [&](size_t t) { return n_rows * t / slices; };
  core::ParallelFor(slices, threads, [&](size_t t) {
    counts[t].assign(n_customers, 0);
    for (size_t i = slice_begin(t); i < slice_begin(t + 1); ++i) ++counts[t][log.customer[i]];
  });
  start.assign(n_customers + 1, 0);
  for (size_t c = 0; c < n_customers; ++c) {
    uint64_t base = start[c];
    for (size_t t = 0; t < slices; ++t) {
      const uint32_t count = counts[t][c];
      counts[t][c] = static_cast<uint32_t>(base - start[c]);  // offset of slice t within customer c
      base += count;
    }
    start[c + 1] = base;
  }
  if (!log.grouped) {
    if (n_rows >= 0xffffffffull) throw Error(ErrorKind::kInput, "more than 4 billion rows in one log: not supported");
    order.resize(n_rows);
    core::ParallelFor(slices, threads, [&](size_t t) {
      std::vector<uint32_t>& offset = counts[t];
      for (size_t i = slice_begin(t); i < slice_begin(t + 1); ++i) {
        const uint32_t c = log.customer[i];
        order[start[c] + offset[c]++] = static_cast<uint32_t>(i);
      }
    });
  }
  std::vector<std::vector<uint32_t>>().swap(counts);
  return out;
}

// Keeps the customers whose status is kKept and counts the others.
void KeepCustomers(const std::vector<uint8_t>& status, CustomerSummary* out) {
  const size_t n_customers = status.size();
  out->customer.reserve(n_customers);
  for (size_t id = 0; id < n_customers; ++id) {
    switch (status[id]) {
      case kKept: out->customer.push_back(static_cast<uint32_t>(id)); break;
      case kNoRows: ++out->customers_only_after_observation_end; break;
      case kReturnsOnly: ++out->customers_returns_only; break;
      case kFirstInHoldout: ++out->customers_first_purchase_in_holdout; break;
    }
  }
  out->customer.shrink_to_fit();
  Compact(out->frequency, status);
  Compact(out->first_day, status);
  Compact(out->last_day, status);
  Compact(out->monetary_value, status);
  Compact(out->total_revenue, status);
  Compact(out->returned, status);
  Compact(out->frequency_holdout, status);
  Compact(out->monetary_holdout, status);
}

}  // namespace

CustomerSummary Summarize(const io::TransactionLog& log, const SummaryOptions& options) {
  CustomerSummary out;
  out.unit = options.unit;
  out.has_amount = log.has_amount;
  const size_t n_customers = log.ids.size();
  const size_t threads = core::ThreadCount(options.threads);

  const Day log_min = SetPeriods(log, options, &out);
  const bool has_holdout = out.calibration_end.has_value();
  const bool has_amount = log.has_amount;

  RowsByCustomer rows = GroupRowsByCustomer(log, threads);
  const std::vector<uint64_t>& start = rows.start;
  const std::vector<uint32_t>& order = rows.order;

  out.frequency.resize(n_customers);
  out.first_day.resize(n_customers);
  out.last_day.resize(n_customers);
  if (has_amount) {
    out.monetary_value.resize(n_customers);
    out.total_revenue.resize(n_customers);
    out.returned.resize(n_customers);
  }
  if (has_holdout) {
    out.frequency_holdout.resize(n_customers);
    if (has_amount) out.monetary_holdout.resize(n_customers);
  }
  std::vector<uint8_t> status(n_customers);
  const Accumulator accumulator{&out, out.period_end(), has_holdout, has_amount};
  const Day obs_end = out.observation_end;

  // Per customer, in parallel over customer ranges.
  const size_t chunk = 1u << 16;
  const size_t chunks = (n_customers + chunk - 1) / chunk;
  std::vector<uint64_t> after_end(chunks, 0), return_rows(chunks, 0), netted_days(chunks, 0);
  const size_t span = static_cast<size_t>(std::max<Day>(0, obs_end - log_min + 1));
  std::vector<std::vector<uint32_t>> repeat(chunks);
  core::ParallelFor(chunks, threads, [&](size_t c) {
    repeat[c].assign(span, 0);
    std::vector<Row> scratch;
    std::vector<Day> scratch_day;
    std::vector<double> scratch_amount;
    for (size_t id = c * chunk; id < std::min(n_customers, (c + 1) * chunk); ++id) {
      const size_t begin = start[id], n = start[id + 1] - start[id];
      const Day* d = log.day.data() + begin;
      const double* a = has_amount ? log.amount.data() + begin : nullptr;
      if (!log.grouped) {
        scratch_day.resize(n);
        scratch_amount.resize(n);
        for (size_t k = 0; k < n; ++k) {
          const uint32_t row = order[begin + k];
          scratch_day[k] = log.day[row];
          scratch_amount[k] = has_amount ? log.amount[row] : 0.0;
        }
        d = scratch_day.data();
        a = scratch_amount.data();
      }
      if (!std::is_sorted(d, d + n)) {
        scratch.resize(n);
        for (size_t k = 0; k < n; ++k) scratch[k] = {d[k], has_amount ? a[k] : 0.0};
        std::stable_sort(scratch.begin(), scratch.end(), [](const Row& x, const Row& y) { return x.day < y.day; });
        scratch_day.resize(n);
        scratch_amount.resize(n);
        for (size_t k = 0; k < n; ++k) {
          scratch_day[k] = scratch[k].day;
          scratch_amount[k] = scratch[k].amount;
        }
        d = scratch_day.data();
        a = scratch_amount.data();
      }
      const size_t in_period = static_cast<size_t>(std::upper_bound(d, d + n, obs_end) - d);
      after_end[c] += n - in_period;
      status[id] = accumulator.Run(id, d, a, in_period, &return_rows[c], &netted_days[c], repeat[c], log_min);
    }
  });
  std::vector<uint32_t>().swap(rows.order);

  out.first_log_day = log_min;
  out.repeat_by_day.assign(span, 0);
  for (size_t c = 0; c < chunks; ++c) {
    out.rows_after_observation_end += after_end[c];
    out.return_rows += return_rows[c];
    out.days_cancelled_same_day += netted_days[c];
    for (size_t d = 0; d < span; ++d) out.repeat_by_day[d] += repeat[c][d];
  }
  KeepCustomers(status, &out);
  return out;
}

}  // namespace winnow::summary
