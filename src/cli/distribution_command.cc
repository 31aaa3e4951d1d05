#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "io/output_file.h"
#include "model/bg_nbd.h"
#include "model/model_file.h"
#include "model/predict.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

// P(X(t) = k) for a customer just acquired, k = 0..K, and the tail P(X(t) > K): BG/NBD's closed
// form (FHL2005a eq. 8). Beside each, the expected number of customers out of --customers.
Action AddDistributionCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "distribution", "Distribution of the number of repeat purchases of a new customer in (0, t] (BG/NBD)");
  struct Args {
    std::string model, out = "-";
    double horizon = 0;
    int max = 10;
    double customers = 1;
  };
  auto args = std::make_shared<Args>();
  command->add_option("--model,-m", args->model, "BG/NBD model file from winnow fit")->required();
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
    const model::SavedModel saved = model::ReadModelJson(args->model);
    if (saved.fit.model != "bgnbd") {
      throw Error(ErrorKind::kUsage, fmt::format("{} is a {} model; the count distribution is BG/NBD's (FHL2005 eq. 8): fit "
                                                 "--model bgnbd",
                                                 args->model, saved.fit.model));
    }
    const model::BgNbdParams p{saved.Param("r"), saved.Param("alpha"), saved.Param("a"), saved.Param("b")};
    std::string text = "purchases,probability,expected_customers\n";
    double listed = 0, mean = 0;
    for (int k = 0; k <= args->max; ++k) {
      const double probability = model::BgNbd::PurchaseCountProbability(p, args->horizon, k);
      if (!std::isfinite(probability)) {
        throw Error(ErrorKind::kFit, fmt::format("P(X({}) = {}) cannot be computed for this model (r = {:.6g}, alpha = "
                                                 "{:.6g}, a = {:.6g}, b = {:.6g}): it is not finite",
                                                 args->horizon, k, p.r, p.alpha, p.a, p.b))
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
                            model::BgNbd::ExpectedPurchases(p, args->horizon), mean, args->max, rest));
    return 0;
  };
}

}  // namespace winnow::cli
