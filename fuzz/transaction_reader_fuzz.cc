// Fuzz target: the transaction reader (src/io/transaction_reader.cc) with every option that
// changes parsing, then the summary and the description of what it read (src/summary/).
//
// Input: 4 option bytes, then the log. The options:
//   byte 0: bits 0-2 delimiter (, ; tab | whitespace space : ,), bit 3 no header, bit 4 decimal
//           comma, bit 5 skip bad rows, bits 6-7 compression (plain, gzip, gzip cut short, two
//           gzip members)
//   byte 1: bits 0-2 date format, bit 3 quantity x price, bit 4 a parent (group) column, bit 5
//           amount required, bits 6-7 block size (64 B, 1 KiB, 16 KiB, 256 KiB)
//   byte 2: bit 0 two threads, bit 1 the log split over two files, bits 2-3 time unit, bit 4 a
//           calibration end
//   byte 3: where a gzip stream is cut, or the log split
// Only core::Error may come out: anything else (a crash, a sanitizer report, another exception,
// inf or NaN in the output) is a finding.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "io/transaction_reader.h"
#include "summary/describe.h"
#include "summary/summary.h"
#include "summary/summary_writer.h"

using namespace winnow;

namespace {

using winnow::fuzz::Check;

bool HasNonFinite(const std::string& text) {
  return text.find("nan") != std::string::npos || text.find("inf") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Split<4> in(data, size);
  const uint8_t b0 = in.option[0], b1 = in.option[1], b2 = in.option[2], b3 = in.option[3];

  io::ReadOptions options;
  static const char* const kDelimiters[] = {",", ";", "tab", "|", "whitespace", " ", ":", ","};
  if (!io::SetDelimiter(kDelimiters[b0 & 7], &options)) std::abort();
  options.header = (b0 & 8) == 0;
  options.decimal_comma = (b0 & 16) != 0;
  options.skip_bad_rows = (b0 & 32) != 0;
  const int compression = b0 >> 6;
  static const char* const kDateFormats[] = {"iso", "%d.%m.%Y", "%m/%d/%Y", "%Y%m%d",
                                             "%m/%d/%y %H:%M", "%d/%m/%y", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M"};
  options.date_format = kDateFormats[b1 & 7];
  if (b1 & 8) {
    options.quantity_col = options.header ? "quantity" : "3";
    options.price_col = options.header ? "price" : "4";
  }
  if (b1 & 16) options.group_col = options.header ? "country" : "4";
  options.amount_required = (b1 & 32) != 0;
  if (!options.header) {
    options.customer_col = "1";
    options.date_col = "2";
    options.amount_col = "3";
  }
  static const size_t kBlocks[] = {64, 1024, 16 * 1024, 256 * 1024};
  options.block_bytes = kBlocks[b1 >> 6];
  options.threads = (b2 & 1) ? 2 : 1;

  // The log as one or two files, plain or gzip (one member, two members, or cut short).
  std::vector<std::string> texts;
  const std::string_view log = in.rest;
  if (b2 & 2) {
    const size_t cut = log.size() * b3 / 256;
    texts = {std::string(log.substr(0, cut)), std::string(log.substr(cut))};
  } else {
    texts = {std::string(log)};
  }
  std::vector<std::string> paths;
  for (size_t k = 0; k < texts.size(); ++k) {
    std::string bytes;
    switch (compression) {
      case 0: bytes = texts[k]; break;
      case 1: bytes = fuzz::Gzip(texts[k]); break;
      case 2: {
        bytes = fuzz::Gzip(texts[k]);
        bytes.resize(bytes.size() * b3 / 256);  // cut before the end: must be an error
        break;
      }
      case 3: {
        const std::string_view t = texts[k];
        const size_t half = t.size() / 2;
        bytes = fuzz::Gzip(t.substr(0, half)) + fuzz::Gzip(t.substr(half));
        break;
      }
    }
    paths.push_back(fuzz::WriteFile("log" + std::to_string(k) + (compression ? ".csv.gz" : ".csv"), bytes));
  }

  io::TransactionLog read;
  try {
    read = io::ReadTransactions(paths, options);
  } catch (const core::Error& e) {
    Check(!e.message().empty(), "an error without a message");
    return 0;
  }
  Check(compression != 2, "a gzip stream cut short was read as complete");
  Check(read.rows() > 0, "a log without rows was accepted");
  for (double amount : read.amount) Check(std::isfinite(amount), "a non-finite amount was accepted");

  summary::SummaryOptions summary_options;
  static const summary::TimeUnit kUnits[] = {summary::TimeUnit::kDay, summary::TimeUnit::kWeek,
                                             summary::TimeUnit::kMonth, summary::TimeUnit::kWeek};
  summary_options.unit = kUnits[(b2 >> 2) & 3];
  summary_options.threads = options.threads;
  if (b2 & 16) {
    core::Day lo = read.day.front(), hi = read.day.front();
    for (core::Day d : read.day) lo = std::min(lo, d), hi = std::max(hi, d);
    summary_options.calibration_end = lo + static_cast<core::Day>((static_cast<int64_t>(hi) - lo) * b3 / 256);
  }
  try {
    const summary::CustomerSummary s = summary::Summarize(read, summary_options);
    for (double v : s.total_revenue) Check(std::isfinite(v), "a non-finite total revenue");
    for (double v : s.monetary_value) Check(std::isfinite(v), "a non-finite monetary value");
    const summary::Description d = summary::Describe(read, s);
    Check(!HasNonFinite(summary::RenderText(d)), "inf or nan in the description");
    Check(!HasNonFinite(summary::RenderJson(d)), "inf or nan in the JSON description");
    summary::WriteSummaryCsv(s, read.ids, fuzz::WorkDir() + "/summary.csv", options.threads);
  } catch (const core::Error& e) {
    Check(!e.message().empty(), "an error without a message");
  }
  return 0;
}
