// Stage 10 of the main job, with a truth file ([evaluation] truth): how much of the realized value
// the top 20 % by CLV capture, against the top 20 % by last year's revenue (segment/evaluation.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "project/stages/ingest.h"
#include "results/results.h"

namespace winnow::project {

struct EvaluateInput {
  const Ingested* ingested = nullptr;
  const std::vector<uint32_t>* customer_of_log_row = nullptr;  // Ingested::CustomerOfLogRows
  const std::vector<double>* clv = nullptr;
  const std::vector<double>* p_alive = nullptr;
  std::string truth_path;  // resolved; empty: no evaluation
  std::string truth_name;  // as named in winnow.toml
  double window_days = 0;
  double margin = 1;
  Say say;
};

// Empty without a truth file.
std::optional<results::Evaluation> Evaluate(const EvaluateInput& input);

// Per customer: the revenue of its log rows in the 365 days up to the observation end.
std::vector<double> LastYearRevenue(const Ingested& ingested, const std::vector<uint32_t>& customer_of_log_row);

}  // namespace winnow::project
