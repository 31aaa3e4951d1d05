#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/model_data.h"
#include "core/error.h"
#include "core/parallel.h"
#include "io/output_file.h"
#include "model/bg_bb.h"
#include "model/gamma_gamma.h"
#include "model/sbg.h"
#include "model/model_file.h"
#include "model/predict.h"
#include "summary/summary_writer.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

namespace {

struct PredictArgs {
  std::string model, spend_model, summary, out;
  double horizon = 0, discount_rate = 0, margin = 1, unit_value = 0;
  bool lifetime = false;
};

// BG/BB (discrete opportunities) and shifted-BG (contracts): predictions per summary row.
//   BG/BB: p_alive = P(active at opportunity n+1), expected_purchases = E[X(n, n+H)] (FHS2010),
//          dert = sum_{k=1..H} (E[X(n, n+k)] - E[X(n, n+k-1)]) (1+d)^-k.
//   sBG:   p_alive = 1 while the contract is active (0 after it ended), retention_next =
//          r(n+1), expected_periods = sum_{k=1..H} S(n+k)/S(n), dert = the same discounted by
//          (1+d)^-k; with --lifetime, DERL(d | n+1) / (1+d) (FH2010), the same sum to infinity.
//   clv = margin x --unit-value x dert when --unit-value is given.
int PredictDiscreteOrContract(const model::SavedModel& fitted, const PredictArgs& args, const IngestArgs& ingest,
                              const PeriodArgs& period, const GlobalArgs& global) {
  const bool bgbb = fitted.fit.model == "bgbb";
  if (args.summary.empty()) {
    throw Error(ErrorKind::kUsage, fmt::format("the {} model predicts from a summary: give --summary ({})", fitted.fit.model,
                                               bgbb ? "frequency,recency,periods" : "duration,churned"));
  }
  if (!args.spend_model.empty()) {
    throw Error(ErrorKind::kUsage, fmt::format("--spend-model: the {} model values purchases with --unit-value instead",
                                               fitted.fit.model));
  }
  if (bgbb && args.lifetime) throw Error(ErrorKind::kUsage, "--lifetime: BG/BB has no lifetime DERT here; use a finite --horizon");
  if (args.lifetime && !(args.discount_rate > 0)) throw Error(ErrorKind::kUsage, "--lifetime needs --discount-rate > 0");
  if (args.horizon != std::floor(args.horizon)) {
    throw Error(ErrorKind::kUsage, fmt::format("--horizon={}: the {} model counts whole periods", args.horizon, fitted.fit.model));
  }
  const CustomerData data = LoadCustomerData(ingest, period, args.summary,
                                             bgbb ? model::DataKind::kDiscrete : model::DataKind::kContractual, global);
  const model::Observations& obs = data.observations;
  const size_t n = obs.size();
  const auto horizon = static_cast<int64_t>(args.horizon);  // <= kMaxHorizon, checked with the options
  const bool value = args.unit_value != 0;
  io::OutputFile file(args.out);
  file.Write(bgbb ? "customer_id,frequency,recency,periods,p_alive,expected_purchases,dert"
                  : "customer_id,duration,churned,p_alive,retention_next,expected_periods,dert");
  file.Write(value ? ",clv\n" : "\n");
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    double alive = 0, expected = 0, dert = 0, retention = 0;
    const double periods = obs.age[i];
    if (bgbb) {
      const model::BgBbParams p{fitted.Param("alpha"), fitted.Param("beta"), fitted.Param("gamma"), fitted.Param("delta")};
      const double x = obs.frequency[i], t_x = obs.recency[i];
      alive = model::BgBb::ProbabilityAlive(p, x, t_x, periods);
      expected = model::BgBb::ConditionalExpectedTransactions(p, args.horizon, x, t_x, periods);
      dert = model::BgBb::DiscountedExpectedTransactions(p, horizon, args.discount_rate, x, t_x, periods);
    } else if (obs.churned[i] == 0) {
      const model::SbgParams p{fitted.Param("alpha"), fitted.Param("beta")};
      alive = 1;
      retention = model::ShiftedBetaGeometric::RetentionRate(p, periods + 1);
      const double base = model::ShiftedBetaGeometric::Survival(p, periods);
      for (int64_t k = 1; k <= horizon; ++k) {
        const double share = model::ShiftedBetaGeometric::Survival(p, periods + static_cast<double>(k)) / base;
        expected += share;
        dert += share / std::pow(1 + args.discount_rate, static_cast<double>(k));
      }
      if (args.lifetime) {
        dert = model::ShiftedBetaGeometric::DiscountedExpectedResidualLifetime(p, args.discount_rate, periods + 1) / (1 + args.discount_rate);
      }
    }
    for (double v : {alive, expected, dert}) {
      if (!std::isfinite(v)) {
        const std::string id = data.ids[i].empty() ? fmt::format("on row {}", i + 1) : data.ids[i];
        throw Error(ErrorKind::kFit,
                    bgbb ? fmt::format("prediction for customer {} (frequency {}, recency {}, periods {}) is not finite",
                                       id, obs.frequency[i], obs.recency[i], periods)
                         : fmt::format("prediction for customer {} (duration {}) is not finite", id, periods))
            .Hint(fmt::format("the parameters in {} may be extreme for this customer: refit the model on data like "
                              "this summary",
                              args.model));
      }
    }
    summary::AppendCsvField(text, data.ids[i].empty() ? std::to_string(i + 1) : data.ids[i]);
    if (bgbb) {
      fmt::format_to(std::back_inserter(text), ",{},{},{},{},{},{}", obs.frequency[i], obs.recency[i], periods, alive,
                     expected, dert);
    } else {
      fmt::format_to(std::back_inserter(text), ",{},{},{},{},{},{}", periods, obs.churned[i], alive, retention, expected,
                     dert);
    }
    if (value) fmt::format_to(std::back_inserter(text), ",{}", args.margin * args.unit_value * dert);  // <= 1e16
    text.push_back('\n');
  }
  file.Write(text);
  file.Commit();
  if (args.out != "-") Say(global, fmt::format("wrote predictions for {} rows to {}", n, args.out));
  return 0;
}

}  // namespace

Action AddPredictCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "predict", "Per-customer predictions: expected purchases, P(alive), expected spend, DERT and CLV");
  auto args = std::make_shared<PredictArgs>();
  auto ingest = std::make_shared<IngestArgs>();
  auto period = std::make_shared<PeriodArgs>();
  command->add_option("--model,-m", args->model, "Purchase model file from winnow fit (model.json)")->required();
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
    CheckThreads("--threads", ingest->threads);
    const model::SavedModel purchase = model::ReadModelJson(args->model);
    if (purchase.fit.model == "bgbb" || purchase.fit.model == "sbg") {
      return PredictDiscreteOrContract(purchase, *args, *ingest, *period, global);
    }
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
    core::ParallelFor((m + chunk - 1) / chunk, ingest->threads, [&](size_t c) {
      for (size_t g = c * chunk; g < std::min(m, (c + 1) * chunk); ++g) {
        const double x = distinct.frequency[g], t_x = distinct.recency[g], T = distinct.age[g];
        g_expected[g] = predictor->ConditionalExpectedPurchases(args->horizon, x, t_x, T);
        g_alive[g] = predictor->ProbabilityAlive(x, t_x, T);
        if (args->lifetime) {
          predictor->LifetimeDiscountedPurchases(std::log1p(args->discount_rate), x, t_x, T, &g_dert[g]);
        } else {
          g_dert[g] = predictor->DiscountedPurchases(args->horizon, args->discount_rate, x, t_x, T);
        }
      }
    });
    core::ParallelFor((n + 4095) / 4096, ingest->threads, [&](size_t c) {
      for (size_t i = c * 4096; i < std::min(n, (c + 1) * 4096); ++i) {
        expected[i] = g_expected[group_of[i]];
        alive[i] = g_alive[group_of[i]];
        dert[i] = g_dert[group_of[i]];
        if (spend) spend_value[i] = model::GammaGamma::ExpectedSpend(*spend, obs.frequency[i], obs.monetary[i]);
      }
    });
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(expected[i]) || !std::isfinite(alive[i]) || !std::isfinite(dert[i]) ||
          (spend && !std::isfinite(args->margin * spend_value[i] * dert[i]))) {
        throw Error(ErrorKind::kFit, fmt::format("prediction for customer {} (frequency {}, recency {}, T {}) is not finite",
                                                 data.ids[i].empty() ? std::to_string(i + 1) : data.ids[i],
                                                 obs.frequency[i], obs.recency[i], obs.age[i]));
      }
    }
    const double scoring_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - scoring_start).count();
    io::OutputFile file(args->out);
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
        end = fmt::format_to_n(line, sizeof line, ",{},{}", spend_value[i], args->margin * spend_value[i] * dert[i]).out;
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
    if (args->out != "-") {
      Say(global, fmt::format("scored {} customers ({} distinct histories) in {:.3f} s; wrote {}", n, m, scoring_seconds,
                              args->out));
    }
    return 0;
  };
}

}  // namespace winnow::cli
