#include "summary/summary_writer.h"

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

void AppendNumber(std::string& out, double value) { fmt::format_to(std::back_inserter(out), "{}", value); }

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

void AppendDay(std::string& out, core::Day day) {
  char buffer[10];
  core::FormatDayTo(day, buffer);
  out.append(buffer, 10);
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
        AppendNumber(out, (s.last_day[k] - s.first_day[k]) / unit);
        out.push_back(',');
        AppendNumber(out, (period_end - s.first_day[k]) / unit);
        if (money) {
          out.push_back(',');
          AppendNumber(out, s.monetary_value[k]);
        }
        if (holdout) {
          out.push_back(',');
          AppendInt(out, s.frequency_holdout[k]);
          if (money) {
            out.push_back(',');
            AppendNumber(out, s.monetary_holdout[k]);
          }
          out.push_back(',');
          out.append(duration);
        }
        out.push_back(',');
        AppendDay(out, s.first_day[k]);
        out.push_back(',');
        AppendDay(out, s.last_day[k]);
        out.push_back(',');
        AppendInt(out, static_cast<uint64_t>(s.frequency[k]) + 1);
        if (money) {
          out.push_back(',');
          AppendNumber(out, s.total_revenue[k]);
          out.push_back(',');
          AppendNumber(out, s.returned[k]);
        }
        out.push_back('\n');
      }
    });
    for (size_t w = 0; w < count; ++w) file.Write(texts[w]);
  }
  file.Commit();
}

}  // namespace winnow::summary
