#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/model_data.h"
#include "cli/model_file_option.h"
#include "core/error.h"
#include "core/parallel.h"
#include "io/output_file.h"
#include "model/gamma_gamma.h"
#include "model/model_file.h"
#include "model/predict.h"
#include "model/registry.h"
#include "summary/summary_writer.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

namespace {

struct PredictArgs {
  std::string model_file, spend_model, summary, out;
  double horizon = 0, discount_rate = 0, margin = 1, unit_value = 0;
  bool lifetime = false;
};

// The models of whole periods (BG/BB: discrete opportunities; shifted-BG: contracts): the model's
// PeriodPredictor per summary row (model/predict.h), and clv = margin x --unit-value x dert when
// --unit-value is given.
int PredictPeriods(const model::SavedModel& fitted, const model::ModelInfo& info, const PredictArgs& args,
                   const IngestArgs& ingest, const PeriodArgs& period, const GlobalArgs& global) {
  if (args.summary.empty()) {
    throw Error(ErrorKind::kUsage, fmt::format("the {} model predicts from a summary: give --summary ({})", fitted.fit.model,
                                               model::DataColumns(info.kind)));
  }
  if (!args.spend_model.empty()) {
    throw Error(ErrorKind::kUsage, fmt::format("--spend-model: the {} model values purchases with --unit-value instead",
                                               fitted.fit.model));
  }
  model::PeriodOptions options;
  options.horizon = static_cast<int64_t>(args.horizon);  // <= kMaxHorizon, checked with the options
  options.rate = args.discount_rate;
  options.lifetime = args.lifetime;
  const auto predictor = info.period_predictor(fitted, options);
  if (args.horizon != std::floor(args.horizon)) {
    throw Error(ErrorKind::kUsage, fmt::format("--horizon={}: the {} model counts whole periods", args.horizon, fitted.fit.model));
  }
  const CustomerData data = LoadCustomerData(ingest, period, args.summary, info.kind, global);
  const model::Observations& obs = data.observations;
  const size_t n = obs.size();
  const bool value = args.unit_value != 0;
  const std::vector<std::string> columns = predictor->columns();
  const size_t first_prediction = predictor->summary_columns();
  io::OutputFile file(args.out);
  file.Write(fmt::format("customer_id,{}", fmt::join(columns, ",")));
  file.Write(value ? ",clv\n" : "\n");
  std::vector<double> row(columns.size());
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    predictor->Row(obs, i, row.data());
    for (size_t k = first_prediction; k < row.size(); ++k) {
      if (!std::isfinite(row[k])) {
        const std::string id = data.ids[i].empty() ? fmt::format("on row {}", i + 1) : data.ids[i];
        throw Error(ErrorKind::kFit, fmt::format("prediction for customer {} ({}) is not finite", id, predictor->History(obs, i)))
            .Hint(fmt::format("the parameters in {} may be extreme for this customer: refit the model on data like "
                              "this summary",
                              args.model_file));
      }
    }
    summary::AppendCsvField(text, data.ids[i].empty() ? std::to_string(i + 1) : data.ids[i]);
    for (double v : row) fmt::format_to(std::back_inserter(text), ",{}", v);
    if (value) fmt::format_to(std::back_inserter(text), ",{}", args.margin * args.unit_value * row.back());  // <= 1e16
    text.push_back('\n');
  }
  file.Write(text);
  file.Commit();
  if (args.out != "-") Say(global, fmt::format("wrote predictions for {} rows to {}", n, args.out));
  return 0;
}

// The purchase models of continuous time: the model's PurchasePredictor per distinct history, and
// with --spend-model the spend model's expected spend and CLV = margin x expected spend x DERT.
int PredictPurchases(const model::SavedModel& purchase, const model::ModelInfo& info, const PredictArgs& args,
                     const IngestArgs& ingest, const PeriodArgs& period, const GlobalArgs& global) {
  const auto predictor = model::MakePredictor(purchase);
  if (args.lifetime) {
    if (!(args.discount_rate > 0)) throw Error(ErrorKind::kUsage, "--lifetime needs --discount-rate > 0");
    if (!info.lifetime_value) {
      const auto with_lifetime = [](const model::ModelInfo& m) { return m.lifetime_value && m.purchase_predictor; };
      throw Error(ErrorKind::kUsage, fmt::format("--lifetime: the {} model has no closed-form lifetime DERT; use {} or "
                                                 "a finite --horizon",
                                                 purchase.fit.model, core::JoinOr(model::ModelNames(with_lifetime))));
    }
  }
  std::optional<model::GammaGammaParams> spend;
  if (!args.spend_model.empty()) {
    const model::SavedModel gg = model::ReadModelJson(args.spend_model);
    const model::ModelInfo& spend_info = model::SpendModel();
    if (gg.fit.model != spend_info.name) {
      throw Error(ErrorKind::kUsage, fmt::format("--spend-model: {} is a {} model; a {} model is needed", args.spend_model,
                                                 gg.fit.model, spend_info.name));
    }
    spend = model::GammaGammaParams{gg.Param("p"), gg.Param("q"), gg.Param("gamma")};
    if (spend->q <= 1) {
      throw Error(ErrorKind::kInput, fmt::format("{}: q = {} <= 1, so the mean spend is not finite", args.spend_model, spend->q));
    }
  }
  PeriodArgs unit = period;
  if (args.summary.empty() && period.time_unit != purchase.time_unit) unit.time_unit = purchase.time_unit;
  CustomerData data = LoadCustomerData(ingest, unit, args.summary, model::DataKind::kPurchases, global);
  const model::Observations& obs = data.observations;
  if (spend && obs.monetary.empty()) {
    throw Error(ErrorKind::kInput, "expected spend needs monetary_value for each customer (a log with amounts)");
  }
  const size_t n = obs.size();
  std::vector<double> expected(n), alive(n), dert(n), spend_value(spend ? n : 0);
  // Predictions once per distinct history (x, t_x, T), then copied to its customers.
  const auto scoring_start = std::chrono::steady_clock::now();
  model::Observations histories;
  histories.frequency = obs.frequency;
  histories.recency = obs.recency;
  histories.age = obs.age;
  histories.weight.assign(n, 1.0);
  std::vector<uint32_t> group_of;
  const model::Observations distinct = model::GroupIdentical(histories, &group_of);
  const size_t m = distinct.size();
  std::vector<double> g_expected(m), g_alive(m), g_dert(m);
  const size_t chunk = 2048;
  core::ParallelFor((m + chunk - 1) / chunk, ingest.threads, [&](size_t c) {
    for (size_t g = c * chunk; g < std::min(m, (c + 1) * chunk); ++g) {
      const double x = distinct.frequency[g], t_x = distinct.recency[g], T = distinct.age[g];
      g_expected[g] = predictor->ConditionalExpectedPurchases(args.horizon, x, t_x, T);
      g_alive[g] = predictor->ProbabilityAlive(x, t_x, T);
      if (args.lifetime) {
        predictor->LifetimeDiscountedPurchases(std::log1p(args.discount_rate), x, t_x, T, &g_dert[g]);
      } else {
        g_dert[g] = predictor->DiscountedPurchases(args.horizon, args.discount_rate, x, t_x, T);
      }
    }
  });
  core::ParallelFor((n + 4095) / 4096, ingest.threads, [&](size_t c) {
    for (size_t i = c * 4096; i < std::min(n, (c + 1) * 4096); ++i) {
      expected[i] = g_expected[group_of[i]];
      alive[i] = g_alive[group_of[i]];
      dert[i] = g_dert[group_of[i]];
      if (spend) spend_value[i] = model::GammaGamma::ExpectedSpend(*spend, obs.frequency[i], obs.monetary[i]);
    }
  });
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(expected[i]) || !std::isfinite(alive[i]) || !std::isfinite(dert[i]) ||
        (spend && !std::isfinite(args.margin * spend_value[i] * dert[i]))) {
      throw Error(ErrorKind::kFit, fmt::format("prediction for customer {} (frequency {}, recency {}, T {}) is not finite",
                                               data.ids[i].empty() ? std::to_string(i + 1) : data.ids[i],
                                               obs.frequency[i], obs.recency[i], obs.age[i]));
    }
  }
  const double scoring_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - scoring_start).count();
  io::OutputFile file(args.out);
  file.Write(spend ? "customer_id,frequency,recency,T,expected_purchases,p_alive,dert,expected_spend,clv\n"
                   : "customer_id,frequency,recency,T,expected_purchases,p_alive,dert\n");
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    summary::AppendCsvField(text, data.ids[i].empty() ? std::to_string(i + 1) : data.ids[i]);
    // Formatted into a stack buffer: fmt appends to a std::string one character at a time.
    char line[256];
    char* end = fmt::format_to_n(line, sizeof line, ",{},{},{},{},{},{}", obs.frequency[i], obs.recency[i], obs.age[i],
                                 expected[i], alive[i], dert[i])
                    .out;
    text.append(line, end);
    if (spend) {
      end = fmt::format_to_n(line, sizeof line, ",{},{}", spend_value[i], args.margin * spend_value[i] * dert[i]).out;
      text.append(line, end);
    }
    text.push_back('\n');
    if (text.size() > (1 << 20)) {
      file.Write(text);
      text.clear();
    }
  }
  file.Write(text);
  file.Commit();
  if (args.out != "-") {
    Say(global, fmt::format("scored {} customers ({} distinct histories) in {:.3f} s; wrote {}", n, m, scoring_seconds,
                            args.out));
  }
  return 0;
}

}  // namespace

Action AddPredictCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "predict", "Per-customer predictions: expected purchases, P(alive), expected spend, DERT and CLV");
  auto args = std::make_shared<PredictArgs>();
  auto ingest = std::make_shared<IngestArgs>();
  auto period = std::make_shared<PeriodArgs>();
  AddModelFileOption(command, &args->model_file, "Model file from winnow fit (model.json)");
  command->add_option("--spend-model", args->spend_model, "Gamma-Gamma model file, for expected spend and CLV");
  AddIngestOptions(command, ingest.get(), false);
  AddPeriodOptions(command, period.get());
  AddSummaryOption(command, &args->summary);
  command->add_option("--horizon", args->horizon,
                      "Prediction horizon, in the model's time units (bgbb, sbg: whole periods); at most 10000")->required();
  command->add_flag("--lifetime", args->lifetime,
                    "DERT and CLV over the whole remaining lifetime (closed form; Pareto/NBD only; needs "
                    "--discount-rate > 0); expected_purchases still covers --horizon");
  command->add_option("--discount-rate", args->discount_rate, "Discount rate per time unit (0: none; at most 1)")
      ->capture_default_str();
  command->add_option("--margin", args->margin, "Profit margin applied to spend in CLV, from 0 to 1")->capture_default_str();
  command->add_option("--unit-value", args->unit_value,
                      "BG/BB: value of one transaction; sBG: value of one period of the contract (adds a clv column); "
                      "at most 1e12");
  command->add_option("--out,-o", args->out, "Predictions CSV ('-' for standard output)")->required();
  return [=, &global]() {
    CheckOptionAbove("--horizon", args->horizon, 0, kMaxHorizon, "time units; periods for bgbb and sbg");
    CheckOptionRange("--discount-rate", args->discount_rate, 0, kMaxDiscountRate, "per time unit");
    CheckOptionRange("--margin", args->margin, 0, 1, "share of spend that is profit");
    CheckOptionRange("--unit-value", args->unit_value, 0, kMaxUnitValue, "money per transaction or period");
    const model::SavedModel fitted = model::ReadModelJson(args->model_file);
    const model::ModelInfo& info = model::FindModel(fitted.fit.model);
    if (info.period_predictor != nullptr) return PredictPeriods(fitted, info, *args, *ingest, *period, global);
    return PredictPurchases(fitted, info, *args, *ingest, *period, global);
  };
}

}  // namespace winnow::cli
