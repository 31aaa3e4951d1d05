#include "project/stages/evaluate.h"

#include "segment/evaluation.h"

namespace winnow::project {

std::vector<double> LastYearRevenue(const Ingested& ingested, const std::vector<uint32_t>& customer_of_log_row) {
  const io::TransactionLog& log = ingested.log;
  std::vector<double> last_year(ingested.customers(), 0);
  if (!log.has_amount) return last_year;
  for (size_t r = 0; r < log.rows(); ++r) {
    const uint32_t row = customer_of_log_row[r];
    if (row != kNoRow && log.day[r] > ingested.period.observation_end - 365) last_year[row] += log.amount[r];
  }
  return last_year;
}

std::optional<results::Evaluation> Evaluate(const EvaluateInput& input) {
  if (input.truth_path.empty()) return std::nullopt;
  const Ingested& in = *input.ingested;
  SayIf(input.say, "checking the value ranking against " + input.truth_name);
  const segment::Truth truth =
      segment::ReadTruth(input.truth_path, [&](std::string_view id) { return in.RowOf(id); }, in.customers());
  const segment::TruthCheck check = segment::CheckAgainstTruth(
      truth, input.margin, *input.clv, LastYearRevenue(in, *input.customer_of_log_row), *input.p_alive);
  results::Evaluation e;
  e.truth_file = input.truth_name;
  e.window_days = input.window_days;
  e.customers = in.customers();
  e.realized_total = check.realized_total;
  e.winnow = check.by_value;
  e.naive = check.naive;
  e.alive_accuracy = check.alive_accuracy;
  return e;
}

}  // namespace winnow::project
