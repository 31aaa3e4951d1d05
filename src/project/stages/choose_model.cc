#include "project/stages/choose_model.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/hash.h"
#include "model/fit.h"
#include "model/purchase_data.h"
#include "model/selection.h"

namespace winnow::project {

using core::Error;
using core::ErrorKind;

summary::CustomerSummary SelectionSummary(io::TransactionLog& log, const summary::SummaryOptions& options,
                                          uint64_t wanted) {
  const uint64_t customers = log.ids.size();
  if (wanted == 0 || customers <= wanted) return summary::Summarize(log, options);
  const double fraction = static_cast<double>(wanted) / static_cast<double>(customers);
  const uint64_t threshold = static_cast<uint64_t>(fraction * 18446744073709551615.0);
  io::TransactionLog sample;
  sample.has_amount = log.has_amount;
  sample.grouped = false;
  for (size_t r = 0; r < log.rows(); ++r) {
    if (core::SplitMix64(log.customer[r]) >= threshold) continue;
    sample.customer.push_back(log.customer[r]);
    sample.day.push_back(log.day[r]);
    if (log.has_amount) sample.amount.push_back(log.amount[r]);
  }
  sample.ids = std::move(log.ids);
  struct Restore {
    io::TransactionLog& to;
    io::TransactionLog& from;
    ~Restore() { to.ids = std::move(from.ids); }
  } restore{log, sample};
  return summary::Summarize(sample, options);
}

ModelChoice ChooseModel(const ChooseModelInput& input) {
  ModelChoice out;
  results::ModelSection& M = out.section;
  M.time_unit = input.time_unit;
  M.penalizer = input.penalizer;
  M.calibration_end = input.calibration_end;
  M.observation_end = input.observation_end;
  const std::vector<std::string> candidates =
      input.model == "auto" ? input.candidates : std::vector<std::string>{input.model};
  const summary::CustomerSummary selection = SelectionSummary(*input.log, input.calibration, input.selection_sample);
  M.selection_customers = selection.size();
  const model::Observations obs = model::SummaryObservations(selection);
  std::vector<model::FittedCandidate> fitted;
  std::vector<std::string> failures;
  for (const auto& name : candidates) {
    SayIf(input.say, fmt::format("fitting {} on {} customers up to {}", name, selection.size(), input.calibration_end));
    try {
      model::FitOptions fit_options;
      fit_options.penalizer = input.penalizer;
      fit_options.threads = input.threads;
      fitted.push_back(model::FitCandidate(name, obs, selection, input.time_unit, fit_options));
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kFit) throw;
      failures.push_back(fmt::format("{}: {}", name, e.message()));
    }
  }
  if (fitted.empty()) {
    throw Error(ErrorKind::kFit, fmt::format("no purchase model could be fitted: {}", fmt::join(failures, "; ")));
  }
  for (const auto& f : failures) out.notes.push_back("model not fitted: " + f);
  const std::vector<double> actual(selection.frequency_holdout.begin(), selection.frequency_holdout.end());
  const model::Choice choice = model::ChooseModel(fitted, actual);
  const model::FittedCandidate& best = fitted[choice.order.front()];
  M.chosen = best.model;
  M.validation = best.validation;
  M.validation.predicted.clear();
  M.validation.predicted.shrink_to_fit();
  if (input.model != "auto") {
    M.reason = fmt::format("set in winnow.toml (model.name = \"{}\")", input.model);
  } else {
    M.reason = fmt::format("{}; {} customers, calibration to {}, holdout to {}", choice.reason, selection.size(),
                           input.calibration_end, input.observation_end);
  }
  M.warnings = choice.warnings;
  for (size_t k : choice.order) {
    const model::FittedCandidate& f = fitted[k];
    for (const auto& w : f.fit.warnings) M.warnings.push_back({w.code, fmt::format("calibration fit: {}", w.message)});
    M.candidates.push_back({f.model, f.fit, f.validation.metrics, static_cast<bool>(choice.tied[k])});
  }
  return out;
}

}  // namespace winnow::project
