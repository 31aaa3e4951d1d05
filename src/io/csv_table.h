// A CSV file with a header row, handed out column by column: for customer summaries and other
// tables of millions of rows. The file is read in blocks and only the columns asked for are
// kept: text columns as strings, the others parsed to numbers on the way (so a 10M-row
// summary costs its columns, not its text). Errors name file, line and column like the
// transaction reader's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::io {

// Longest record (line) of a table accepted, in bytes, and longest text cell (ids, names).
inline constexpr size_t kMaxTableRecordBytes = 1u << 20;
inline constexpr size_t kMaxTableTextBytes = 4096;

class CsvTable {
 public:
  // Keeps the `wanted` columns (all columns when empty). Columns in `text_columns`, and every
  // column when `wanted` is empty, are kept as text; the others are parsed as finite numbers,
  // and a bad cell is an error at its line and column. A wanted column that is absent is not
  // kept (Require() reports it). Throws core::Error (kInput, kIo) for a missing or empty file,
  // broken quoting, rows with the wrong number of fields, a record over kMaxTableRecordBytes,
  // and header names and text cells that are not UTF-8 or longer than kMaxTableTextBytes.
  // With empty_is_nan, an empty numeric cell reads as NaN (a missing value) instead of an error.
  static CsvTable Read(const std::string& path, const std::vector<std::string>& wanted = {},
                       const std::vector<std::string>& text_columns = {"customer_id"}, bool empty_is_nan = false);

  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  size_t rows() const { return rows_; }
  // True when the column is in the header and was kept.
  bool Has(std::string_view column) const;
  // Throws core::Error(kInput) naming the missing column, with the closest name found.
  void Require(const std::vector<std::string>& columns) const;

  // A text column (also a kept numeric column, formatted back is not offered: use Numbers).
  std::vector<std::string> Strings(std::string_view column) const;
  // Finite numbers; parsed at read time for numeric columns, here for text columns.
  std::vector<double> Numbers(std::string_view column) const;
  // The 1-based line of a row in the file (rows may span lines), for error messages; known when
  // a text column is kept, else 0.
  uint64_t Line(size_t row) const { return row < text_lines_.size() ? text_lines_[row] : 0; }
  // The 1-based field position of a kept column in the header.
  size_t FieldOf(std::string_view column) const { return Find(column).field + 1; }

 private:
  struct Column {
    std::string name;
    size_t field = 0;  // position in the header
    bool numeric = false;
    std::vector<double> numbers;
    std::vector<std::string> text;
  };
  const Column& Find(std::string_view column) const;
  // The header row: the columns kept (`wanted`, all when empty; numeric unless named in
  // `text_columns`). Returns, per header field, the index of its column or -1.
  std::vector<int> SetHeader(const std::vector<std::string_view>& fields, const std::vector<std::string>& wanted,
                             const std::vector<std::string>& text_columns, uint64_t line, std::string_view record);
  // One data row of `line`, its fields checked and appended to their columns.
  void AddRow(const std::vector<std::string_view>& fields, const std::vector<int>& slot, bool empty_is_nan,
              uint64_t line, std::string_view record);

  std::string path_;
  std::vector<std::string> header_;
  std::vector<Column> columns_;
  std::vector<uint64_t> text_lines_;  // line of each row, kept when a text column is
  size_t rows_ = 0;
};

}  // namespace winnow::io
