#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "project/config.h"
#include "project/run.h"
#include "report/report.h"
#include "report/web_assets.h"

namespace winnow::cli {

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
  command->add_option("--threads", args->threads, "Worker threads (0: all cores; at most 1024; overrides [run] threads)");
  command->add_flag("--no-report", args->no_report, "Do not write out/report.html");
  AddStrictOption(command, &args->strict);
  return [=, &global]() {
    CheckThreads("--threads", args->threads);
    project::ProjectConfig config = project::LoadProjectConfig(args->dir);
    if (args->threads > 0) config.threads = args->threads;
    if (args->strict) config.strict = true;
    project::RunOptions options;
    const auto start = std::chrono::steady_clock::now();
    options.say = [&](const std::string& line) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      Say(global, fmt::format("[{:6.2f} s] {}", seconds, line));
    };
    project::RunOutcome outcome = project::RunProject(config, options);
    if (!args->no_report && report::HaveWebAssets()) {
      options.say("writing report.html");
      report::WriteReport(outcome.out_dir);
      outcome.results.files.push_back("report.html");
    }
    std::fputs(project::FormatRunSummary(outcome).c_str(), stdout);
    return 0;
  };
}

}  // namespace winnow::cli
