#include "io/csv_table.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

#include "core/error.h"
#include "core/utf8.h"
#include "io/byte_source.h"
#include "io/csv_split.h"
#include "io/number.h"

namespace winnow::io {

using core::Error;
using core::ErrorKind;

namespace {

constexpr size_t kBlock = 8u << 20;

Error BadNumber(const std::string& path, uint64_t line, size_t field, const std::string& column, std::string_view cell,
                NumberStatus status) {
  return Error(ErrorKind::kInput, status == NumberStatus::kNotFinite
                                      ? fmt::format("\"{}\" is not a finite number", core::Printable(cell, 40))
                                      : fmt::format("cannot parse \"{}\" as a number", core::Printable(cell, 40)))
      .At(path, static_cast<int64_t>(line), static_cast<int64_t>(field + 1))
      .Field(column);
}

// A header name or text cell: valid UTF-8 and at most kMaxTableTextBytes.
void CheckText(const std::string& path, uint64_t line, size_t field, const std::string& column, std::string_view cell,
               std::string_view record) {
  if (cell.size() > kMaxTableTextBytes) {
    throw Error(ErrorKind::kInput, fmt::format("the text is {} bytes long; at most {} are allowed", cell.size(),
                                               kMaxTableTextBytes))
        .At(path, static_cast<int64_t>(line), static_cast<int64_t>(field + 1))
        .Field(column)
        .Excerpt(record)
        .Hint("is a quote left open?");
  }
  const size_t bad = core::FindInvalidUtf8(cell);
  if (bad != std::string_view::npos) {
    throw Error(ErrorKind::kInput, fmt::format("\"{}\" is not valid UTF-8 (byte 0x{:02x} at offset {})",
                                               core::Printable(cell, 40), static_cast<unsigned char>(cell[bad]), bad))
        .At(path, static_cast<int64_t>(line), static_cast<int64_t>(field + 1))
        .Field(column)
        .Excerpt(record)
        .Hint("convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8");
  }
}

}  // namespace

std::vector<int> CsvTable::SetHeader(const std::vector<std::string_view>& fields, const std::vector<std::string>& wanted,
                                     const std::vector<std::string>& text_columns, uint64_t line,
                                     std::string_view record) {
  for (size_t k = 0; k < fields.size(); ++k) CheckText(path_, line, k, "", csv::Trim(fields[k]), record);
  for (auto name : fields) header_.emplace_back(csv::Trim(name));
  std::vector<int> slot;
  for (size_t k = 0; k < header_.size(); ++k) {
    const std::string& name = header_[k];
    const bool keep = wanted.empty() || std::find(wanted.begin(), wanted.end(), name) != wanted.end();
    if (!keep) {
      slot.push_back(-1);
      continue;
    }
    Column column;
    column.name = name;
    column.field = k;
    column.numeric = !wanted.empty() && std::find(text_columns.begin(), text_columns.end(), name) == text_columns.end();
    slot.push_back(static_cast<int>(columns_.size()));
    columns_.push_back(std::move(column));
  }
  return slot;
}

void CsvTable::AddRow(const std::vector<std::string_view>& fields, const std::vector<int>& slot, bool empty_is_nan,
                      uint64_t line, std::string_view record) {
  if (fields.size() != header_.size()) {
    throw Error(ErrorKind::kInput, fmt::format("expected {} fields, found {}", header_.size(), fields.size()))
        .At(path_, static_cast<int64_t>(line), static_cast<int64_t>(std::min(fields.size(), header_.size()) + 1))
        .Excerpt(record);
  }
  for (size_t k = 0; k < fields.size(); ++k) {
    if (slot[k] < 0) continue;
    Column& column = columns_[static_cast<size_t>(slot[k])];
    if (column.numeric) {
      double value = std::numeric_limits<double>::quiet_NaN();
      const NumberStatus parsed =
          empty_is_nan && csv::Trim(fields[k]).empty() ? NumberStatus::kOk : ParseAmount(fields[k], false, &value);
      if (parsed != NumberStatus::kOk) throw BadNumber(path_, line, k, column.name, fields[k], parsed);
      column.numbers.push_back(value);
    } else {
      CheckText(path_, line, k, column.name, fields[k], record);
      column.text.emplace_back(fields[k]);
    }
  }
  text_lines_.push_back(line);
  ++rows_;
}

CsvTable CsvTable::Read(const std::string& path, const std::vector<std::string>& wanted,
                        const std::vector<std::string>& text_columns, bool empty_is_nan) {
  CsvTable table;
  table.path_ = path;
  std::unique_ptr<ByteSource> source = OpenByteSource(path);
  const csv::RecordScanner scanner(',');
  // A small file gets a buffer of its size (+ 1 to see its end), not a whole block; gzip and
  // standard input (size unknown) start at 1 MiB (the buffer grows for a longer record).
  const size_t hint = source->SizeHint();
  std::vector<char> buffer(hint > 0 ? std::min(kBlock, hint + 1) : kBlock / 8);
  size_t filled = 0;
  bool eof = false, first = true, header_done = false;
  uint64_t line = 1;
  std::vector<std::string_view> fields;
  std::vector<int> slot;  // header field -> index in columns_, or -1
  for (;;) {
    if (!eof && filled < buffer.size()) {
      const size_t want = buffer.size() - filled;
      const size_t got = source->Read(buffer.data() + filled, want);
      filled += got;
      eof = got < want;
    }
    if (first) {
      first = false;
      if (filled >= 3 && std::memcmp(buffer.data(), "\xEF\xBB\xBF", 3) == 0) {
        std::memmove(buffer.data(), buffer.data() + 3, filled - 3);
        filled -= 3;
      }
    }
    char* begin = buffer.data();
    char* end = begin + filled;
    const bool quotes = std::memchr(begin, '"', filled) != nullptr;
    char* usable = eof ? end : const_cast<char*>(scanner.LastRecordEnd(begin, end, quotes));
    if (usable == nullptr) {
      if (filled > kMaxTableRecordBytes) {
        throw Error(ErrorKind::kInput, fmt::format("a record is longer than {} (1 MiB)", kMaxTableRecordBytes))
            .At(path, static_cast<int64_t>(line))
            .Excerpt(std::string_view(begin, std::min<size_t>(80, filled)))
            .Hint("is a quoted field never closed, or is this not a text file?");
      }
      buffer.resize(buffer.size() * 2);
      continue;
    }
    char* p = begin;
    const char* after;
    while (p < usable) {
      if (csv::IsBlankLine(p, usable, &after)) {
        p = const_cast<char*>(after);
        ++line;
        continue;
      }
      char* record = p;
      char* next = usable;
      uint64_t newlines = 0;
      const csv::SplitStatus status = csv::SplitDelimited(p, usable, ',', fields, &next, &newlines);
      if (status != csv::SplitStatus::kOk) {
        throw Error(ErrorKind::kInput, header_done ? "broken quoting" : "cannot read the header row: broken quoting")
            .At(path, static_cast<int64_t>(line), static_cast<int64_t>(fields.size()))
            .Excerpt(csv::RecordText(record, usable))
            .Hint(std::string(csv::kQuoteHint));
      }
      if (static_cast<size_t>(next - record) > kMaxTableRecordBytes) {
        throw Error(ErrorKind::kInput, fmt::format("the record is {} bytes long; at most {} (1 MiB) are accepted",
                                                   next - record, kMaxTableRecordBytes))
            .At(path, static_cast<int64_t>(line))
            .Excerpt(csv::RecordText(record, usable))
            .Hint("is a quoted field never closed, or is this not a text file?");
      }
      if (!header_done) {
        header_done = true;
        slot = table.SetHeader(fields, wanted, text_columns, line, csv::RecordText(record, usable));
      } else {
        table.AddRow(fields, slot, empty_is_nan, line, csv::RecordText(record, usable));
      }
      line += newlines;
      p = next;
    }
    if (eof) break;
    const size_t rest = static_cast<size_t>(end - usable);
    std::memmove(buffer.data(), usable, rest);
    filled = rest;
  }
  if (!header_done) {
    throw Error(ErrorKind::kInput, "the file is empty").At(path).Hint("expected a header row naming the columns");
  }
  return table;
}

bool CsvTable::Has(std::string_view column) const {
  return std::any_of(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == column; });
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

const CsvTable::Column& CsvTable::Find(std::string_view column) const {
  for (const auto& c : columns_) {
    if (c.name == column) return c;
  }
  Require({std::string(column)});
  throw Error(ErrorKind::kInput, fmt::format("no column \"{}\"", column)).At(path_);
}

std::vector<std::string> CsvTable::Strings(std::string_view column) const {
  const Column& c = Find(column);
  if (c.numeric) throw Error(ErrorKind::kInput, fmt::format("column \"{}\" was read as numbers", column)).At(path_);
  return c.text;
}

std::vector<double> CsvTable::Numbers(std::string_view column) const {
  const Column& c = Find(column);
  if (c.numeric) return c.numbers;
  std::vector<double> out(rows_);
  for (size_t row = 0; row < rows_; ++row) {
    const NumberStatus status = ParseAmount(c.text[row], false, &out[row]);
    if (status != NumberStatus::kOk) throw BadNumber(path_, text_lines_[row], c.field, c.name, c.text[row], status);
  }
  return out;
}

}  // namespace winnow::io
