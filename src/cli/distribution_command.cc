#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "cli/commands.h"
#include "cli/model_file_option.h"
#include "core/error.h"
#include "io/output_file.h"
#include "model/model_file.h"
#include "model/predict.h"
#include "model/registry.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

// P(X(t) = k) for a customer just acquired, k = 0..K, and the tail P(X(t) > K), from the models
// that have it in closed form (the registry's count_distribution: BG/NBD, FHL2005a eq. 8). Beside
// each, the expected number of customers out of --customers.
Action AddDistributionCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "distribution", "Distribution of the number of repeat purchases of a new customer in (0, t] (BG/NBD)");
  struct Args {
    std::string model_file, out = "-";
    double horizon = 0;
    int max = 10;
    double customers = 1;
  };
  auto args = std::make_shared<Args>();
  AddModelFileOption(command, &args->model_file, "BG/NBD model file from winnow fit");
  command->add_option("--horizon", args->horizon, "t, in the model's time units; at most 10000")->required();
  command->add_option("--max", args->max, "Largest count listed, at most 10000; the rest is one row \"more\"")
      ->capture_default_str();
  command->add_option("--customers", args->customers, "Cohort size for the expected counts, > 0 and at most 1e12")
      ->capture_default_str();
  command->add_option("--out,-o", args->out, "CSV file ('-': standard output)")->capture_default_str();
  return [=, &global]() {
    CheckOptionAbove("--horizon", args->horizon, 0, kMaxHorizon, "time units");
    CheckOptionRange("--max", args->max, 0, kMaxDistributionCount, "purchases");
    CheckOptionAbove("--customers", args->customers, 0, kMaxCohort, "customers");
    const model::SavedModel saved = model::ReadModelJson(args->model_file);
    const model::ModelInfo& info = model::FindModel(saved.fit.model);
    if (!info.count_distribution) {
      const auto with_distribution = [](const model::ModelInfo& m) { return m.count_distribution; };
      throw Error(ErrorKind::kUsage, fmt::format("{} is a {} model; the count distribution is {}'s (FHL2005 eq. 8): fit "
                                                 "--model {}",
                                                 args->model_file, saved.fit.model,
                                                 model::ShortTitle(model::FindModel(model::ModelNames(with_distribution).front())),
                                                 core::JoinOr(model::ModelNames(with_distribution))));
    }
    const auto predictor = model::MakePredictor(saved);
    std::string parameters;
    for (size_t k = 0; k < saved.fit.params.size(); ++k) {
      parameters += fmt::format("{}{} = {:.6g}", k ? ", " : "", saved.fit.param_names[k], saved.fit.params[k]);
    }
    std::string text = "purchases,probability,expected_customers\n";
    double listed = 0, mean = 0;
    for (int k = 0; k <= args->max; ++k) {
      double probability = 0;
      predictor->PurchaseCountProbability(args->horizon, k, &probability);
      if (!std::isfinite(probability)) {
        throw Error(ErrorKind::kFit, fmt::format("P(X({}) = {}) cannot be computed for this model ({}): it is not finite",
                                                 args->horizon, k, parameters))
            .Hint("a shorter --horizon or a smaller --max, or refit the model if its parameters are extreme");
      }
      listed += probability;
      mean += k * probability;
      text += fmt::format("{},{},{}\n", k, probability, probability * args->customers);
    }
    const double rest = std::max(0.0, 1.0 - listed);
    text += fmt::format("more,{},{}\n", rest, rest * args->customers);
    io::OutputFile file(args->out);
    file.Write(text);
    file.Commit();
    Say(global, fmt::format("E[X({})] = {:.6g} (the listed counts give {:.6g}; P(X > {}) = {:.3g})", args->horizon,
                            predictor->ExpectedPurchases(args->horizon), mean, args->max, rest));
    return 0;
  };
}

}  // namespace winnow::cli
