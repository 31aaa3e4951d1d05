#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>

#include "cli/commands.h"
#include "cli/model_data.h"
#include "core/error.h"
#include "model/fit.h"
#include "model/gamma_gamma.h"
#include "model/model_file.h"
#include "model/predict.h"
#include "model/registry.h"
#include "model/selection.h"

namespace winnow::cli {

Action AddFitCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand("fit", "Fit a customer-base model by maximum likelihood; writes model.json");
  struct Args {
    std::string model;
    std::string summary;
    std::string out;
    double penalizer = 0;
    bool strict = false;
  };
  auto args = std::make_shared<Args>();
  auto ingest = std::make_shared<IngestArgs>();
  auto period = std::make_shared<PeriodArgs>();
  std::string models;
  for (const auto& info : model::Models()) models += (models.empty() ? "" : ", ") + info.name + " (" + info.title + ")";
  command->add_option("--model,-m", args->model, "Model: " + models)->required();
  AddIngestOptions(command, ingest.get(), false);
  AddPeriodOptions(command, period.get());
  AddSummaryOption(command, &args->summary);
  AddPenalizerOption(command, &args->penalizer);
  command->add_option("--out,-o", args->out, "Model file (JSON)")->required();
  AddStrictOption(command, &args->strict);
  return [=, &global]() {
    const model::ModelInfo& info = model::FindModel(args->model);
    CustomerData data = LoadCustomerData(*ingest, *period, args->summary, info.kind, global);
    model::Observations observations = std::move(data.observations);
    if (info.kind == model::DataKind::kSpend) {
      const double read = observations.customers();
      observations = model::GammaGamma::Usable(observations);
      if (observations.customers() < 2) {
        throw core::Error(core::ErrorKind::kFit,
                          fmt::format("gg: {} of the {} customers read {} repeat purchases with a positive mean spend; "
                                      "the Gamma-Gamma spend model needs at least 2",
                                      observations.customers(), read, observations.customers() == 1 ? "has" : "have"))
            .Hint("the spend model is fitted on the mean amount of repeat purchases, so one-time buyers do not "
                  "count: use a log that covers more time (a later --observation-end) or more customers");
      }
    }
    const auto start = std::chrono::steady_clock::now();
    model::FitOptions options;
    options.penalizer = args->penalizer;
    options.threads = ingest->threads;
    const auto fitted = info.make();
    model::SavedModel saved{model::Fit(*fitted, observations, options), data.time_unit, args->penalizer};
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (info.kind == model::DataKind::kPurchases) {
      for (auto& w : model::PredictionWarnings(*model::MakePredictor(saved), info.name, observations)) {
        saved.fit.warnings.push_back(std::move(w));
      }
    }
    const model::FitResult& fit = saved.fit;
    std::string line = fmt::format("{}: ", info.title);
    for (size_t k = 0; k < fit.params.size(); ++k) {
      line += fmt::format("{}{} = {:.6g}", k ? ", " : "", fit.param_names[k], fit.params[k]);
      if (fit.std_errors.size() == fit.params.size()) line += fmt::format(" (se {:.3g})", fit.std_errors[k]);
    }
    Say(global, line);
    ReportWarnings(fit.warnings, args->strict);
    model::WriteModelJson(saved, args->out);
    Say(global, fmt::format("log-likelihood {:.4f}, AIC {:.2f}, BIC {:.2f}; {} customers ({} distinct rows) in "
                            "{:.3f} s; written to {}",
                            fit.log_likelihood, fit.aic, fit.bic, fit.customers, fit.distinct_rows, seconds, args->out));
    if (!fit.message.empty()) Say(global, "note: " + fit.message);
    return 0;
  };
}

}  // namespace winnow::cli
