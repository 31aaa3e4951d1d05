// A CSV file with a header row, read whole into memory and handed out column by column: for
// customer summaries and other tables of moderate size (millions of rows, not billions).
// Errors name file, line and column like the transaction reader's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace winnow::io {

class CsvTable {
 public:
  // Throws core::Error (kInput, kIo) for a missing file, an empty file, broken quoting or rows
  // with the wrong number of fields.
  // Keeps the cells of the `wanted` columns only (all columns when empty); a wanted column that is
  // absent is simply not kept (Require() reports it).
  static CsvTable Read(const std::string& path, const std::vector<std::string>& wanted = {});

  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  size_t rows() const { return lines_.size(); }
  bool Has(std::string_view column) const;
  // Throws core::Error(kInput) naming the missing column, with the closest name found.
  void Require(const std::vector<std::string>& columns) const;

  std::vector<std::string> Strings(std::string_view column) const;
  // Finite numbers; an empty or bad cell is an error at its line and column.
  std::vector<double> Numbers(std::string_view column) const;

 private:
  size_t Index(std::string_view column) const;

  std::string path_;
  std::string text_;
  std::vector<std::string> header_;
  std::vector<int> kept_;                // header index -> position among the kept columns, or -1
  size_t width_ = 0;                     // kept columns per row
  std::vector<std::string_view> cells_;  // row-major, width_ per row
  std::vector<uint64_t> lines_;          // line number of each row
};

}  // namespace winnow::io
