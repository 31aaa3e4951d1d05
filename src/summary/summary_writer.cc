#include "summary/summary_writer.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <future>
#include <memory>

#include "core/parallel.h"
#include "io/output_file.h"

namespace winnow::summary {

namespace {

// Writers into a buffer sized in advance: each returns the end of what it wrote.
char* PutNumber(char* p, double value) {
  if (value == 0) {
    *p = '0';
    return p + 1;
  }
  return fmt::format_to(p, FMT_COMPILE("{}"), value);
}

char* PutInt(char* p, uint64_t value) {
  char digits[24];
  char* end = digits + sizeof digits;
  char* d = end;
  do {
    *--d = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  const auto n = static_cast<size_t>(end - d);
  std::memcpy(p, d, n);
  return p + n;
}

// Money: a value within rounding noise of whole cents prints as cents ("74.02", not the
// 74.02000000000001 that summing 0.1-type amounts leaves); anything else in the shortest form
// that reads back to the same double.
char* PutMoney(char* p, double value) {
  const double cents = value * 100.0;
  if (std::abs(cents) < 9e15) {
    const double whole = std::nearbyint(cents);
    if (std::abs(cents - whole) <= 1e-11 * std::max(1.0, std::abs(cents))) {
      auto c = static_cast<int64_t>(whole);
      if (c < 0) {
        *p++ = '-';
        c = -c;
      }
      p = PutInt(p, static_cast<uint64_t>(c / 100));
      const auto fraction = static_cast<int>(c % 100);
      if (fraction != 0) {
        *p++ = '.';
        *p++ = static_cast<char>('0' + fraction / 10);
        if (fraction % 10 != 0) *p++ = static_cast<char>('0' + fraction % 10);
      }
      return p;
    }
  }
  return PutNumber(p, value);
}

// RFC 4180 quoting when the field needs it; at most 2 * size + 2 bytes.
char* PutField(char* p, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    std::memcpy(p, field.data(), field.size());
    return p + field.size();
  }
  *p++ = '"';
  for (char c : field) {
    if (c == '"') *p++ = '"';
    *p++ = c;
  }
  *p++ = '"';
  return p;
}

// A reusable output buffer, not cleared when it grows (unlike std::string::resize).
struct TextBuffer {
  std::unique_ptr<char[]> data;
  size_t capacity = 0, size = 0;
  void Reserve(size_t bytes) {
    if (bytes > capacity) {
      data.reset(new char[bytes]);
      capacity = bytes;
    }
  }
};

char* PutText(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

}  // namespace

void AppendCsvField(std::string& out, std::string_view field) {
  const size_t at = out.size();
  out.resize(at + 2 * field.size() + 2);
  out.resize(static_cast<size_t>(PutField(out.data() + at, field) - out.data()));
}

void WriteSummaryCsv(const CustomerSummary& s, const io::IdTable& ids, const std::string& path, size_t threads) {
  const bool money = s.has_amount;
  const bool holdout = s.calibration_end.has_value();
  std::string header = "customer_id,frequency,recency,T";
  if (money) header += ",monetary_value";
  if (holdout) header += money ? ",frequency_holdout,monetary_holdout,duration_holdout" : ",frequency_holdout,duration_holdout";
  header += ",first_purchase,last_purchase,n_occasions";
  if (money) header += ",total_revenue,returned";
  header += '\n';

  io::OutputFile file(path);
  file.Write(header);
  const double unit = UnitDays(s.unit);
  const core::Day period_end = s.period_end();
  std::string duration(32, ' ');
  duration.resize(holdout ? static_cast<size_t>(PutNumber(duration.data(), s.duration_holdout()) - duration.data()) : 0);
  // recency and T are whole days over the unit: format each distinct day count once.
  core::Day max_days = 0;
  for (size_t k = 0; k < s.size(); ++k) max_days = std::max(max_days, period_end - s.first_day[k]);
  std::string day_text(static_cast<size_t>(max_days + 1) * 32, ' ');
  std::vector<uint32_t> day_offset(static_cast<size_t>(max_days) + 2, 0);
  {
    char* p = day_text.data();
    for (core::Day d = 0; d <= max_days; ++d) {
      p = PutNumber(p, d / unit);
      day_offset[static_cast<size_t>(d) + 1] = static_cast<uint32_t>(p - day_text.data());
    }
  }
  auto days_text = [&](core::Day d) {
    const uint32_t from = day_offset[static_cast<size_t>(d)];
    return std::string_view(day_text.data() + from, day_offset[static_cast<size_t>(d) + 1] - from);
  };
  // Dates too: one string per day between the first and the last purchase.
  core::Day min_day = 0, max_day = -1;
  if (s.size() > 0) {
    min_day = *std::min_element(s.first_day.begin(), s.first_day.end());
    max_day = *std::max_element(s.last_day.begin(), s.last_day.end());
  }
  std::string date_text(static_cast<size_t>(max_day - min_day + 1) * 10, ' ');
  for (core::Day d = min_day; d <= max_day; ++d) core::FormatDayTo(d, date_text.data() + static_cast<size_t>(d - min_day) * 10);
  auto date = [&](core::Day d) { return std::string_view(date_text.data() + static_cast<size_t>(d - min_day) * 10, 10); };

  // Chunks of customers are formatted in parallel, a wave of a few per thread at a time.
  const size_t chunk = 1u << 15;
  const size_t n = s.size();
  const size_t chunks = (n + chunk - 1) / chunk;
  const size_t workers = core::ThreadCount(threads);
  const size_t wave = workers * 4;
  // Formats the chunks from `first` on into texts, in parallel.
  auto format_wave = [&](size_t first, std::vector<TextBuffer>& texts) {
    const size_t count = std::min(wave, chunks - first);
    core::ParallelFor(count, workers, [&](size_t w) {
      const size_t begin = (first + w) * chunk;
      const size_t end = std::min(n, begin + chunk);
      size_t bound = 0;
      for (size_t k = begin; k < end; ++k) bound += 2 * ids.Get(s.customer[k]).size() + 320 + duration.size();
      TextBuffer& out = texts[w];
      out.Reserve(bound);
      char* p = out.data.get();
      for (size_t k = begin; k < end; ++k) {
        p = PutField(p, ids.Get(s.customer[k]));
        *p++ = ',';
        p = PutInt(p, s.frequency[k]);
        *p++ = ',';
        p = PutText(p, days_text(s.last_day[k] - s.first_day[k]));
        *p++ = ',';
        p = PutText(p, days_text(period_end - s.first_day[k]));
        if (money) {
          *p++ = ',';
          p = PutMoney(p, s.monetary_value[k]);
        }
        if (holdout) {
          *p++ = ',';
          p = PutInt(p, s.frequency_holdout[k]);
          if (money) {
            *p++ = ',';
            p = PutMoney(p, s.monetary_holdout[k]);
          }
          *p++ = ',';
          p = PutText(p, duration);
        }
        *p++ = ',';
        p = PutText(p, date(s.first_day[k]));
        *p++ = ',';
        p = PutText(p, date(s.last_day[k]));
        *p++ = ',';
        p = PutInt(p, static_cast<uint64_t>(s.frequency[k]) + 1);
        if (money) {
          *p++ = ',';
          p = PutMoney(p, s.total_revenue[k]);
          *p++ = ',';
          p = PutMoney(p, s.returned[k]);
        }
        *p++ = '\n';
      }
      out.size = static_cast<size_t>(p - out.data.get());
    });
  };
  // Writing (kernel copies into the page cache) overlaps the formatting of the next wave.
  std::vector<TextBuffer> texts[2] = {std::vector<TextBuffer>(wave), std::vector<TextBuffer>(wave)};
  if (chunks > 0) format_wave(0, texts[0]);
  for (size_t first = 0, turn = 0; first < chunks; first += wave, turn ^= 1) {
    std::future<void> next;
    if (first + wave < chunks) {
      next = std::async(std::launch::async, [&, from = first + wave, buffer = turn ^ 1] { format_wave(from, texts[buffer]); });
    }
    const size_t count = std::min(wave, chunks - first);
    for (size_t w = 0; w < count; ++w) file.Write(std::string_view(texts[turn][w].data.get(), texts[turn][w].size));
    if (next.valid()) next.get();
  }
  file.Commit();
}

}  // namespace winnow::summary
