// Logs and options shared by the summary and describe tests.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "io/transactions.h"
#include "summary/summary.h"
#include "test_util.h"

namespace winnow::summary::testing {

struct In {
  std::string id;
  const char* date;
  double amount;
};

// A log as the reader would build it: ids interned in order of first appearance, `grouped`
// true only when the rows of each customer are contiguous.
inline io::TransactionLog MakeLog(const std::vector<In>& rows, bool has_amount = true) {
  io::TransactionLog log;
  log.has_amount = has_amount;
  std::set<uint32_t> seen;
  uint32_t previous = io::IdTable::kNotFound;
  for (const In& row : rows) {
    const uint32_t index = log.ids.Intern(row.id, io::IdTable::Hash(row.id));
    if (index != previous && seen.count(index) > 0) log.grouped = false;
    seen.insert(index);
    previous = index;
    log.customer.push_back(index);
    log.day.push_back(winnow::testing::D(row.date));
    if (has_amount) log.amount.push_back(row.amount);
  }
  log.report.rows = rows.size();
  return log;
}

inline SummaryOptions Options(TimeUnit unit = TimeUnit::kDay) {
  SummaryOptions options;
  options.unit = unit;
  options.threads = 1;
  return options;
}

}  // namespace winnow::summary::testing
