// A transaction log in memory: one row per purchase (or return) line, columns as arrays, customer
// ids interned to dense indices, dates as days since 1970-01-01.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "io/id_table.h"

namespace winnow::io {

// How a log file is laid out and which columns to read.
struct ReadOptions {
  // Column names (with a header) or 1-based positions (with header = false, e.g. "2").
  std::string customer_col = "customer_id";
  std::string date_col = "date";
  std::string amount_col = "amount";
  // When false, a missing amount column is fine (amounts are then absent); when the user named
  // the amount column explicitly it must exist.
  bool amount_required = false;
  // Fields are separated by this character, or by runs of blanks when whitespace is true.
  char delimiter = ',';
  bool whitespace = false;
  bool header = true;
  bool decimal_comma = false;  // amounts like 1.234,56
  std::string date_format = "iso";
  bool skip_bad_rows = false;  // else the first bad row is an error
  size_t threads = 0;          // 0: all cores
  size_t block_bytes = 16u << 20;
  // Called now and then with the bytes read so far and the total when known (0 otherwise).
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct ReadReport {
  std::vector<std::string> files;
  uint64_t bytes = 0;
  uint64_t rows = 0;        // data rows kept
  uint64_t bad_rows = 0;    // skipped with skip_bad_rows
  uint64_t blank_lines = 0;
  std::vector<core::Error> bad_row_examples;  // the first few skipped rows
};

struct TransactionLog {
  IdTable ids;
  std::vector<uint32_t> customer;  // row -> customer index into ids
  std::vector<core::Day> day;      // row -> purchase date
  std::vector<double> amount;      // row -> amount; empty when the log has no amounts
  bool has_amount = false;
  // True when the rows of each customer are contiguous (rows then sorted by first appearance).
  bool grouped = true;
  ReadReport report;

  size_t rows() const { return customer.size(); }
  // Frees the row arrays once they are summarized; ids and the report stay.
  void ReleaseRows() {
    std::vector<uint32_t>().swap(customer);
    std::vector<core::Day>().swap(day);
    std::vector<double>().swap(amount);
  }
};

}  // namespace winnow::io
