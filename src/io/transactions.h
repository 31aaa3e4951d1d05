// A transaction log in memory: one row per purchase (or return) line, columns as arrays, customer
// ids interned to dense indices, dates as days since 1970-01-01.
#pragma once

#include <array>
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
  // Amount = quantity x price, when both are set (exports with one row per order line); the
  // amount column is then not read.
  std::string quantity_col;
  std::string price_col;
  // A column whose value names each customer's parent (a country, a sales area): read into
  // TransactionLog::group when the log has it; empty: none. The log need not have it.
  std::string group_col;
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

// Why a row was bad: skipped rows are counted by reason.
enum class BadRowReason : uint8_t {
  kMissingCustomerId,  // empty, or a placeholder for a missing value: (blank), NULL, NaN, None, #N/A, N/A
  kBadCustomerId,      // too long, or not UTF-8
  kBadDate,
  kBadAmount,
  kBadQuantity,
  kBadPrice,
  kFieldCount,  // more or fewer fields than the header
  kQuoting,     // broken quoting
  kBadGroup,    // the parent column's value too long, or not UTF-8
};
inline constexpr size_t kBadRowReasons = 9;
// "missing customer id", "bad date", ...: the reason as the console and results.json show it.
const char* BadRowReasonName(BadRowReason reason);

struct BadRowGroup {
  BadRowReason reason;
  uint64_t rows = 0;
  std::vector<core::Error> examples;  // the first few, in input order
};

struct ReadReport {
  std::vector<std::string> files;
  uint64_t bytes = 0;
  uint64_t rows = 0;        // data rows kept
  uint64_t bad_rows = 0;    // skipped with skip_bad_rows
  uint64_t blank_lines = 0;
  std::vector<core::Error> bad_row_examples;  // the first few skipped rows
  // Skipped rows by reason, with the first examples of each (index: BadRowReason).
  std::array<uint64_t, kBadRowReasons> bad_rows_by_reason{};
  std::array<std::vector<core::Error>, kBadRowReasons> bad_row_examples_by_reason;

  // The reasons that occurred, most rows first (ties in the order of BadRowReason).
  std::vector<BadRowGroup> BadRowGroups() const;
  // One line per reason, "1234 missing customer id", then its examples indented and the hint of
  // the first, for the console.
  std::vector<std::string> DescribeBadRows() const;
};

struct TransactionLog {
  IdTable ids;
  std::vector<uint32_t> customer;  // row -> customer index into ids
  std::vector<core::Day> day;      // row -> purchase date
  std::vector<double> amount;      // row -> amount; empty when the log has no amounts
  bool has_amount = false;
  // With ReadOptions::group_col and a log that has the column: row -> index into group_names,
  // kNoGroup for an empty cell. Empty otherwise.
  std::vector<uint32_t> group;
  std::vector<std::string> group_names;
  static constexpr uint32_t kNoGroup = 0xffffffffu;
  // True when the rows of each customer are contiguous (rows then sorted by first appearance).
  bool grouped = true;
  ReadReport report;

  size_t rows() const { return customer.size(); }
  // Frees the row arrays once they are summarized; ids and the report stay.
  void ReleaseRows() {
    std::vector<uint32_t>().swap(customer);
    std::vector<core::Day>().swap(day);
    std::vector<double>().swap(amount);
    std::vector<uint32_t>().swap(group);
  }
};

}  // namespace winnow::io
