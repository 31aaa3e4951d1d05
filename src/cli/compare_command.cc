#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "core/error.h"
#include "io/output_file.h"
#include "model/fit.h"
#include "model/predict.h"
#include "model/purchase_data.h"
#include "model/model_file.h"
#include "model/registry.h"
#include "model/selection.h"
#include "model/validation.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;


namespace {

// compare --out: the ranking with each candidate's parameters, holdout metrics, conditional
// expectations and tracking series.
nlohmann::ordered_json ComparisonJson(const std::vector<model::FittedCandidate>& candidates, const std::vector<bool>& tied,
                                      const model::Choice& choice, const std::vector<model::FitWarning>& warnings,
                                      const summary::CustomerSummary& s) {
  nlohmann::ordered_json j;
  j["ranked_by"] =
      "holdout mean absolute error per customer; candidates within two standard errors of the paired per-customer "
      "differences are tied, and among them the lowest BIC (by more than 2) or else the simplest wins";
  j["best"] = candidates.front().model;
  j["reason"] = choice.reason;
  j["warnings"] = model::WarningsJson(warnings);
  j["time_unit"] = summary::UnitName(s.unit);
  j["calibration_end"] = core::FormatDay(*s.calibration_end);
  j["observation_end"] = core::FormatDay(s.observation_end);
  j["customers"] = s.size();
  nlohmann::ordered_json list_json = nlohmann::ordered_json::array();
  for (size_t k = 0; k < candidates.size(); ++k) {
    const auto& c = candidates[k];
    nlohmann::ordered_json entry;
    entry["model"] = c.model;
    entry["tied"] = static_cast<bool>(tied[k]);
    entry["warnings"] = model::WarningsJson(c.fit.warnings);
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (size_t p = 0; p < c.fit.params.size(); ++p) params[c.fit.param_names[p]] = c.fit.params[p];
    entry["params"] = params;
    entry["log_likelihood"] = c.fit.log_likelihood;
    entry["aic"] = c.fit.aic;
    entry["bic"] = c.fit.bic;
    const auto& m = c.validation.metrics;
    entry["holdout"] = {{"actual_total", m.actual_total}, {"predicted_total", m.predicted_total}, {"mae", m.mae},
                        {"rmse", m.rmse}, {"correlation", m.correlation}};
    nlohmann::ordered_json conditional = nlohmann::ordered_json::array();
    for (const auto& row : c.validation.conditional) {
      conditional.push_back({{"frequency", row.frequency}, {"customers", row.customers}, {"actual", row.actual},
                             {"predicted", row.predicted}});
    }
    entry["conditional_expectations"] = conditional;
    nlohmann::ordered_json tracking = nlohmann::ordered_json::array();
    for (const auto& p : c.validation.tracking) {
      tracking.push_back({{"period", p.period}, {"start", core::FormatDay(p.start)}, {"holdout", p.holdout},
                          {"actual", p.actual}, {"predicted", p.predicted}, {"actual_cumulative", p.actual_cumulative},
                          {"predicted_cumulative", p.predicted_cumulative}});
    }
    entry["tracking"] = tracking;
    list_json.push_back(entry);
  }
  j["models"] = list_json;
  return j;
}

}  // namespace

Action AddCompareCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "compare", "Fit several purchase models on a calibration period and rank them by holdout error and BIC");
  struct Args {
    std::string models;
    std::string out;
    double penalizer = 0;
    bool strict = false;
  };
  auto args = std::make_shared<Args>();
  const auto compare_default = [](const model::ModelInfo& info) { return info.compare_default; };
  args->models = fmt::format("{}", fmt::join(model::ModelNames(compare_default), ","));
  auto ingest = std::make_shared<IngestArgs>();
  auto period = std::make_shared<PeriodArgs>();
  command->add_option("--models", args->models, "Comma-separated purchase models to compare")->capture_default_str();
  AddIngestOptions(command, ingest.get());
  AddPeriodOptions(command, period.get());
  AddPenalizerOption(command, &args->penalizer);
  command->add_option("--out,-o", args->out, "Comparison as JSON (ranking, metrics, conditional expectations, tracking)");
  AddStrictOption(command, &args->strict);
  return [=, &global]() {
    if (period->calibration_end.empty()) {
      throw Error(ErrorKind::kUsage, "compare needs --calibration-end: models are judged on the holdout after it");
    }
    std::vector<std::string> names;
    std::stringstream list(args->models);
    for (std::string name; std::getline(list, name, ',');) {
      if (name.empty()) continue;
      const model::ModelInfo& info = model::FindModel(name);
      if (!info.candidate) {
        throw Error(ErrorKind::kUsage, fmt::format("--models: {} is not a purchase model of (frequency, recency, T)", name));
      }
      names.push_back(name);
    }
    if (names.empty()) throw Error(ErrorKind::kUsage, "--models: name at least one model");
    const LoadedSummary loaded = LoadSummary(*ingest, *period, global);
    const summary::CustomerSummary& s = loaded.summary;
    const model::Observations data = model::SummaryObservations(s);
    std::vector<model::FittedCandidate> fitted;
    model::FitOptions options;
    options.penalizer = args->penalizer;
    options.threads = ingest->threads;
    for (const auto& name : names) {
      model::FittedCandidate candidate = model::FitCandidate(name, data, s, summary::UnitName(s.unit), options);
      const model::SavedModel saved{candidate.fit, summary::UnitName(s.unit), args->penalizer};
      for (auto& w : model::PredictionWarnings(*model::MakePredictor(saved), name, data)) {
        candidate.fit.warnings.push_back(std::move(w));
      }
      fitted.push_back(std::move(candidate));
    }
    const std::vector<double> actual(s.frequency_holdout.begin(), s.frequency_holdout.end());
    const model::Choice choice = model::ChooseModel(fitted, actual);
    std::vector<model::FittedCandidate> candidates;
    std::vector<bool> tied;
    for (size_t k : choice.order) {
      candidates.push_back(fitted[k]);
      tied.push_back(choice.tied[k]);
    }
    std::vector<model::FitWarning> warnings = choice.warnings;
    for (const auto& c : candidates) warnings.insert(warnings.end(), c.fit.warnings.begin(), c.fit.warnings.end());
    const auto ties = std::count(tied.begin(), tied.end(), true);
    std::string table = fmt::format("{:<4} {:<8} {:>14} {:>14} {:>9} {:>9} {:>7} {:>12} {:>12} {:>4}\n", "rank",
                                    "model", "log-lik", "BIC", "MAE", "RMSE", "corr", "holdout", "predicted", "tie");
    for (size_t k = 0; k < candidates.size(); ++k) {
      const auto& c = candidates[k];
      const auto& m = c.validation.metrics;
      table += fmt::format("{:<4} {:<8} {:>14.2f} {:>14.2f} {:>9.4f} {:>9.4f} {:>7.3f} {:>12.1f} {:>12.1f} {:>4}\n", k + 1,
                           c.model, c.fit.log_likelihood, c.fit.bic, m.mae, m.rmse, m.correlation, m.actual_total,
                           m.predicted_total, tied[k] && ties > 1 ? "yes" : "");
    }
    table += fmt::format("chosen: {}: {}\n", candidates.front().model, choice.reason);
    io::WriteStdout(table);
    ReportWarnings(warnings, args->strict);
    if (!args->out.empty()) {
      const nlohmann::ordered_json j = ComparisonJson(candidates, tied, choice, warnings, s);
      io::OutputFile file(args->out);
      file.Write(j.dump(2) + "\n");
      file.Commit();
      Say(global, fmt::format("best: {}; comparison written to {}", candidates.front().model, args->out));
    }
    return 0;
  };
}

}  // namespace winnow::cli
