#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/model_data.h"
#include "core/error.h"
#include "core/parallel.h"
#include "io/output_file.h"
#include "model/gamma_gamma.h"
#include "model/model_file.h"
#include "model/predict.h"
#include "summary/summary_writer.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

Action AddPredictCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "predict", "Per-customer predictions: expected purchases, P(alive), expected spend, DERT and CLV");
  struct Args {
    std::string model, spend_model, summary, out;
    double horizon = 0, discount_rate = 0, margin = 1;
    bool lifetime = false;
  };
  auto args = std::make_shared<Args>();
  auto ingest = std::make_shared<IngestArgs>();
  auto period = std::make_shared<PeriodArgs>();
  command->add_option("--model,-m", args->model, "Purchase model file from winnow fit (model.json)")->required();
  command->add_option("--spend-model", args->spend_model, "Gamma-Gamma model file, for expected spend and CLV");
  AddIngestOptions(command, ingest.get(), false);
  AddPeriodOptions(command, period.get());
  AddSummaryOption(command, &args->summary);
  command->add_option("--horizon", args->horizon, "Prediction horizon, in the model's time units")->required();
  command->add_flag("--lifetime", args->lifetime,
                    "DERT and CLV over the whole remaining lifetime (closed form; Pareto/NBD only; needs "
                    "--discount-rate > 0); expected_purchases still covers --horizon");
  command->add_option("--discount-rate", args->discount_rate, "Discount rate per time unit (0: none)")
      ->capture_default_str();
  command->add_option("--margin", args->margin, "Profit margin applied to spend in CLV")->capture_default_str();
  command->add_option("--out,-o", args->out, "Predictions CSV ('-' for standard output)")->required();
  return [=, &global]() {
    if (!(args->horizon > 0) || !std::isfinite(args->horizon)) {
      throw Error(ErrorKind::kUsage, fmt::format("--horizon={}: must be > 0 (time units)", args->horizon));
    }
    if (!(args->discount_rate >= 0) || !std::isfinite(args->discount_rate)) {
      throw Error(ErrorKind::kUsage, fmt::format("--discount-rate={}: must be >= 0", args->discount_rate));
    }
    if (!std::isfinite(args->margin)) throw Error(ErrorKind::kUsage, "--margin: must be a finite number");
    const model::SavedModel purchase = model::ReadModelJson(args->model);
    const auto predictor = model::MakePredictor(purchase);
    if (args->lifetime) {
      double probe = 0;
      if (!(args->discount_rate > 0)) throw Error(ErrorKind::kUsage, "--lifetime needs --discount-rate > 0");
      if (!predictor->LifetimeDiscountedPurchases(std::log1p(args->discount_rate), 1, 1, 2, &probe)) {
        throw Error(ErrorKind::kUsage, fmt::format("--lifetime: the {} model has no closed-form lifetime DERT; use pnbd or "
                                                   "a finite --horizon",
                                                   purchase.fit.model));
      }
    }
    std::optional<model::GammaGammaParams> spend;
    if (!args->spend_model.empty()) {
      const model::SavedModel gg = model::ReadModelJson(args->spend_model);
      if (gg.fit.model != "gg") {
        throw Error(ErrorKind::kUsage, fmt::format("--spend-model: {} is a {} model; a gg model is needed", args->spend_model,
                                                   gg.fit.model));
      }
      spend = model::GammaGammaParams{gg.Param("p"), gg.Param("q"), gg.Param("gamma")};
      if (spend->q <= 1) {
        throw Error(ErrorKind::kInput, fmt::format("{}: q = {} <= 1, so the mean spend is not finite", args->spend_model, spend->q));
      }
    }
    PeriodArgs unit = *period;
    if (args->summary.empty() && period->time_unit != purchase.time_unit) unit.time_unit = purchase.time_unit;
    CustomerData data = LoadCustomerData(*ingest, unit, args->summary, model::DataKind::kPurchases, global);
    const model::Observations& obs = data.observations;
    if (spend && obs.monetary.empty()) {
      throw Error(ErrorKind::kInput, "expected spend needs monetary_value for each customer (a log with amounts)");
    }
    const size_t n = obs.size();
    std::vector<double> expected(n), alive(n), dert(n), spend_value(spend ? n : 0);
    const size_t chunk = 4096;
    core::ParallelFor((n + chunk - 1) / chunk, ingest->threads, [&](size_t c) {
      for (size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
        const double x = obs.frequency[i], t_x = obs.recency[i], T = obs.age[i];
        expected[i] = predictor->ConditionalExpectedPurchases(args->horizon, x, t_x, T);
        alive[i] = predictor->ProbabilityAlive(x, t_x, T);
        if (args->lifetime) {
          predictor->LifetimeDiscountedPurchases(std::log1p(args->discount_rate), x, t_x, T, &dert[i]);
        } else {
          dert[i] = predictor->DiscountedPurchases(args->horizon, args->discount_rate, x, t_x, T);
        }
        if (spend) spend_value[i] = model::GammaGamma::ExpectedSpend(*spend, x, obs.monetary[i]);
      }
    });
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(expected[i]) || !std::isfinite(alive[i]) || !std::isfinite(dert[i]) ||
          (spend && !std::isfinite(spend_value[i]))) {
        throw Error(ErrorKind::kFit, fmt::format("prediction for customer {} (frequency {}, recency {}, T {}) is not finite",
                                                 data.ids[i].empty() ? std::to_string(i + 1) : data.ids[i],
                                                 obs.frequency[i], obs.recency[i], obs.age[i]));
      }
    }
    io::OutputFile file(args->out);
    file.Write(spend ? "customer_id,frequency,recency,T,expected_purchases,p_alive,dert,expected_spend,clv\n"
                     : "customer_id,frequency,recency,T,expected_purchases,p_alive,dert\n");
    std::string text;
    for (size_t i = 0; i < n; ++i) {
      summary::AppendCsvField(text, data.ids[i].empty() ? std::to_string(i + 1) : data.ids[i]);
      fmt::format_to(std::back_inserter(text), ",{},{},{},{},{},{}", obs.frequency[i], obs.recency[i], obs.age[i],
                     expected[i], alive[i], dert[i]);
      if (spend) fmt::format_to(std::back_inserter(text), ",{},{}", spend_value[i], args->margin * spend_value[i] * dert[i]);
      text.push_back('\n');
      if (text.size() > (1 << 20)) {
        file.Write(text);
        text.clear();
      }
    }
    file.Write(text);
    file.Commit();
    if (args->out != "-") Say(global, fmt::format("wrote predictions for {} customers to {}", n, args->out));
    return 0;
  };
}

}  // namespace winnow::cli
