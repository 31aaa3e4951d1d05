#include "io/transaction_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <future>
#include <memory>
#include <unordered_map>

#include "core/parallel.h"
#include "io/csv_split.h"
#include "core/utf8.h"
#include "io/byte_source.h"
#include "io/number.h"

namespace winnow::io {

using core::Day;
using core::Error;
using core::ErrorKind;

namespace {

constexpr size_t kMaxBadRowExamples = 5;
constexpr size_t kMaxExamplesPerReason = 3;
using namespace csv;  // NOLINT: the splitter's vocabulary

// Ids are interned in kPartitions independent tables chosen by the top bits of the id hash, in
// parallel; each table stays small enough for the processor's caches. Partition-local ids are
// turned into dense ids in order of first appearance at the end (Reader::Finalize).
constexpr int kPartitionBits = 8;
constexpr size_t kPartitions = size_t{1} << kPartitionBits;
constexpr uint32_t kMaxLocalIds = uint32_t{1} << (32 - kPartitionBits);

// What spreadsheets, databases and data frames write for a missing value; as a customer id it
// would gather every anonymous row into one giant customer.
bool IsMissingIdPlaceholder(std::string_view id) {
  if (id.size() > 7 || id.size() < 3) return false;
  for (std::string_view placeholder : {"(blank)", "NULL", "null", "NaN", "nan", "None", "#N/A", "N/A"}) {
    if (id == placeholder) return true;
  }
  return false;
}

inline size_t PartitionOf(uint64_t hash) { return static_cast<size_t>(hash >> (64 - kPartitionBits)); }

struct PendingError {
  BadRowReason reason;
  uint64_t local_line;  // 1-based within the range
  size_t column;        // 1-based field number, 0 when unknown
  std::string field;
  std::string message;
  std::string excerpt;
  std::string hint;
  bool fatal = false;  // an error even when bad rows are skipped
};

// A row's id as the interning step needs it: hash, slot key (IdTable::MakeKey) and row index.
struct KeyedRow {
  uint64_t hash;
  uint8_t key[12];
  uint32_t row;
};

// What one thread parsed from one range of a block.
struct RangeRows {
  std::vector<const char*> id_data;
  std::vector<uint32_t> id_size;
  std::vector<KeyedRow> keyed;  // one per row, in row order
  std::vector<Day> day;
  std::vector<double> amount;
  std::vector<uint32_t> group;  // codes into group_names (kNoGroup when empty)
  std::vector<std::string> group_names;
  std::vector<PendingError> errors;
  std::array<uint64_t, kBadRowReasons> bad_by_reason{};
  std::array<uint32_t, kBadRowReasons> examples_by_reason{};
  // Rows by id partition: bucketed[bucket_start[p] .. bucket_start[p + 1]) are the rows whose
  // id hash falls in partition p, in row order; customer[i] receives the encoded id of row i.
  std::vector<KeyedRow> bucketed;
  std::array<uint32_t, kPartitions + 1> bucket_start{};
  std::vector<uint32_t> customer;
  uint64_t newlines = 0;
  uint64_t blank_lines = 0;
  uint64_t bad_rows = 0;

  void Clear() {
    id_data.clear();
    id_size.clear();
    keyed.clear();
    day.clear();
    amount.clear();
    group.clear();
    group_names.clear();
    errors.clear();
    bucketed.clear();
    bucket_start.fill(0);
    customer.clear();
    bad_by_reason.fill(0);
    examples_by_reason.fill(0);
    newlines = blank_lines = bad_rows = 0;
  }
};

struct Layout {
  size_t customer = 0, date = 0, amount = 0;
  bool has_amount = false;
  // Amount = quantity x price (ReadOptions::quantity_col and price_col).
  bool quantity_price = false;
  size_t quantity = 0, price = 0;
  bool has_group = false;
  size_t group = 0;
  size_t fields = 0;  // fields per record; 0: take from the first data record (no header)
  std::string customer_name, date_name, amount_name, quantity_name, price_name, group_name;
};

class Reader {
 public:
  explicit Reader(const ReadOptions& options)
      : options_(options),
        date_parser_(core::DateParser::FromPattern(options.date_format)),
        threads_(core::ThreadCount(options.threads)),
        scanner_(options.delimiter) {
    if (!options.whitespace && (options.delimiter == '"' || options.delimiter == '\n' || options.delimiter == '\r')) {
      throw Error(ErrorKind::kUsage, "--delimiter: a quote or line break cannot separate fields");
    }
    if (options.quantity_col.empty() != options.price_col.empty()) {
      throw Error(ErrorKind::kUsage, options.quantity_col.empty()
                                         ? "--price-col needs --quantity-col: the amount is quantity x price"
                                         : "--quantity-col needs --price-col: the amount is quantity x price");
    }
  }

  TransactionLog Read(const std::vector<std::string>& paths) {
    log_.report.files = paths;
    for (const auto& path : paths) {
      std::unique_ptr<ByteSource> source = OpenByteSource(path);
      total_hint_ += source->SizeHint();
      sources_.push_back(std::move(source));
    }
    for (auto& source : sources_) ReadFile(*source);
    Finalize();
    if (log_.rows() == 0) {
      Error error(ErrorKind::kInput, "no transactions: the input has no data rows");
      if (paths.size() == 1) error.At(paths[0]);
      if (log_.report.bad_rows > 0) {
        const Error& first = log_.report.bad_row_examples.front();
        error.Hint(fmt::format("all {} data rows were bad and skipped; the first: {}{}", log_.report.bad_rows,
                               first.Headline(), first.hint().empty() ? "" : "\nhint: " + first.hint()));
      }
      throw error;
    }
    return std::move(log_);
  }

 private:
  void ReadFile(ByteSource& source) {
    const std::string& path = source.path();
    size_t capacity = options_.block_bytes;
    // Two buffers: while one block is parsed, the next one is read into the other.
    std::unique_ptr<char[]> buffers[2] = {std::unique_ptr<char[]>(new char[capacity]), nullptr};
    size_t capacities[2] = {capacity, 0};
    int current = 0;
    std::future<size_t> pending;
    size_t pending_want = 0;
    size_t filled = 0;
    bool eof = false;
    bool first = true;
    bool header_done = !options_.header;
    bool saw_content = false;
    uint64_t line_base = 0;  // lines before the start of the buffer
    Layout layout;
    if (!options_.header) layout = PositionalLayout();

    for (;;) {
      char* buffer = buffers[current].get();
      if (pending.valid()) {
        const size_t got = pending.get();
        filled += got;
        bytes_done_ += got;
        eof = got < pending_want;
      } else if (!eof && filled < capacities[current]) {
        const size_t want = capacities[current] - filled;
        const size_t got = source.Read(buffer + filled, want);
        filled += got;
        bytes_done_ += got;
        eof = got < want;
      }
      if (first) {
        first = false;
        if (filled >= 3 && std::memcmp(buffer, "\xEF\xBB\xBF", 3) == 0) {
          std::memmove(buffer, buffer + 3, filled - 3);
          filled -= 3;
        }
      }
      char* begin = buffer;
      char* end = begin + filled;
      const bool quotes =
          !options_.whitespace && std::memchr(begin, '"', static_cast<size_t>(end - begin)) != nullptr;
      // Complete records in [begin, usable); the rest waits for more input.
      char* usable = eof ? end : const_cast<char*>(scanner_.LastRecordEnd(begin, end, quotes));
      if (usable == nullptr) {
        if (filled >= kMaxRecordBytes) {
          throw Error(ErrorKind::kInput,
                      fmt::format("a record is longer than {} MiB", kMaxRecordBytes >> 20))
              .At(path, static_cast<int64_t>(line_base + 1))
              .Excerpt(std::string_view(begin, std::min<size_t>(80, filled)))
              .Hint(quotes ? "a quoted field may never be closed; " + std::string(kQuoteHint)
                           : "is this a text file with line breaks?");
        }
        capacities[current] *= 2;
        std::unique_ptr<char[]> bigger(new char[capacities[current]]);
        std::memcpy(bigger.get(), buffer, filled);
        buffers[current] = std::move(bigger);
        continue;
      }
      // Start reading the next block: the unfinished record first, then fresh input.
      const size_t rest = static_cast<size_t>(end - usable);
      const int next = 1 - current;
      if (!eof) {
        const size_t needed = std::max(capacities[current], rest + options_.block_bytes);
        if (capacities[next] < needed) {
          buffers[next].reset(new char[needed]);
          capacities[next] = needed;
        }
        std::memcpy(buffers[next].get(), usable, rest);
        pending_want = capacities[next] - rest;
        char* target = buffers[next].get() + rest;
        pending = std::async(std::launch::async, [&source, target, want = pending_want] { return source.Read(target, want); });
      }
      if (!header_done) {
        const char* after;
        while (begin < usable && IsBlankLine(begin, usable, &after)) {
          begin = const_cast<char*>(after);
          ++line_base;
        }
        if (begin < usable) {
          layout = HeaderLayout(path, begin, usable, &begin, &line_base);
          header_done = true;
          saw_content = true;
        }
      }
      if (header_done && begin < usable) {
        saw_content = true;
        ParseBlock(path, begin, usable, quotes, &layout, &line_base);
      }
      if (eof) break;
      current = next;
      filled = rest;
      if (options_.progress) options_.progress(bytes_done_, total_hint_);
    }
    if (!saw_content) {
      throw Error(ErrorKind::kInput, "the file is empty")
          .At(path)
          .Hint(options_.header ? "expected a header row naming the columns, then one row per transaction"
                                : "expected one row per transaction");
    }
    if (options_.progress) options_.progress(bytes_done_, total_hint_);
  }

  Layout PositionalLayout() const {
    Layout layout;
    auto position = [&](const std::string& value, const char* option, size_t fallback) -> size_t {
      if (value == "customer_id" || value == "date" || value == "amount") return fallback;
      size_t pos = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), pos);
      if (ec != std::errc() || ptr != value.data() + value.size() || pos == 0 || pos > 10000) {
        throw Error(ErrorKind::kUsage,
                    fmt::format("{}=\"{}\": without a header, columns are chosen by position (1, 2, ...)",
                                option, value));
      }
      return pos - 1;
    };
    layout.customer = position(options_.customer_col, "--customer-col", 0);
    layout.date = position(options_.date_col, "--date-col", 1);
    layout.amount = position(options_.amount_col, "--amount-col", 2);
    layout.customer_name = fmt::format("customer (field {})", layout.customer + 1);
    layout.date_name = fmt::format("date (field {})", layout.date + 1);
    layout.amount_name = fmt::format("amount (field {})", layout.amount + 1);
    if (!options_.quantity_col.empty()) {
      layout.quantity_price = true;
      layout.quantity = position(options_.quantity_col, "--quantity-col", 0);
      layout.price = position(options_.price_col, "--price-col", 0);
      layout.quantity_name = fmt::format("quantity (field {})", layout.quantity + 1);
      layout.price_name = fmt::format("price (field {})", layout.price + 1);
    }
    if (!options_.group_col.empty()) {
      layout.has_group = true;
      layout.group = position(options_.group_col, "input.parent_column", 0);
      layout.group_name = fmt::format("parent (field {})", layout.group + 1);
    }
    layout.has_amount = true;  // settled by the first record
    layout.fields = 0;
    return layout;
  }

  Layout HeaderLayout(const std::string& path, char* begin, char* usable, char** data_begin,
                      uint64_t* line_base) {
    std::vector<std::string_view> names;
    char* next = usable;
    uint64_t newlines = 0;
    const std::string raw(RecordText(begin, usable));
    if (options_.whitespace) {
      SplitWhitespace(begin, usable, names, &next, &newlines);
    } else if (SplitDelimited(begin, usable, options_.delimiter, names, &next, &newlines) != SplitStatus::kOk) {
      throw Error(ErrorKind::kInput, "cannot read the header row: broken quoting")
          .At(path, static_cast<int64_t>(*line_base + 1))
          .Excerpt(raw)
          .Hint(std::string(kQuoteHint));
    }
    const uint64_t header_line = *line_base + 1;
    *line_base += newlines;
    *data_begin = next;
    std::vector<std::string> header;
    for (auto name : names) header.emplace_back(Trim(name));
    Layout layout;
    layout.fields = header.size();
    auto find = [&](const std::string& wanted, const char* option, bool required, size_t* index) -> bool {
      std::vector<size_t> hits;
      for (size_t k = 0; k < header.size(); ++k) {
        if (header[k] == wanted) hits.push_back(k);
      }
      if (hits.size() > 1) {
        throw Error(ErrorKind::kInput,
                    fmt::format("column \"{}\" appears {} times in the header (fields {} and {})", wanted,
                                hits.size(), hits[0] + 1, hits[1] + 1))
            .At(path, static_cast<int64_t>(header_line), static_cast<int64_t>(hits[1] + 1))
            .Excerpt(raw)
            .Hint("rename one of them, or choose another column with " + std::string(option));
      }
      if (hits.empty()) {
        if (!required) return false;
        std::string found;
        for (const auto& h : header) found += (found.empty() ? "\"" : ", \"") + core::Printable(h, 40) + "\"";
        Error error(ErrorKind::kInput,
                    fmt::format("no column \"{}\" in the header; found {}", wanted, found));
        error.At(path, static_cast<int64_t>(header_line)).Excerpt(raw);
        const std::string guess = core::DidYouMean(wanted, header);
        if (header.size() == 1 && !options_.whitespace && raw.find_first_of(";\t") != std::string::npos) {
          error.Hint(fmt::format("the header has one field: is the delimiter {}? (--delimiter)",
                                 raw.find(';') != std::string::npos ? "semicolon" : "tab"));
        } else if (!guess.empty()) {
          error.Hint(fmt::format("did you mean {} \"{}\"?", option, guess));
        } else {
          error.Hint(fmt::format("name the column with {}", option));
        }
        throw error;
      }
      *index = hits[0];
      return true;
    };
    find(options_.customer_col, "--customer-col", true, &layout.customer);
    find(options_.date_col, "--date-col", true, &layout.date);
    if (!options_.quantity_col.empty()) {
      find(options_.quantity_col, "--quantity-col", true, &layout.quantity);
      find(options_.price_col, "--price-col", true, &layout.price);
      layout.quantity_price = layout.has_amount = true;
    } else {
      layout.has_amount = find(options_.amount_col, "--amount-col", options_.amount_required, &layout.amount);
    }
    if (!options_.group_col.empty()) layout.has_group = find(options_.group_col, "input.parent_column", false, &layout.group);
    layout.customer_name = options_.customer_col;
    layout.date_name = options_.date_col;
    layout.amount_name = options_.amount_col;
    layout.quantity_name = options_.quantity_col;
    layout.price_name = options_.price_col;
    layout.group_name = options_.group_col;
    SettleAmount(path, layout.has_amount);
    return layout;
  }

  void SettleAmount(const std::string& path, bool has_amount) {
    if (!amount_settled_) {
      amount_settled_ = true;
      amount_source_ = path;
      log_.has_amount = has_amount;
    } else if (log_.has_amount != has_amount) {
      throw Error(ErrorKind::kInput,
                  fmt::format("this file has {} amount column, but {} has {}", has_amount ? "an" : "no", amount_source_,
                              has_amount ? "none" : "one"))
          .At(path)
          .Hint("all files of one log need the same columns");
    }
  }

  // Parses [begin, usable): cut into one range per thread, parse in parallel, intern in order.
  void ParseBlock(const std::string& path, char* begin, char* usable, bool quotes, Layout* layout,
                  uint64_t* line_base) {
    if (layout->fields == 0) SettlePositionalLayout(path, begin, usable, layout, *line_base);
    const size_t parts = std::max<size_t>(1, std::min(threads_, static_cast<size_t>(usable - begin) / (1u << 20) + 1));
    std::vector<char*> cuts{begin};
    for (size_t k = 1; k < parts; ++k) {
      char* target = begin + static_cast<ptrdiff_t>(static_cast<size_t>(usable - begin) * k / parts);
      if (target <= cuts.back()) continue;
      const char* next = scanner_.NextRecordStart(cuts.back(), target, usable, quotes);
      if (next == nullptr || next >= usable) break;
      cuts.push_back(const_cast<char*>(next));
    }
    cuts.push_back(usable);
    const size_t ranges = cuts.size() - 1;
    if (range_rows_.size() < ranges) range_rows_.resize(ranges);
    core::ParallelFor(ranges, threads_, [&](size_t r) { ParseRange(cuts[r], cuts[r + 1], *layout, range_rows_[r]); });

    uint64_t line = *line_base;
    for (size_t r = 0; r < ranges; ++r) {
      RangeRows& rows = range_rows_[r];
      ReadReport& report = log_.report;
      for (auto& pending : rows.errors) {
        Error error(ErrorKind::kInput, pending.message);
        error.At(path, static_cast<int64_t>(line + pending.local_line), static_cast<int64_t>(pending.column));
        if (!pending.field.empty()) error.Field(pending.field);
        error.Excerpt(pending.excerpt);
        if (!pending.hint.empty()) error.Hint(pending.hint);
        if (!options_.skip_bad_rows || pending.fatal) throw error;
        auto& by_reason = report.bad_row_examples_by_reason[static_cast<size_t>(pending.reason)];
        if (by_reason.size() < kMaxExamplesPerReason) by_reason.push_back(error);
        if (report.bad_row_examples.size() < kMaxBadRowExamples) report.bad_row_examples.push_back(std::move(error));
      }
      for (size_t k = 0; k < kBadRowReasons; ++k) report.bad_rows_by_reason[k] += rows.bad_by_reason[k];
      if (layout->has_group) {
        // Range-local group codes to the log's codes.
        std::vector<uint32_t> to_log(rows.group_names.size());
        for (size_t g = 0; g < rows.group_names.size(); ++g) {
          const auto [it, inserted] =
              group_index_.emplace(rows.group_names[g], static_cast<uint32_t>(log_.group_names.size()));
          if (inserted) log_.group_names.push_back(rows.group_names[g]);
          to_log[g] = it->second;
        }
        for (uint32_t& code : rows.group) {
          if (code != TransactionLog::kNoGroup) code = to_log[code];
        }
      }
      log_.report.bad_rows += rows.bad_rows;
      log_.report.blank_lines += rows.blank_lines;
      line += rows.newlines;
    }
    *line_base = line;
    InternBlock(ranges, layout->has_amount, layout->has_group);
  }

  // Without a header, the first data record fixes the number of fields and whether amounts exist.
  void SettlePositionalLayout(const std::string& path, char* begin, char* usable, Layout* layout,
                              uint64_t line_base) {
    const char* after;
    while (begin < usable && IsBlankLine(begin, usable, &after)) {
      begin = const_cast<char*>(after);
      ++line_base;
    }
    if (begin == usable) return;
    std::string copy(RecordText(begin, usable));
    copy.push_back('\n');
    std::vector<std::string_view> fields;
    char* next;
    uint64_t newlines = 0;
    if (options_.whitespace) {
      SplitWhitespace(copy.data(), copy.data() + copy.size(), fields, &next, &newlines);
    } else {
      SplitDelimited(copy.data(), copy.data() + copy.size(), options_.delimiter, fields, &next, &newlines);
    }
    layout->fields = fields.size();
    size_t needed = std::max(layout->customer, layout->date) + 1;
    if (layout->quantity_price) needed = std::max({needed, layout->quantity + 1, layout->price + 1});
    if (fields.size() < needed) {
      throw Error(ErrorKind::kInput,
                  fmt::format("expected at least {} fields, found {}", needed, fields.size()))
          .At(path, static_cast<int64_t>(line_base + 1))
          .Excerpt(copy.substr(0, copy.size() - 1))
          .Hint(options_.whitespace ? "columns are chosen by position with --customer-col, --date-col, --amount-col"
                                    : "is the delimiter right? (--delimiter comma|semicolon|tab|whitespace)");
    }
    if (layout->has_group && layout->group >= fields.size()) layout->has_group = false;
    bool has_amount = layout->quantity_price || layout->amount < fields.size();
    if (!has_amount && options_.amount_required) {
      throw Error(ErrorKind::kInput,
                  fmt::format("--amount-col {}: the rows have only {} fields", layout->amount + 1, fields.size()))
          .At(path, static_cast<int64_t>(line_base + 1));
    }
    layout->has_amount = has_amount;
    SettleAmount(path, has_amount);
  }

  void ParseRange(char* begin, char* end, const Layout& layout, RangeRows& out) const {
    out.Clear();
    const size_t expected_rows = static_cast<size_t>(end - begin) / 24 + 16;
    out.id_data.reserve(expected_rows);
    out.id_size.reserve(expected_rows);
    out.keyed.reserve(expected_rows);
    out.day.reserve(expected_rows);
    if (layout.has_amount) out.amount.reserve(expected_rows);
    if (layout.has_group) out.group.reserve(expected_rows);
    std::unordered_map<std::string, uint32_t> group_codes;
    std::vector<std::string_view> fields;
    fields.reserve(layout.fields + 4);
    // Dates repeat from row to row: remember the last one parsed.
    std::string last_date_text;
    Day last_day = 0;
    char* p = begin;
    while (p < end) {
      const uint64_t local_line = out.newlines + 1;
      const char* after;
      if ((*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t') && IsBlankLine(p, end, &after)) {
        p = const_cast<char*>(after);
        ++out.newlines;
        ++out.blank_lines;
        continue;
      }
      char* record = p;
      // The excerpt is the record's first line, taken only when the record is bad (a field with
      // doubled quotes shows unescaped there, as they are unescaped in place).
      auto fail = [&](BadRowReason reason, size_t column, std::string field, std::string message, std::string hint) {
        ++out.bad_rows;
        const auto r = static_cast<size_t>(reason);
        ++out.bad_by_reason[r];
        if (options_.skip_bad_rows && out.examples_by_reason[r] >= std::max(kMaxBadRowExamples, kMaxExamplesPerReason)) {
          return;
        }
        ++out.examples_by_reason[r];
        out.errors.push_back({reason, local_line, column, std::move(field), std::move(message),
                              std::string(RecordText(record, end).substr(0, 400)), std::move(hint)});
      };
      char* next = end;
      // A record over the limit stops reading (a quote never closed, a binary file).
      auto too_long = [&]() {
        if (static_cast<size_t>(next - record) <= kMaxRecordBytes) return false;
        out.errors.push_back({BadRowReason::kQuoting, local_line, 0, "",
                              fmt::format("the record is {} bytes long; at most {} (1 MiB) are accepted",
                                          next - record, kMaxRecordBytes),
                              std::string(RecordText(record, end).substr(0, 400)),
                              "is a quoted field never closed, or is this not a text file?", true});
        return true;
      };
      if (options_.whitespace) {
        SplitWhitespace(p, end, fields, &next, &out.newlines);
        if (too_long()) break;
      } else {
        const SplitStatus status = SplitDelimited(p, end, options_.delimiter, fields, &next, &out.newlines);
        if (status != SplitStatus::kOk) {
          std::string message = status == SplitStatus::kUnterminatedQuote
                                    ? "unterminated quoted field: the quote opened here is never closed"
                                : status == SplitStatus::kQuoteInField
                                    ? "quote character inside an unquoted field"
                                    : "unexpected text after the closing quote of a field";
          fail(BadRowReason::kQuoting, fields.size(), FieldName(layout, fields.size() - 1), std::move(message),
               std::string(kQuoteHint));
          // An unclosed quote runs to the end of the range: nothing after it can be read. (Leave
          // the loop, never return: the rows before still need bucketing.)
          if (!options_.skip_bad_rows || status == SplitStatus::kUnterminatedQuote) break;
          // Resume after this record, read as the block cutting reads it.
          const char* resume = scanner_.SkipRest(next, end);
          if (resume == nullptr) break;
          out.newlines = local_line - 1 + static_cast<uint64_t>(std::count(static_cast<const char*>(record), resume, '\n'));
          p = const_cast<char*>(resume);
          continue;
        }
        if (too_long()) break;
      }
      ParseRow(fields, layout, out, fail, last_date_text, last_day, group_codes);
      p = next;
      if (!options_.skip_bad_rows && !out.errors.empty()) break;
    }
    BucketRows(out);
  }

  static void BucketRows(RangeRows& out) {
    const size_t n = out.keyed.size();
    std::array<uint32_t, kPartitions + 1> start{};
    for (size_t i = 0; i < n; ++i) ++start[PartitionOf(out.keyed[i].hash) + 1];
    for (size_t k = 1; k <= kPartitions; ++k) start[k] += start[k - 1];
    out.bucket_start = start;
    out.bucketed.resize(n);
    for (size_t i = 0; i < n; ++i) out.bucketed[start[PartitionOf(out.keyed[i].hash)]++] = out.keyed[i];
    out.customer.resize(n);
  }

  std::string FieldName(const Layout& layout, size_t index) const {
    if (index == layout.customer) return layout.customer_name;
    if (index == layout.date) return layout.date_name;
    if (layout.quantity_price && index == layout.quantity) return layout.quantity_name;
    if (layout.quantity_price && index == layout.price) return layout.price_name;
    if (layout.has_amount && !layout.quantity_price && index == layout.amount) return layout.amount_name;
    if (layout.has_group && index == layout.group) return layout.group_name;
    return "";
  }

  // The customer id of a row: false (after `fail`) when it is empty, a placeholder for a missing
  // value, too long or not UTF-8.
  template <typename Fail>
  bool CheckId(std::string_view id, const Layout& layout, Fail& fail) const {
    const size_t id_column = layout.customer + 1;
    if (id.empty()) {
      fail(BadRowReason::kMissingCustomerId, id_column, layout.customer_name, "empty customer id", "");
      return false;
    }
    if (IsMissingIdPlaceholder(id)) {
      fail(BadRowReason::kMissingCustomerId, id_column, layout.customer_name,
           fmt::format("customer id \"{}\" stands for a missing id", id),
           "spreadsheets and databases write (blank), NULL, NaN, None, #N/A or N/A where a value is missing");
      return false;
    }
    if (id.size() > kMaxIdBytes) {
      fail(BadRowReason::kBadCustomerId, id_column, layout.customer_name,
           fmt::format("customer id is {} bytes long; at most {} are allowed", id.size(), kMaxIdBytes),
           "is a quote left open, or the wrong column chosen?");
      return false;
    }
    const size_t bad_byte = core::FindInvalidUtf8(id);
    if (bad_byte != std::string_view::npos) {
      fail(BadRowReason::kBadCustomerId, id_column, layout.customer_name,
           fmt::format("customer id \"{}\" is not valid UTF-8 (byte 0x{:02x} at offset {})", core::Printable(id, 40),
                       static_cast<unsigned char>(id[bad_byte]), bad_byte),
           "convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8");
      return false;
    }
    return true;
  }

  // The hint for a date that does not parse: the --date-format that would read it, when one does.
  std::string DateHint(std::string_view date_text, core::DateStatus status) const {
    const std::string suggestion = date_parser_.SuggestPattern(date_text);
    std::string hint = options_.date_format == "iso" && status == core::DateStatus::kSyntax
                           ? "other date forms need --date-format, e.g. %d.%m.%Y"
                           : "";
    if (!suggestion.empty()) {
      const bool short_year =
          suggestion.find("%y") != std::string::npos && options_.date_format.find("%y") == std::string::npos;
      const bool time = suggestion.size() > options_.date_format.size();
      hint = fmt::format("{}{}{}: --date-format \"{}\"", short_year ? "the year has two digits (%y)" : "",
                         short_year && time ? " and " : "",
                         time ? "the date is followed by a time of day; include it in the pattern" : "", suggestion);
    }
    return hint;
  }

  template <typename Fail>
  void ParseRow(const std::vector<std::string_view>& fields, const Layout& layout, RangeRows& out,
                Fail& fail, std::string& last_date_text, Day& last_day,
                std::unordered_map<std::string, uint32_t>& group_codes) const {
    if (fields.size() != layout.fields) {
      fail(BadRowReason::kFieldCount, std::min(fields.size(), layout.fields) + 1, "",
           fmt::format("expected {} fields, found {}", layout.fields, fields.size()),
           options_.whitespace ? "" : "quote fields that contain the delimiter; is the delimiter right?");
      return;
    }
    const std::string_view id = fields[layout.customer];
    if (!CheckId(id, layout, fail)) return;
    const std::string_view date_text = Trim(fields[layout.date]);
    Day day = last_day;
    if (date_text != last_date_text || last_date_text.empty()) {
      const core::DateStatus status = date_parser_.Parse(date_text, &day);
      if (status != core::DateStatus::kOk) {
        fail(BadRowReason::kBadDate, layout.date + 1, layout.date_name, date_parser_.Explain(date_text),
             DateHint(date_text, status));
        return;
      }
      last_date_text.assign(date_text);
      last_day = day;
    }
    // The parent column's value is checked before anything of the row is kept.
    std::string_view group_value;
    if (layout.has_group) {
      group_value = Trim(fields[layout.group]);
      if (group_value.size() > kMaxGroupBytes) {
        fail(BadRowReason::kBadGroup, layout.group + 1, layout.group_name,
             fmt::format("the value is {} bytes long; at most {} are allowed", group_value.size(), kMaxGroupBytes),
             "is a quote left open, or the wrong column chosen?");
        return;
      }
      const size_t bad = core::FindInvalidUtf8(group_value);
      if (bad != std::string_view::npos) {
        fail(BadRowReason::kBadGroup, layout.group + 1, layout.group_name,
             fmt::format("\"{}\" is not valid UTF-8 (byte 0x{:02x} at offset {})", core::Printable(group_value, 40),
                         static_cast<unsigned char>(group_value[bad]), bad),
             "convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8");
        return;
      }
    }
    double amount = 0;
    if (layout.has_amount) {
      // One number of the row; false (after fail) when it is bad.
      auto number = [&](size_t index, const std::string& name, BadRowReason reason, const char* what, double* value) {
        const std::string_view text = fields[index];
        const NumberStatus status = ParseAmount(text, options_.decimal_comma, value);
        if (status == NumberStatus::kOk && std::abs(*value) <= kMaxAmount) return true;
        if (status == NumberStatus::kOk) {
          fail(reason, index + 1, name,
               fmt::format("{} \"{}\" is out of range: expected at most 1e15 in absolute value", what,
                           core::Printable(text, 40)),
               "is it a typo, or a placeholder for a missing value?");
          return false;
        }
        std::string hint;
        if (status == NumberStatus::kSyntax && !options_.decimal_comma && text.find(',') != std::string_view::npos) {
          hint = fmt::format("{}s like 1.234,56 need --decimal-comma", what);
        }
        fail(reason, index + 1, name,
             status == NumberStatus::kNotFinite
                 ? fmt::format("\"{}\" is not a finite number; {} {} must be finite", core::Printable(text, 40),
                               std::string_view(what) == "amount" ? "an" : "a", what)
                 : fmt::format("cannot parse \"{}\" as a number", core::Printable(text, 40)),
             std::move(hint));
        return false;
      };
      if (layout.quantity_price) {
        double quantity = 0, price = 0;
        if (!number(layout.quantity, layout.quantity_name, BadRowReason::kBadQuantity, "quantity", &quantity) ||
            !number(layout.price, layout.price_name, BadRowReason::kBadPrice, "price", &price)) {
          return;
        }
        amount = quantity * price;
        if (std::abs(amount) > kMaxAmount) {
          fail(BadRowReason::kBadPrice, layout.price + 1, layout.price_name,
               fmt::format("quantity x price = {} x {} is out of range: expected at most 1e15 in absolute value",
                           core::Printable(fields[layout.quantity], 40), core::Printable(fields[layout.price], 40)),
               "is it a typo, or a placeholder for a missing value?");
          return;
        }
      } else if (!number(layout.amount, layout.amount_name, BadRowReason::kBadAmount, "amount", &amount)) {
        return;
      }
      out.amount.push_back(amount);
    }
    if (layout.has_group) {
      const std::string_view value = group_value;
      uint32_t code = TransactionLog::kNoGroup;
      if (!value.empty()) {
        // Rows of one order repeat the value: look it up only when it changes.
        if (!out.group.empty() && out.group.back() != TransactionLog::kNoGroup &&
            out.group_names[out.group.back()] == value) {
          code = out.group.back();
        } else {
          const auto [it, inserted] =
              group_codes.emplace(std::string(value), static_cast<uint32_t>(out.group_names.size()));
          if (inserted) out.group_names.emplace_back(value);
          code = it->second;
        }
      }
      out.group.push_back(code);
    }
    out.id_data.push_back(id.data());
    out.id_size.push_back(static_cast<uint32_t>(id.size()));
    KeyedRow& keyed = out.keyed.emplace_back();
    keyed.hash = IdTable::Hash(id);
    IdTable::MakeKey(id, keyed.hash, keyed.key);
    keyed.row = static_cast<uint32_t>(out.keyed.size() - 1);
    out.day.push_back(day);
  }

  // Interns the ids of the block's rows, partition by partition in parallel, then appends the
  // rows to the log with partition-encoded customer ids ((local << kPartitionBits) | partition).
  void InternBlock(size_t ranges, bool has_amount, bool has_group) {
    std::vector<uint64_t> row_base(ranges);
    uint64_t total = log_.customer.size();
    for (size_t r = 0; r < ranges; ++r) {
      row_base[r] = total;
      total += range_rows_[r].keyed.size();
    }
    if (log_.customer.capacity() == 0) ReserveFor(total);
    core::ParallelFor(kPartitions, threads_, [&](size_t partition) {
      io::IdTable& table = tables_[partition];
      std::vector<uint64_t>& first_rows = first_row_[partition];
      uint64_t previous_lo = 0;
      uint32_t previous_hi = 0, previous_code = 0;
      bool has_previous = false;
      for (size_t r = 0; r < ranges; ++r) {
        RangeRows& rows = range_rows_[r];
        const KeyedRow* bucket = rows.bucketed.data() + rows.bucket_start[partition];
        const size_t n = rows.bucket_start[partition + 1] - rows.bucket_start[partition];
        constexpr size_t kAhead = 8;
        for (size_t k = 0; k < n; ++k) {
          if (k + kAhead < n) table.Prefetch(bucket[k + kAhead].hash);
          const KeyedRow& keyed = bucket[k];
          uint64_t lo;
          uint32_t hi;
          std::memcpy(&lo, keyed.key, 8);
          std::memcpy(&hi, keyed.key + 8, 4);
          if (has_previous && lo == previous_lo && hi == previous_hi && keyed.key[0] != IdTable::kLongKey) {
            rows.customer[keyed.row] = previous_code;
            continue;
          }
          const uint32_t before = table.size();
          const std::string_view id =
              keyed.key[0] == IdTable::kLongKey
                  ? std::string_view(rows.id_data[keyed.row], rows.id_size[keyed.row])
                  : std::string_view(reinterpret_cast<const char*>(keyed.key + 1), keyed.key[0]);
          const uint32_t local = table.InternKey(keyed.key, keyed.hash, id);
          if (local == before) {
            if (local >= kMaxLocalIds) {
              throw Error(ErrorKind::kInput, "more than 4 billion distinct customer ids: not supported");
            }
            first_rows.push_back(row_base[r] + keyed.row);
          }
          has_previous = true;
          previous_lo = lo;
          previous_hi = hi;
          previous_code = (local << kPartitionBits) | static_cast<uint32_t>(partition);
          rows.customer[keyed.row] = previous_code;
        }
      }
    });
    log_.customer.resize(total);
    log_.day.resize(total);
    if (has_amount) log_.amount.resize(total);
    // Once one file has the group column, every row gets a code (files without it: none).
    if (has_group || !log_.group.empty()) log_.group.resize(total, TransactionLog::kNoGroup);
    core::ParallelFor(ranges, threads_, [&](size_t r) {
      const RangeRows& rows = range_rows_[r];
      std::copy(rows.customer.begin(), rows.customer.end(), log_.customer.begin() + static_cast<ptrdiff_t>(row_base[r]));
      std::copy(rows.day.begin(), rows.day.end(), log_.day.begin() + static_cast<ptrdiff_t>(row_base[r]));
      if (has_amount) std::copy(rows.amount.begin(), rows.amount.end(), log_.amount.begin() + static_cast<ptrdiff_t>(row_base[r]));
      if (has_group) std::copy(rows.group.begin(), rows.group.end(), log_.group.begin() + static_cast<ptrdiff_t>(row_base[r]));
    });
    log_.report.rows = total;
  }

  // Sizes the row arrays from the first block's density and the known input size.
  void ReserveFor(uint64_t rows_in_first_block) {
    if (total_hint_ == 0 || bytes_done_ == 0) return;
    const double rows_per_byte = static_cast<double>(rows_in_first_block) / static_cast<double>(bytes_done_);
    const auto estimate = static_cast<size_t>(static_cast<double>(total_hint_) * rows_per_byte * 1.02) + 1024;
    log_.customer.reserve(estimate);
    log_.day.reserve(estimate);
    if (log_.has_amount) log_.amount.reserve(estimate);
  }

  // Dense customer ids in order of first appearance: the first rows of all customers, marked in
  // a bitmap over rows, are ranked by prefix popcounts; then the ids are gathered into one table
  // in that order and every row's partition-encoded id is replaced by its dense id.
  void Finalize() {
    const uint64_t n_rows = log_.customer.size();
    uint64_t n_customers = 0;
    for (const auto& table : tables_) n_customers += table.size();
    if (n_customers >= 0xffffffffull) {
      throw Error(ErrorKind::kInput, "more than 4 billion distinct customer ids: not supported");
    }
    const size_t words = static_cast<size_t>((n_rows + 63) / 64);
    std::vector<uint64_t> bits(words, 0);
    for (const auto& first_rows : first_row_) {
      for (uint64_t row : first_rows) bits[row >> 6] |= uint64_t{1} << (row & 63);
    }
    std::vector<uint32_t> word_rank(words + 1, 0);
    for (size_t w = 0; w < words; ++w) word_rank[w + 1] = word_rank[w] + static_cast<uint32_t>(std::popcount(bits[w]));
    std::vector<std::vector<uint32_t>> dense(kPartitions);
    std::vector<uint64_t> offsets(n_customers + 1, 0);
    core::ParallelFor(kPartitions, threads_, [&](size_t partition) {
      const auto& first_rows = first_row_[partition];
      std::vector<uint32_t>& to = dense[partition];
      to.resize(first_rows.size());
      for (size_t local = 0; local < first_rows.size(); ++local) {
        const uint64_t row = first_rows[local];
        const uint64_t below = bits[row >> 6] & ((uint64_t{1} << (row & 63)) - 1);
        to[local] = word_rank[row >> 6] + static_cast<uint32_t>(std::popcount(below));
        offsets[to[local] + 1] = tables_[partition].Get(static_cast<uint32_t>(local)).size();
      }
    });
    std::vector<uint64_t>().swap(bits);
    std::vector<uint32_t>().swap(word_rank);
    for (size_t k = 1; k < offsets.size(); ++k) offsets[k] += offsets[k - 1];
    std::vector<char> arena(offsets.back());
    core::ParallelFor(kPartitions, threads_, [&](size_t partition) {
      IdTable& table = tables_[partition];
      for (uint32_t local = 0; local < table.size(); ++local) {
        const std::string_view id = table.Get(local);
        std::memcpy(arena.data() + offsets[dense[partition][local]], id.data(), id.size());
      }
      table = IdTable();
      std::vector<uint64_t>().swap(first_row_[partition]);
    });
    log_.ids = IdTable::FromArena(std::move(arena), std::move(offsets));

    const size_t chunk = size_t{1} << 20;
    const size_t chunks = static_cast<size_t>((n_rows + chunk - 1) / chunk);
    std::vector<uint8_t> chunk_grouped(chunks, 1);
    core::ParallelFor(chunks, threads_, [&](size_t c) {
      const size_t begin = c * chunk, end = std::min<size_t>(n_rows, begin + chunk);
      uint32_t* customer = log_.customer.data();
      for (size_t i = begin; i < end; ++i) {
        const uint32_t code = customer[i];
        customer[i] = dense[code & (kPartitions - 1)][code >> kPartitionBits];
      }
      bool grouped = true;
      for (size_t i = begin + 1; i < end; ++i) grouped &= customer[i] - customer[i - 1] <= 1;
      chunk_grouped[c] = grouped;
    });
    bool grouped = std::all_of(chunk_grouped.begin(), chunk_grouped.end(), [](uint8_t g) { return g != 0; });
    for (size_t c = 1; c < chunks && grouped; ++c) {
      const size_t i = c * chunk;
      grouped = log_.customer[i] - log_.customer[i - 1] <= 1;
    }
    log_.grouped = grouped;
  }

  const ReadOptions& options_;
  core::DateParser date_parser_;
  size_t threads_;
  RecordScanner scanner_;
  std::vector<std::unique_ptr<ByteSource>> sources_;
  uint64_t total_hint_ = 0;
  uint64_t bytes_done_ = 0;
  bool amount_settled_ = false;
  std::string amount_source_;  // the file that settled whether amounts exist
  std::unordered_map<std::string, uint32_t> group_index_;  // group name -> index in log_.group_names
  std::vector<RangeRows> range_rows_;
  TransactionLog log_;
  std::vector<IdTable> tables_ = std::vector<IdTable>(kPartitions);
  std::vector<std::vector<uint64_t>> first_row_ = std::vector<std::vector<uint64_t>>(kPartitions);
};

}  // namespace

TransactionLog ReadTransactions(const std::vector<std::string>& paths, const ReadOptions& options) {
  if (paths.empty()) throw Error(ErrorKind::kUsage, "no input files given");
  Reader reader(options);
  return reader.Read(paths);
}

std::vector<uint32_t> GroupOfCustomers(const TransactionLog& log, uint64_t* several) {
  std::vector<uint32_t> group(log.ids.size(), TransactionLog::kNoGroup);
  std::vector<uint8_t> mixed(log.ids.size(), 0);
  for (size_t r = 0; r < log.group.size(); ++r) {
    const uint32_t g = log.group[r];
    if (g == TransactionLog::kNoGroup) continue;
    uint32_t& mine = group[log.customer[r]];
    if (mine == TransactionLog::kNoGroup) {
      mine = g;
    } else if (mine != g) {
      mixed[log.customer[r]] = 1;
    }
  }
  *several = static_cast<uint64_t>(std::count(mixed.begin(), mixed.end(), 1));
  return group;
}

const char* BadRowReasonName(BadRowReason reason) {
  switch (reason) {
    case BadRowReason::kMissingCustomerId: return "missing customer id";
    case BadRowReason::kBadCustomerId: return "bad customer id";
    case BadRowReason::kBadDate: return "bad date";
    case BadRowReason::kBadAmount: return "bad amount";
    case BadRowReason::kBadQuantity: return "bad quantity";
    case BadRowReason::kBadPrice: return "bad price";
    case BadRowReason::kFieldCount: return "wrong number of fields";
    case BadRowReason::kQuoting: return "broken quoting";
    case BadRowReason::kBadGroup: return "bad parent value";
  }
  return "bad row";
}

std::vector<BadRowGroup> ReadReport::BadRowGroups() const {
  std::vector<BadRowGroup> groups;
  for (size_t k = 0; k < kBadRowReasons; ++k) {
    if (bad_rows_by_reason[k] == 0) continue;
    groups.push_back({static_cast<BadRowReason>(k), bad_rows_by_reason[k], bad_row_examples_by_reason[k]});
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const BadRowGroup& a, const BadRowGroup& b) { return a.rows > b.rows; });
  return groups;
}

std::vector<std::string> ReadReport::DescribeBadRows() const {
  std::vector<std::string> lines;
  if (bad_rows == 0) return lines;
  lines.push_back(fmt::format("skipped {} bad row{}:", bad_rows, bad_rows == 1 ? "" : "s"));
  for (const BadRowGroup& group : BadRowGroups()) {
    lines.push_back(fmt::format("  {} {}", group.rows, BadRowReasonName(group.reason)));
    for (const core::Error& example : group.examples) lines.push_back("    " + example.Headline());
    if (!group.examples.empty() && !group.examples.front().hint().empty()) {
      lines.push_back("    hint: " + group.examples.front().hint());
    }
  }
  return lines;
}

bool SetDelimiter(const std::string& d, ReadOptions* options) {
  options->whitespace = false;
  if (d == "comma" || d == ",") {
    options->delimiter = ',';
  } else if (d == "semicolon" || d == ";") {
    options->delimiter = ';';
  } else if (d == "tab" || d == "\t" || d == "\\t") {
    options->delimiter = '\t';
  } else if (d == "whitespace" || d == "space") {
    options->whitespace = true;
  } else if (d.size() == 1 && d[0] != '"' && d[0] != '\n' && d[0] != '\r') {
    options->delimiter = d[0];
  } else {
    return false;
  }
  return true;
}

}  // namespace winnow::io
