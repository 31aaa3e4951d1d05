#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
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

}  // namespace

Action AddRunCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "run", "The main job over a project folder with winnow.toml: customer value, tiers, key accounts, account "
             "roll-up, churn alerts and reference customers, written to DIR/out/");
  struct Args {
    std::string dir = ".";
    size_t threads = 0;
    bool no_report = false;
    bool strict = false;
  };
  auto args = std::make_shared<Args>();
  command->add_option("dir", args->dir, "Project folder (with winnow.toml)")->capture_default_str();
  AddThreadsOption(command, &args->threads, "overrides [run] threads");
  command->add_flag("--no-report", args->no_report, "Do not write out/report.html");
  AddStrictOption(command, &args->strict);
  return [=, &global]() {
    project::ProjectConfig config = project::LoadProjectConfig(args->dir);
    if (args->threads > 0) config.threads = args->threads;
    if (args->strict) config.strict = true;
    project::RunOptions options;
    const auto start = std::chrono::steady_clock::now();
    options.say = [&](const std::string& line) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      Say(global, fmt::format("[{:6.2f} s] {}", seconds, line));
    };
    if (!args->no_report && report::HaveWebAssets()) {
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
  };
}

}  // namespace winnow::cli
