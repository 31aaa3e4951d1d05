// Per-customer sufficient statistics of the customer-base models (recency/frequency/age and
// spend), computed from a transaction log.
//
// Conventions (Fader, Hardie & Lee 2005; the Python lifetimes package):
// - A purchase occasion is a day on which the customer bought: several purchase rows on one day
//   form one occasion whose amounts add up.
// - frequency x = occasions - 1 (repeat occasions), recency t_x = last - first occasion,
//   T = end of the (calibration) period - first occasion, in the chosen time unit at day
//   resolution (week = 7 days, month = 365.25/12 days, both fractional).
// - monetary_value = mean amount of the repeat occasions (the first is left out), 0 when x = 0.
// - Returns: a row with a negative amount is a return, not a purchase. A return on a day on which
//   the customer also bought nets against that day's occasion (a cancelled order): the
//   occasion's amount is purchases minus returns, and a day whose net is <= 0 makes no occasion.
//   A return on a day without purchases (a later return) makes no occasion and does not change
//   frequency, recency, T or monetary_value. Every return lowers total_revenue and adds to
//   `returned`. A customer with no occasion left (returns only) has no summary row.
// - Rows after the observation end are left out and counted.
// - With a calibration end, the summary covers purchases up to and including that day; holdout
//   columns count the occasions after it up to the observation end. Customers whose first
//   purchase falls after the calibration end are left out and counted (as in lifetimes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "io/transactions.h"

namespace winnow::summary {

enum class TimeUnit { kDay, kWeek, kMonth };

// Days in one time unit.
double UnitDays(TimeUnit unit);
const char* UnitName(TimeUnit unit);
// "day", "week" or "month" (also plural and "D"/"W"/"M"); throws core::Error(kUsage).
TimeUnit ParseTimeUnit(const std::string& text);

struct SummaryOptions {
  TimeUnit unit = TimeUnit::kWeek;
  std::optional<core::Day> observation_end;  // default: the last date in the log
  std::optional<core::Day> calibration_end;
  size_t threads = 0;
};

struct CustomerSummary {
  TimeUnit unit = TimeUnit::kWeek;
  core::Day observation_end = 0;
  std::optional<core::Day> calibration_end;
  bool has_amount = false;

  // One entry per customer kept, in order of first appearance in the log.
  std::vector<uint32_t> customer;   // index into the log's IdTable
  std::vector<uint32_t> frequency;  // repeat occasions in the calibration period
  std::vector<core::Day> first_day, last_day;
  std::vector<double> monetary_value;  // mean of repeat occasions' amounts
  std::vector<double> total_revenue;   // purchases minus returns in the calibration period
  std::vector<double> returned;        // returned amounts (positive) in the calibration period
  std::vector<uint32_t> frequency_holdout;  // occasions after the calibration end
  std::vector<double> monetary_holdout;     // mean amount of the holdout occasions, 0 if none

  // Repeat purchase occasions of the customers kept, per day from first_log_day (the first date
  // in the log) to observation_end, calibration and holdout alike: the actual side of the
  // tracking series.
  core::Day first_log_day = 0;
  std::vector<uint32_t> repeat_by_day;

  // What was left out, for the user's information.
  uint64_t rows_after_observation_end = 0;
  uint64_t customers_only_after_observation_end = 0;
  uint64_t customers_first_purchase_in_holdout = 0;
  uint64_t customers_returns_only = 0;
  uint64_t return_rows = 0;
  uint64_t days_cancelled_same_day = 0;  // purchase days whose same-day returns made the net <= 0

  size_t size() const { return customer.size(); }
  // End of the period the calibration statistics describe.
  core::Day period_end() const { return calibration_end.value_or(observation_end); }
  double recency(size_t k) const { return (last_day[k] - first_day[k]) / UnitDays(unit); }
  double age(size_t k) const { return (period_end() - first_day[k]) / UnitDays(unit); }  // T
  double duration_holdout() const {
    return calibration_end ? (observation_end - *calibration_end) / UnitDays(unit) : 0.0;
  }
};

// Throws core::Error(kUsage) for an inconsistent calibration end (outside the log's dates or
// after the observation end).
CustomerSummary Summarize(const io::TransactionLog& log, const SummaryOptions& options);

}  // namespace winnow::summary
