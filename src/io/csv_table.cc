#include "io/csv_table.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/error.h"
#include "io/byte_source.h"
#include "io/csv_split.h"
#include "io/number.h"

namespace winnow::io {

using core::Error;
using core::ErrorKind;

CsvTable CsvTable::Read(const std::string& path, const std::vector<std::string>& wanted) {
  CsvTable table;
  table.path_ = path;
  std::unique_ptr<ByteSource> source = OpenByteSource(path);
  std::string& text = table.text_;
  constexpr size_t kChunk = 1 << 20;
  for (;;) {
    const size_t at = text.size();
    text.resize(at + kChunk);
    const size_t got = source->Read(text.data() + at, kChunk);
    text.resize(at + got);
    if (got < kChunk) break;
  }
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  char* p = text.data();
  char* end = p + text.size();
  uint64_t line = 1;
  const char* after;
  while (p < end && csv::IsBlankLine(p, end, &after)) {
    p = const_cast<char*>(after);
    ++line;
  }
  if (p == end) throw Error(ErrorKind::kInput, "the file is empty").At(path).Hint("expected a header row naming the columns");
  std::vector<std::string_view> fields;
  uint64_t newlines = 0;
  char* next = end;
  const std::string first_line(csv::RecordText(p, end));
  if (csv::SplitDelimited(p, end, ',', fields, &next, &newlines) != csv::SplitStatus::kOk) {
    throw Error(ErrorKind::kInput, "cannot read the header row: broken quoting").At(path, static_cast<int64_t>(line)).Excerpt(first_line);
  }
  for (auto name : fields) table.header_.emplace_back(csv::Trim(name));
  for (const auto& name : table.header_) {
    const bool keep = wanted.empty() || std::find(wanted.begin(), wanted.end(), name) != wanted.end();
    table.kept_.push_back(keep ? static_cast<int>(table.width_++) : -1);
  }
  line += newlines;
  p = next;
  const size_t width = table.header_.size();
  // Rows are about as long as the first one: reserve for them.
  const size_t first_row = static_cast<size_t>(std::max<ptrdiff_t>(1, csv::RecordText(p, end).size() + 1));
  const size_t estimate = static_cast<size_t>(end - p) / first_row + 16;
  table.cells_.reserve(estimate * table.width_);
  table.lines_.reserve(estimate);
  while (p < end) {
    if (csv::IsBlankLine(p, end, &after)) {
      p = const_cast<char*>(after);
      ++line;
      continue;
    }
    char* record = p;
    newlines = 0;
    const csv::SplitStatus status = csv::SplitDelimited(p, end, ',', fields, &next, &newlines);
    if (status != csv::SplitStatus::kOk) {
      throw Error(ErrorKind::kInput, "broken quoting").At(path, static_cast<int64_t>(line), static_cast<int64_t>(fields.size()))
          .Excerpt(csv::RecordText(record, end))
          .Hint(std::string(csv::kQuoteHint));
    }
    if (fields.size() != width) {
      throw Error(ErrorKind::kInput, fmt::format("expected {} fields, found {}", width, fields.size()))
          .At(path, static_cast<int64_t>(line), static_cast<int64_t>(std::min(fields.size(), width) + 1))
          .Excerpt(csv::RecordText(record, end));
    }
    for (size_t k = 0; k < width; ++k) {
      if (table.kept_[k] >= 0) table.cells_.push_back(fields[k]);
    }
    table.lines_.push_back(line);
    line += newlines;
    p = next;
  }
  return table;
}

bool CsvTable::Has(std::string_view column) const {
  const auto it = std::find(header_.begin(), header_.end(), column);
  return it != header_.end() && kept_[static_cast<size_t>(it - header_.begin())] >= 0;
}

void CsvTable::Require(const std::vector<std::string>& columns) const {
  for (const auto& column : columns) {
    if (Has(column)) continue;
    Error error(ErrorKind::kInput, fmt::format("no column \"{}\" in the header; found {}", column, fmt::join(header_, ", ")));
    error.At(path_, 1);
    const std::string guess = core::DidYouMean(column, header_);
    if (!guess.empty()) error.Hint(fmt::format("did you mean \"{}\"?", guess));
    throw error;
  }
}

size_t CsvTable::Index(std::string_view column) const {
  const auto it = std::find(header_.begin(), header_.end(), column);
  if (it == header_.end() || kept_[static_cast<size_t>(it - header_.begin())] < 0) Require({std::string(column)});
  return static_cast<size_t>(it - header_.begin());
}

std::vector<std::string> CsvTable::Strings(std::string_view column) const {
  const size_t index = Index(column);
  std::vector<std::string> out;
  out.reserve(rows());
  const auto at = static_cast<size_t>(kept_[index]);
  for (size_t row = 0; row < rows(); ++row) out.emplace_back(cells_[row * width_ + at]);
  return out;
}

std::vector<double> CsvTable::Numbers(std::string_view column) const {
  const size_t index = Index(column);
  std::vector<double> out(rows());
  const auto at = static_cast<size_t>(kept_[index]);
  for (size_t row = 0; row < rows(); ++row) {
    const std::string_view cell = cells_[row * width_ + at];
    const NumberStatus status = ParseAmount(cell, false, &out[row]);
    if (status != NumberStatus::kOk) {
      throw Error(ErrorKind::kInput,
                  status == NumberStatus::kNotFinite
                      ? fmt::format("\"{}\" is not a finite number", core::Printable(cell, 40))
                      : fmt::format("cannot parse \"{}\" as a number", core::Printable(cell, 40)))
          .At(path_, static_cast<int64_t>(lines_[row]), static_cast<int64_t>(index + 1))
          .Field(std::string(column));
    }
  }
  return out;
}

}  // namespace winnow::io
