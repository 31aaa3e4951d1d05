#include "summary/summary_writer.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>

#include "core/parallel.h"
#include "io/output_file.h"

namespace winnow::summary {

void AppendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

namespace {

void AppendNumber(std::string& out, double value) {
  if (value == 0) {
    out.push_back('0');
    return;
  }
  char buffer[32];
  char* end = fmt::format_to(buffer, FMT_COMPILE("{}"), value);
  out.append(buffer, static_cast<size_t>(end - buffer));
}

void AppendInt(std::string& out, uint64_t value) {
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  do {
    *--p = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  out.append(p, static_cast<size_t>(end - p));
}

// Money: 15 significant digits, so sums of cents print as cents (74.02, not 74.02000000000001).
void AppendMoney(std::string& out, double value) {
  if (value == 0) {
    out.push_back('0');
    return;
  }
  char buffer[40];
  char* end = fmt::format_to(buffer, FMT_COMPILE("{:.15g}"), value);
  out.append(buffer, static_cast<size_t>(end - buffer));
}

}  // namespace

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
  std::string duration;
  if (holdout) AppendNumber(duration, s.duration_holdout());
  // recency and T are whole days over the unit: format each distinct day count once.
  core::Day max_days = 0;
  for (size_t k = 0; k < s.size(); ++k) max_days = std::max(max_days, period_end - s.first_day[k]);
  std::string day_text;
  std::vector<uint32_t> day_offset(static_cast<size_t>(max_days) + 2, 0);
  for (core::Day d = 0; d <= max_days; ++d) {
    AppendNumber(day_text, d / unit);
    day_offset[static_cast<size_t>(d) + 1] = static_cast<uint32_t>(day_text.size());
  }
  // Dates too: one string per day between the first and the last purchase.
  core::Day min_day = 0, max_day = -1;
  if (s.size() > 0) {
    min_day = *std::min_element(s.first_day.begin(), s.first_day.end());
    max_day = *std::max_element(s.last_day.begin(), s.last_day.end());
  }
  std::string date_text(static_cast<size_t>(max_day - min_day + 1) * 10, ' ');
  for (core::Day d = min_day; d <= max_day; ++d) core::FormatDayTo(d, date_text.data() + static_cast<size_t>(d - min_day) * 10);
  auto append_date = [&](std::string& out, core::Day d) { out.append(date_text, static_cast<size_t>(d - min_day) * 10, 10); };
  auto append_days = [&](std::string& out, core::Day d) {
    out.append(day_text, day_offset[static_cast<size_t>(d)], day_offset[static_cast<size_t>(d) + 1] - day_offset[static_cast<size_t>(d)]);
  };

  // Format chunks of customers in parallel, a few per thread at a time, and write them in order.
  const size_t chunk = 1u << 15;
  const size_t n = s.size();
  const size_t chunks = (n + chunk - 1) / chunk;
  const size_t workers = core::ThreadCount(threads);
  const size_t wave = workers * 4;
  std::vector<std::string> texts(wave);
  for (size_t first = 0; first < chunks; first += wave) {
    const size_t count = std::min(wave, chunks - first);
    core::ParallelFor(count, workers, [&](size_t w) {
      std::string& out = texts[w];
      out.clear();
      const size_t begin = (first + w) * chunk;
      const size_t end = std::min(n, begin + chunk);
      for (size_t k = begin; k < end; ++k) {
        AppendCsvField(out, ids.Get(s.customer[k]));
        out.push_back(',');
        AppendInt(out, s.frequency[k]);
        out.push_back(',');
        append_days(out, s.last_day[k] - s.first_day[k]);
        out.push_back(',');
        append_days(out, period_end - s.first_day[k]);
        if (money) {
          out.push_back(',');
          AppendMoney(out, s.monetary_value[k]);
        }
        if (holdout) {
          out.push_back(',');
          AppendInt(out, s.frequency_holdout[k]);
          if (money) {
            out.push_back(',');
            AppendMoney(out, s.monetary_holdout[k]);
          }
          out.push_back(',');
          out.append(duration);
        }
        out.push_back(',');
        append_date(out, s.first_day[k]);
        out.push_back(',');
        append_date(out, s.last_day[k]);
        out.push_back(',');
        AppendInt(out, static_cast<uint64_t>(s.frequency[k]) + 1);
        if (money) {
          out.push_back(',');
          AppendMoney(out, s.total_revenue[k]);
          out.push_back(',');
          AppendMoney(out, s.returned[k]);
        }
        out.push_back('\n');
      }
    });
    for (size_t w = 0; w < count; ++w) file.Write(texts[w]);
  }
  file.Commit();
}

}  // namespace winnow::summary
