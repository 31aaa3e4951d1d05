#include "segment/evaluation.h"

#include <limits>

#include "io/csv_table.h"

namespace winnow::segment {

Truth ReadTruth(const std::string& path, const std::function<uint32_t(std::string_view id)>& row_of, size_t customers) {
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  const io::CsvTable table = io::CsvTable::Read(path, {"customer_id", "alive", "future_purchases", "future_revenue"});
  table.Require({"customer_id", "alive", "future_revenue"});
  const auto ids = table.Strings("customer_id");
  const auto alive = table.Numbers("alive"), future = table.Numbers("future_revenue");
  Truth truth;
  truth.future_revenue.assign(customers, 0);
  truth.alive.assign(customers, -1);
  for (size_t k = 0; k < table.rows(); ++k) {
    const uint32_t row = row_of(ids[k]);
    if (row == kNone) continue;
    truth.future_revenue[row] = future[k];
    truth.alive[row] = alive[k] > 0.5 ? 1 : 0;
  }
  return truth;
}

TruthCheck CheckAgainstTruth(const Truth& truth, double margin, const std::vector<double>& value,
                             const std::vector<double>& naive, const std::vector<double>& p_alive) {
  const size_t n = value.size();
  std::vector<double> realized(n);
  for (size_t i = 0; i < n; ++i) realized[i] = truth.alive[i] < 0 ? 0 : margin * truth.future_revenue[i];
  TruthCheck check;
  for (double v : realized) check.realized_total += v;
  check.by_value = MeasureRanking(value, realized);
  check.naive = MeasureRanking(naive, realized);
  uint64_t known = 0, right = 0;
  for (size_t i = 0; i < n; ++i) {
    if (truth.alive[i] < 0) continue;
    ++known;
    right += (p_alive[i] >= 0.5) == (truth.alive[i] == 1);
  }
  check.alive_accuracy = known ? static_cast<double>(right) / static_cast<double>(known) : 0;
  return check;
}

}  // namespace winnow::segment
