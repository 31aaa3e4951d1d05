#include "summary/describe.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <nlohmann/json.hpp>

namespace winnow::summary {

Description Describe(const io::TransactionLog& log, const CustomerSummary& s) {
  Description d;
  d.rows = log.report.rows;
  d.customers = s.size();
  d.time_unit = UnitName(s.unit);
  d.observation_end = s.observation_end;
  d.has_amount = s.has_amount;
  d.rows_after_observation_end = s.rows_after_observation_end;
  d.bad_rows = log.report.bad_rows;
  d.first_day = s.size() ? *std::min_element(s.first_day.begin(), s.first_day.end()) : 0;
  d.last_day = s.size() ? *std::max_element(s.last_day.begin(), s.last_day.end()) : 0;
  uint64_t buckets[6] = {0, 0, 0, 0, 0, 0};
  double repeat_value = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    const uint32_t x = s.frequency[k];
    d.occasions += x + 1;
    d.repeat_customers += x > 0;
    d.mean_frequency += x;
    d.mean_recency += s.recency(k);
    d.mean_T += s.age(k);
    buckets[x == 0 ? 0 : x == 1 ? 1 : x == 2 ? 2 : x <= 5 ? 3 : x <= 10 ? 4 : 5]++;
    if (s.has_amount) {
      d.revenue += s.total_revenue[k];
      d.returned += s.returned[k];
      repeat_value += s.monetary_value[k] * x;
    }
  }
  if (d.customers > 0) {
    const double n = static_cast<double>(d.customers);
    d.mean_frequency /= n;
    d.mean_recency /= n;
    d.mean_T /= n;
  }
  const char* labels[6] = {"0", "1", "2", "3-5", "6-10", "11+"};
  for (int b = 0; b < 6; ++b) d.frequency_histogram.emplace_back(labels[b], buckets[b]);
  if (s.has_amount && d.customers > 0) {
    std::vector<double> revenue(s.total_revenue.begin(), s.total_revenue.end());
    std::sort(revenue.begin(), revenue.end(), std::greater<>());
    // Shares of a total that is not positive (returns exceed purchases) mean nothing: 0.
    const double total = std::accumulate(revenue.begin(), revenue.end(), 0.0);
    auto share = [&](double fraction) {
      if (!(total > 0)) return 0.0;
      const auto count = std::max<size_t>(1, static_cast<size_t>(fraction * static_cast<double>(revenue.size())));
      return std::accumulate(revenue.begin(), revenue.begin() + static_cast<ptrdiff_t>(count), 0.0) / total;
    };
    d.top1_share = share(0.01);
    d.top10_share = share(0.10);
    d.top20_share = share(0.20);
    const double purchases = d.revenue + d.returned;
    d.mean_occasion_value = d.occasions > 0 ? purchases / static_cast<double>(d.occasions) : 0;
  }
  (void)repeat_value;
  return d;
}

std::string RenderText(const Description& d) {
  std::string out;
  auto line = [&](std::string_view label, const std::string& value) {
    out += fmt::format("  {:<40} {}\n", label, value);
  };
  const double n = static_cast<double>(std::max<uint64_t>(1, d.customers));
  out += "Transaction log\n";
  line("rows read", fmt::format("{}", d.rows));
  line("customers (with a purchase)", fmt::format("{}", d.customers));
  line("purchase occasions (customer-days)", fmt::format("{}", d.occasions));
  line("first purchase", core::FormatDay(d.first_day));
  line("last purchase", core::FormatDay(d.last_day));
  line("observation end", core::FormatDay(d.observation_end));
  if (d.rows_after_observation_end) line("rows after observation end (left out)", fmt::format("{}", d.rows_after_observation_end));
  if (d.bad_rows) line("bad rows skipped", fmt::format("{}", d.bad_rows));
  out += "Repeat buying\n";
  line("repeat customers", fmt::format("{} ({:.1f}%)", d.repeat_customers, 100.0 * d.repeat_customers / n));
  line("mean frequency (repeat occasions)", fmt::format("{:.3f}", d.mean_frequency));
  line(fmt::format("mean recency ({}s)", d.time_unit), fmt::format("{:.2f}", d.mean_recency));
  line(fmt::format("mean age T ({}s)", d.time_unit), fmt::format("{:.2f}", d.mean_T));
  for (const auto& [label, count] : d.frequency_histogram) {
    line(fmt::format("customers with frequency {}", label), fmt::format("{:>10} ({:5.1f}%)", count, 100.0 * count / n));
  }
  if (d.has_amount) {
    out += "Revenue\n";
    line("net revenue", fmt::format("{:.2f}", d.revenue));
    if (d.returned > 0) line("returned", fmt::format("{:.2f}", d.returned));
    line("mean value per occasion", fmt::format("{:.2f}", d.mean_occasion_value));
    line("share of revenue, top 1% customers", fmt::format("{:.1f}%", 100 * d.top1_share));
    line("share of revenue, top 10% customers", fmt::format("{:.1f}%", 100 * d.top10_share));
    line("share of revenue, top 20% customers", fmt::format("{:.1f}%", 100 * d.top20_share));
  }
  return out;
}

std::string RenderJson(const Description& d) {
  nlohmann::json j;
  j["rows"] = d.rows;
  j["customers"] = d.customers;
  j["occasions"] = d.occasions;
  j["repeat_customers"] = d.repeat_customers;
  j["first_purchase"] = core::FormatDay(d.first_day);
  j["last_purchase"] = core::FormatDay(d.last_day);
  j["observation_end"] = core::FormatDay(d.observation_end);
  j["time_unit"] = d.time_unit;
  j["mean_frequency"] = d.mean_frequency;
  j["mean_recency"] = d.mean_recency;
  j["mean_T"] = d.mean_T;
  j["rows_after_observation_end"] = d.rows_after_observation_end;
  j["bad_rows"] = d.bad_rows;
  nlohmann::json histogram = nlohmann::json::object();
  for (const auto& [label, count] : d.frequency_histogram) histogram[label] = count;
  j["frequency_histogram"] = histogram;
  if (d.has_amount) {
    j["revenue"] = d.revenue;
    j["returned"] = d.returned;
    j["mean_occasion_value"] = d.mean_occasion_value;
    j["revenue_share_top_1pct"] = d.top1_share;
    j["revenue_share_top_10pct"] = d.top10_share;
    j["revenue_share_top_20pct"] = d.top20_share;
  }
  return j.dump(2) + "\n";
}

}  // namespace winnow::summary
