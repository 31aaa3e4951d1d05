#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "core/error.h"
#include "io/output_file.h"
#include "project/config.h"
#include "project/run.h"
#include "report/report.h"
#include "report/web_assets.h"

namespace winnow::cli {

namespace {

// A hook for tests, not an option for users (it is in no --help): with the environment variable
// WINNOW_TEST_STOP_AFTER set to the name of an output of `winnow run` (customers.csv,
// alerts.csv, ..., results.json, report.html) or to "swapped", the run stops itself (SIGSTOP)
// right after that output is complete in the staging folder, or right after the new folder is
// swapped in. A test then kills it at exactly that point of the write phase
// (tests/cli/cli_test.cc, CliOutputs.KilledRun...).
std::function<void(const std::string&)> TestStopHook() {
  const char* stop_after = std::getenv("WINNOW_TEST_STOP_AFTER");
  if (stop_after == nullptr || *stop_after == '\0') return {};
  const std::string name = stop_after;
  return [name](const std::string& output) {
    if (output == name) std::raise(SIGSTOP);
  };
}

// What run, plan and experts share: the project folder, --threads and --no-report.
struct ProjectArgs {
  std::string dir = ".";
  size_t threads = 0;
  bool no_report = false;

  void Add(CLI::App* command) {
    command->add_option("dir", dir, "Project folder (with winnow.toml)")->capture_default_str();
    AddThreadsOption(command, &threads, "overrides [run] threads");
    command->add_flag("--no-report", no_report, "Do not write out/report.html");
  }
  // DIR/winnow.toml with --threads applied.
  project::ProjectConfig Load() const {
    project::ProjectConfig config = project::LoadProjectConfig(dir);
    if (threads > 0) config.threads = threads;
    return config;
  }
};

// The main job with the command's overrides, its outputs and the summary on stdout (run and plan).
int RunMain(project::ProjectConfig config, bool no_report, const GlobalArgs& global) {
  project::RunOptions options;
  const auto start = std::chrono::steady_clock::now();
  options.say = [&](const std::string& line) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Say(global, fmt::format("[{:6.2f} s] {}", seconds, line));
  };
  if (!no_report && report::HaveWebAssets()) {
    // Into the folder of outputs before it is swapped in: the report always matches the run.
    options.more_outputs = [&](const std::string& folder) -> std::vector<std::string> {
      options.say("writing report.html");
      report::WriteReport(folder);
      return {"report.html"};
    };
  }
  options.after_output = TestStopHook();
  project::RunOutcome outcome = project::RunProject(config, options);
  io::WriteStdout(project::FormatRunSummary(outcome));
  return 0;
}

}  // namespace

Action AddRunCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "run", "The main job over a project folder with winnow.toml: customer value, tiers, key accounts, account "
             "roll-up, churn alerts, reference customers and, with reps ([plan]), the effort plan, written to "
             "DIR/out/");
  struct Args : ProjectArgs {
    bool strict = false;
  };
  auto args = std::make_shared<Args>();
  args->Add(command);
  AddStrictOption(command, &args->strict);
  return [=, &global]() {
    project::ProjectConfig config = args->Load();
    if (args->strict) config.strict = true;
    return RunMain(std::move(config), args->no_report, global);
  };
}

Action AddPlanCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "plan", "The effort plan: the main job over a project folder whose winnow.toml names reps ([plan] reps), with "
              "the plan's budget, goal, target or hurdle overridden here; writes DIR/out/ as `winnow run` does, "
              "plan.csv and rep_plans/ included");
  struct Args : ProjectArgs {
    std::optional<double> budget, target_gain, hurdle;
    std::string goal;
  };
  auto args = std::make_shared<Args>();
  args->Add(command);
  command->add_option("--budget", args->budget, "Budget of the period, in the currency of the reps' costs "
                                                "(overrides plan.budget)")
      ->check(CLI::Range(0.0, 1e15));
  command->add_option("--goal", args->goal, "budget: the most gain within the budget; target: the smallest budget "
                                            "reaching --target-gain; hurdle: contacts while each earns --hurdle per "
                                            "unit of cost (overrides plan.goal)")
      ->check(CLI::IsMember({"budget", "target", "hurdle"}));
  command->add_option("--target-gain", args->target_gain,
                      "Expected gain to reach (goal target; implied without --goal)")
      ->check(CLI::PositiveNumber);
  command->add_option("--hurdle", args->hurdle,
                      "Least expected gain per unit of cost (goal hurdle; implied without --goal)")
      ->check(CLI::PositiveNumber);
  return [=, &global]() {
    project::ProjectConfig config = args->Load();
    if (config.plan.reps.empty()) {
      throw core::Error(core::ErrorKind::kConfig,
                        "winnow plan needs the reps: name the reps table in [plan] reps (rep_id,name,capacity,cost)")
          .At(config.config_path)
          .Hint("README \"Effort plans\"; `winnow simulate --scenario pharma --out DIR` writes a project with reps");
    }
    if (args->budget) config.plan.budget = args->budget;
    if (args->target_gain) config.plan.target_gain = args->target_gain;
    if (args->hurdle) config.plan.hurdle = args->hurdle;
    if (!args->goal.empty()) {
      config.plan.goal = args->goal;
    } else if (args->target_gain || args->hurdle) {
      if (args->target_gain && args->hurdle) {
        throw core::Error(core::ErrorKind::kUsage, "--target-gain and --hurdle are two goals: choose one with --goal");
      }
      config.plan.goal = args->target_gain ? "target" : "hurdle";  // the goal the number is for
    }
    if (config.plan.goal == "target" && !config.plan.target_gain) {
      throw core::Error(core::ErrorKind::kUsage, "--goal target needs --target-gain (or plan.target_gain)");
    }
    if (config.plan.goal == "hurdle" && !config.plan.hurdle) {
      throw core::Error(core::ErrorKind::kUsage, "--goal hurdle needs --hurdle (or plan.hurdle)");
    }
    return RunMain(std::move(config), args->no_report, global);
  };
}

Action AddExpertsCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "experts", "Experts and key opinion leaders: the main job over a project folder whose winnow.toml names the "
                 "experts ([experts] experts), with the therapeutic area overridden here; writes DIR/out/ as `winnow "
                 "run` does, experts.csv and expert_network.csv included");
  struct Args : ProjectArgs {
    std::vector<std::string> area;
  };
  auto args = std::make_shared<Args>();
  args->Add(command);
  command->add_option("--area", args->area,
                      "Keywords of the therapeutic area: only publications with one of them count (overrides "
                      "experts.area_keywords)");
  return [=, &global]() {
    project::ProjectConfig config = args->Load();
    if (config.experts.experts.empty()) {
      throw core::Error(core::ErrorKind::kConfig,
                        "winnow experts needs the experts: name the experts table in [experts] experts "
                        "(expert_id,name,specialty,institution,country)")
          .At(config.config_path)
          .Hint("README \"Experts\"; `winnow simulate --scenario pharma --out DIR` writes a project with experts");
    }
    if (!args->area.empty()) config.experts.area_keywords = args->area;
    return RunMain(std::move(config), args->no_report, global);
  };
}

}  // namespace winnow::cli
