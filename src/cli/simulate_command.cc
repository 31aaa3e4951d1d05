#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "core/utf8.h"
#include "io/output_file.h"
#include "model/registry.h"
#include "simulate/scenario.h"
#include "simulate/simulate.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

namespace {

// "r=0.24,alpha=4.4" -> values for exactly the names expected.
std::map<std::string, double> ParseParams(const std::string& option, const std::string& text,
                                          const std::vector<std::string>& names) {
  std::map<std::string, double> values;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t comma = std::min(text.find(',', pos), text.size());
    const std::string item = text.substr(pos, comma - pos);
    const size_t eq = item.find('=');
    if (eq == std::string::npos) {
      throw Error(ErrorKind::kUsage, fmt::format("{} \"{}\": expected name=value pairs like {}=1.0", option, text, names[0]));
    }
    const std::string name = item.substr(0, eq);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string hint = core::DidYouMean(name, names);
      throw Error(ErrorKind::kUsage, fmt::format("{}: unknown parameter \"{}\"{}; expected {}", option, name,
                                                 hint.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", hint),
                                                 fmt::join(names, ", ")));
    }
    double value = 0;
    const char* begin = item.data() + eq + 1;
    const char* end = item.data() + item.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end) {
      throw Error(ErrorKind::kUsage, fmt::format("{}: {}=\"{}\" is not a number", option, name, item.substr(eq + 1)));
    }
    values[name] = value;
    pos = comma + 1;
  }
  for (const auto& name : names) {
    if (!values.count(name)) throw Error(ErrorKind::kUsage, fmt::format("{}: parameter {} is missing", option, name));
  }
  return values;
}

// The models `winnow simulate` draws from, in the registry's order.
bool Simulated(const model::ModelInfo& info) { return info.simulation != model::Simulation::kNone; }
bool DrawsLog(const model::ModelInfo& info) {
  return info.simulation == model::Simulation::kBgNbdLog || info.simulation == model::Simulation::kMbgNbdLog ||
         info.simulation == model::Simulation::kParetoNbdLog;
}

// "Model: bgnbd, mbgnbd, pnbd (transaction logs); bgbb, sbg (summaries: frequency,recency,periods;
// duration,churned)"
std::string ModelHelp() {
  std::vector<std::string> logs, summaries, columns;
  for (const auto& info : model::Models()) {
    if (!Simulated(info)) continue;
    if (DrawsLog(info)) {
      logs.push_back(info.name);
    } else {
      summaries.push_back(info.name);
      columns.push_back(model::DataColumns(info.kind));
    }
  }
  return fmt::format("Model: {} (transaction logs); {} (summaries: {})", fmt::join(logs, ", "), fmt::join(summaries, ", "),
                     fmt::join(columns, "; "));
}

// "Defaults: the published estimates: bgnbd/mbgnbd r=0.243,... (CDNOW); pnbd ..." (models drawn with
// the same estimates share an entry).
std::string ParamsHelp() {
  std::vector<std::string> entries;
  std::string names, params, source;
  const auto flush = [&] {
    if (!names.empty()) entries.push_back(fmt::format("{} {} ({})", names, params, source));
  };
  for (const auto& info : model::Models()) {
    if (!Simulated(info)) continue;
    if (!names.empty() && info.simulation_params == params && info.simulation_source == source) {
      names += "/" + info.name;
      continue;
    }
    flush();
    names = info.name;
    params = info.simulation_params;
    source = info.simulation_source;
  }
  flush();
  return fmt::format("Model parameters, names as in the papers (time in --time-unit). Defaults: the published "
                     "estimates: {}",
                     fmt::join(entries, "; "));
}

struct SimulateArgs {
  std::string model;
  std::string params;
  uint32_t periods = 6;
  std::string spend_params = "p=6.25,q=3.74,gamma=15.44";
  bool no_amounts = false;
  uint64_t customers = 1000;
  uint64_t seed = 1;
  std::string time_unit = "week";
  std::string start = "2024-01-01";
  double cohort_length = 12;
  double observation_length = 78;
  std::string order = "date";
  std::string id_prefix = "C";
  size_t threads = 0;
  std::string out;
  std::string scenario;
  bool force = false;
};

// --params, or the published estimates of the model's registry line; names as in param_names().
std::map<std::string, double> ModelParams(const model::ModelInfo& info, const SimulateArgs& args) {
  return ParseParams("--params", args.params.empty() ? info.simulation_params : args.params, info.make()->param_names());
}

// --scenario: a whole sample project in the --out directory.
int WriteScenario(const SimulateArgs& args, const std::vector<CLI::Option*>& log_options,
                  const CLI::Option* customers_option, const GlobalArgs& global) {
  const auto& names = simulate::ScenarioNames();
  if (std::find(names.begin(), names.end(), args.scenario) == names.end()) {
    const std::string guess = core::DidYouMean(args.scenario, names);
    throw Error(ErrorKind::kUsage,
                fmt::format("--scenario: unknown scenario \"{}\"{}; scenarios: {}", args.scenario,
                            guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess),
                            fmt::join(names, ", ")));
  }
  for (const CLI::Option* option : log_options) {
    if (option->count() > 0) {
      throw Error(ErrorKind::kUsage, fmt::format("{}: not used with --scenario, which writes a whole project",
                                                 option->get_name()));
    }
  }
  if (args.out == "-") throw Error(ErrorKind::kUsage, "--out: with --scenario, a directory (not '-')");
  simulate::ScenarioOptions options;
  options.customers = customers_option->count() > 0 ? args.customers : options.customers;
  options.seed = args.seed;
  options.threads = args.threads;
  options.force = args.force;
  const simulate::PharmaScenario scenario = simulate::WritePharmaScenario(options, args.out);
  Say(global, fmt::format("wrote the {} project to {}: {} purchasing and {} parent accounts, {} orders ({} .. {}), "
                          "{} referrals, truth for the {} days after",
                          args.scenario, args.out, scenario.customers,
                          scenario.accounts.size() - scenario.customers, scenario.orders.customer.size(),
                          core::FormatDay(scenario.start), core::FormatDay(scenario.orders.end),
                          scenario.referrals.size(), simulate::kPharmaTruthDays));
  return 0;
}

// A BG/BB or shifted-BG summary, one row per customer, with the model's summary columns.
int WriteSimulatedSummary(const model::ModelInfo& info, const SimulateArgs& args, const GlobalArgs& global) {
  io::OutputFile file(args.out);
  const std::map<std::string, double> p = ModelParams(info, args);
  std::string text = fmt::format("customer_id,{}\n", model::DataColumns(info.kind));
  if (info.simulation == model::Simulation::kBgBbSummary) {
    const simulate::DiscreteSummary d = simulate::SimulateBgBb(p.at("alpha"), p.at("beta"), p.at("gamma"), p.at("delta"),
                                                               args.customers, args.periods, args.seed);
    for (size_t k = 0; k < d.frequency.size(); ++k) {
      fmt::format_to(std::back_inserter(text), "{}{},{},{},{}\n", args.id_prefix, k + 1, d.frequency[k], d.recency[k],
                     d.periods[k]);
    }
  } else {
    const simulate::ContractSummary c = simulate::SimulateSbg(p.at("alpha"), p.at("beta"), args.customers, args.periods,
                                                              args.seed);
    for (size_t k = 0; k < c.duration.size(); ++k) {
      fmt::format_to(std::back_inserter(text), "{}{},{},{}\n", args.id_prefix, k + 1, c.duration[k], c.churned[k]);
    }
  }
  file.Write(text);
  file.Commit();
  if (args.out != "-") Say(global, fmt::format("wrote {} {} customers to {}", args.customers, info.name, args.out));
  return 0;
}

// A transaction log, or a summary, drawn from the story of the registry's model --model.
int SimulateModel(const SimulateArgs& args, const GlobalArgs& global) {
  if (args.force) throw Error(ErrorKind::kUsage, "--force: only with --scenario");
  CheckOptionRange("--customers", static_cast<double>(args.customers), 1,
                   static_cast<double>(simulate::kMaxSimulatedCustomers), "customers");
  simulate::SimulateOptions options;
  if (args.id_prefix.size() > 64) {
    throw Error(ErrorKind::kUsage, fmt::format("--id-prefix: {} bytes; must be at most 64", args.id_prefix.size()));
  }
  if (core::FindInvalidUtf8(args.id_prefix) != std::string_view::npos) {
    throw Error(ErrorKind::kUsage, "--id-prefix: must be valid UTF-8 text");
  }
  if (args.id_prefix.find_first_of(",\"\r\n") != std::string::npos) {
    throw Error(ErrorKind::kUsage, "--id-prefix: must not contain a comma, quote or line break");
  }
  const model::ModelInfo& info = model::FindModel(args.model);
  if (!DrawsLog(info)) return WriteSimulatedSummary(info, args, global);
  const std::map<std::string, double> p = ModelParams(info, args);
  if (info.simulation == model::Simulation::kParetoNbdLog) {
    options.story = simulate::PurchaseStory::kParetoNbd;
    options.pareto = {p.at("r"), p.at("alpha"), p.at("s"), p.at("beta")};
  } else {
    options.story = info.simulation == model::Simulation::kMbgNbdLog ? simulate::PurchaseStory::kMbgNbd
                                                                       : simulate::PurchaseStory::kBgNbd;
    options.purchase = {p.at("r"), p.at("alpha"), p.at("a"), p.at("b")};
  }
  if (!args.no_amounts) {
    const auto spend = ParseParams("--spend-params", args.spend_params, {"p", "q", "gamma"});
    options.spend = simulate::GammaGammaParams{spend.at("p"), spend.at("q"), spend.at("gamma")};
  }
  options.customers = args.customers;
  options.seed = args.seed;
  options.unit = summary::ParseTimeUnit(args.time_unit);
  options.start = ParseDateOption("--start", args.start);
  const core::Day first_day = simulate::FirstSimulatedDay(), last_day = simulate::LastSimulatedDay();
  if (options.start < first_day || options.start > last_day) {
    throw Error(ErrorKind::kUsage, fmt::format("--start={}: must be from {} to {} (the dates winnow reads)", args.start,
                                               core::FormatDay(first_day), core::FormatDay(last_day)));
  }
  // The log ends on the last day of the window, by the last day accepted (rounded down to 0.01).
  const double unit_days = summary::UnitDays(options.unit);
  const double max_length = std::floor(static_cast<double>(last_day - options.start + 1) / unit_days * 100) / 100;
  CheckOptionAbove("--observation-length", args.observation_length, 0, max_length,
                   fmt::format("{}s from --start to {}", args.time_unit, core::FormatDay(last_day)));
  CheckOptionRange("--cohort-length", args.cohort_length, 0, args.observation_length,
                   fmt::format("{}s, within --observation-length", args.time_unit));
  options.cohort_length = args.cohort_length;
  options.observation_length = args.observation_length;
  options.order = args.order == "customer" ? simulate::RowOrder::kCustomer : simulate::RowOrder::kDate;
  options.id_prefix = args.id_prefix;
  options.threads = args.threads;
  const simulate::SimulatedLog log = simulate::SimulateBgNbd(options);
  simulate::WriteSimulatedCsv(log, options, args.out);
  if (args.out != "-") {
    Say(global, fmt::format("wrote {} rows for {} customers ({} .. {}) to {}", log.customer.size(), log.customers,
                            core::FormatDay(options.start), core::FormatDay(log.end), args.out));
  }
  return 0;
}

}  // namespace

Action AddSimulateCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "simulate", "Draw a synthetic transaction log from a customer-base model, or a whole sample project (--scenario)");
  auto args = std::make_shared<SimulateArgs>();
  args->model = model::ModelNames([](const model::ModelInfo& info) { return info.simulate_default; }).front();
  command->add_option("--scenario", args->scenario,
                      "Write a whole sample project to the --out directory instead of one log: pharma (hospitals, "
                      "practices and pharmacies with parents, potentials, referrals and the truth of the next year)");
  command->add_flag("--force", args->force, "With --scenario: overwrite a project that exists in the --out directory");
  // Options of the single-log mode, which --scenario does not take.
  std::vector<CLI::Option*> log_options;
  log_options.push_back(
      command
          ->add_option("--model", args->model, ModelHelp())
          ->check(CLI::IsMember(model::ModelNames(&Simulated)))
          ->capture_default_str());
  log_options.push_back(
      command->add_option("--params", args->params, ParamsHelp()));
  log_options.push_back(
      command->add_option("--periods", args->periods,
                          "bgbb: transaction opportunities; sbg: periods observed (1 to 10000; customers x periods at "
                          "most 1e9)")
          ->capture_default_str());
  log_options.push_back(
      command->add_option("--spend-params", args->spend_params, "Gamma-Gamma spend parameters p, q, gamma")
          ->capture_default_str());
  log_options.push_back(command->add_flag("--no-amounts", args->no_amounts, "Write no amount column"));
  CLI::Option* customers_option =
      command->add_option("--customers,-n", args->customers, "Number of customers, at most 100000000 (--scenario: "
                                                             "purchasing accounts, default 3000)")
          ->capture_default_str();
  command->add_option("--seed", args->seed, "Random seed (the same seed gives the same log)")->capture_default_str();
  log_options.push_back(
      command->add_option("--time-unit", args->time_unit, "Unit of the parameters and lengths: day, week or month")
          ->capture_default_str());
  log_options.push_back(
      command->add_option("--start", args->start, "First day of the cohort window, YYYY-MM-DD, from 1900-01-01 to "
                                                  "2199-12-31 (the log ends by then too)")
          ->capture_default_str());
  log_options.push_back(command
                            ->add_option("--cohort-length", args->cohort_length,
                                         "Acquisition window, in time units (first purchases uniform in it)")
                            ->capture_default_str());
  log_options.push_back(command
                            ->add_option("--observation-length", args->observation_length,
                                         "Length of the log from the start, in time units")
                            ->capture_default_str());
  log_options.push_back(command->add_option("--order", args->order, "Row order: date (like an export) or customer")
                            ->check(CLI::IsMember({"date", "customer"}))
                            ->capture_default_str());
  log_options.push_back(
      command->add_option("--id-prefix", args->id_prefix, "Prefix of the customer ids, at most 64 bytes")
          ->capture_default_str());
  AddThreadsOption(command, &args->threads);
  command->add_option("--out,-o", args->out,
                      "Output CSV file ('-' for standard output); with --scenario, the project directory")
      ->required();
  return [args, &global, log_options, customers_option]() {
    if (!args->scenario.empty()) return WriteScenario(*args, log_options, customers_option, global);
    return SimulateModel(*args, global);
  };
}

}  // namespace winnow::cli
